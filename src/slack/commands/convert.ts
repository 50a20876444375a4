import { convertTrial } from '../../flows/convert-trial.js';
import { convertAnswerText } from '../../messages/slack/lifecycle-answers.js';
import type { CommandAnswer, CommandContext } from './command-context.js';
import type { TrialCommand } from './parse-trial-command.js';
import { resolveTrial } from './resolve-trial.js';

/** `/trial convert [trial]` */
export function convertCommand(ctx: CommandContext, cmd: Extract<TrialCommand, { kind: 'convert' }>): CommandAnswer {
  const resolved = resolveTrial(ctx.db, ctx.channel, cmd.trialRef, 'convert acme');
  if ('answer' in resolved) return resolved.answer;
  return { text: convertAnswerText(convertTrial(ctx.db, ctx.config, resolved.trial.id, ctx.user, { source: 'command' }, ctx.now)) };
}
