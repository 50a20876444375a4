import { extendTrial } from '../../flows/extend-trial.js';
import { extendAnswerText } from '../../messages/slack/lifecycle-answers.js';
import type { CommandAnswer, CommandContext } from './command-context.js';
import type { TrialCommand } from './parse-trial-command.js';
import { resolveTrial } from './resolve-trial.js';

/** `/trial extend [trial] [days] [reason…]` */
export function extendCommand(ctx: CommandContext, cmd: Extract<TrialCommand, { kind: 'extend' }>): CommandAnswer {
  const resolved = resolveTrial(ctx.db, ctx.channel, cmd.trialRef, 'extend acme 15 busy quarter');
  if ('answer' in resolved) return resolved.answer;
  const outcome = extendTrial(
    ctx.db,
    ctx.config,
    resolved.trial.id,
    ctx.user,
    { days: cmd.days, reason: cmd.reason ?? null, submission: ctx.submission, source: 'command' },
    ctx.now,
  );
  return { text: extendAnswerText(outcome, cmd.days) };
}
