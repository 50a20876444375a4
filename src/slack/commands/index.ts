import { trialBySpaceChannel } from '../../stores/trial-store.js';
import type { CommandAnswer, CommandContext } from './command-context.js';
import { convertCommand } from './convert.js';
import { welcomedCommand } from './welcomed.js';
import { domainCommand, domainDoneCommand } from './domain.js';
import { extendCommand } from './extend.js';
import { helpCommand } from './help.js';
import { listCommand } from './list.js';
import { reportCommand } from './report.js';
import { historyCommand } from './history.js';
import { parseTrialCommand, type TrialCommand } from './parse-trial-command.js';
import { statusCommand } from './status.js';
import { terminateCommand } from './terminate.js';

export type { CommandAnswer, CommandContext } from './command-context.js';

/** Runs one parsed `/trial` command and says what happened. */
export function dispatchTrialCommand(ctx: CommandContext, cmd: TrialCommand): CommandAnswer {
  switch (cmd.kind) {
    case 'extend':
      return extendCommand(ctx, cmd);
    case 'terminate':
      return terminateCommand(ctx, cmd);
    case 'convert':
      return convertCommand(ctx, cmd);
    case 'welcomed':
      return welcomedCommand(ctx, cmd);
    case 'domain':
      return domainCommand(ctx, cmd);
    case 'domainDone':
      return domainDoneCommand(ctx, cmd);
    case 'status':
      return statusCommand(ctx, cmd);
    case 'list':
      return listCommand(ctx);
    case 'report':
      return reportCommand(ctx);
    case 'history':
      return historyCommand(ctx, cmd);
    case 'help':
      return helpCommand();
    case 'usage':
      return helpCommand(cmd.problem);
  }
}

/** `/trial <text>` typed by `ctx.user` in `ctx.channel`. */
export function runTrialCommand(ctx: CommandContext, text: string): CommandAnswer {
  const inTrialSpace = trialBySpaceChannel(ctx.db, ctx.channel) !== undefined;
  return dispatchTrialCommand(ctx, parseTrialCommand(text, { inTrialSpace }));
}
