import { userText } from '../../core/mrkdwn.js';
import type { ConvertOutcome } from '../../core/lifecycle.js';
import { convertTrial } from '../../flows/convert-trial.js';
import { lifecycleRefusalText } from '../lifecycle-refusals.js';
import type { CommandAnswer, CommandContext } from './command-context.js';
import type { TrialCommand } from './parse-trial-command.js';
import { resolveTrial } from './resolve-trial.js';

/** The answer to a conversion, from the command or a deadline prompt's button. */
export function convertAnswerText(outcome: ConvertOutcome): string {
  if ('refused' in outcome) return lifecycleRefusalText(outcome, 'convert');
  return `:tada: *${userText(outcome.trial.company ?? outcome.trial.domain, 100)}* is converted. Its reminders have stopped, and the trial’s channel hears about it.`;
}

/** `/trial convert [trial]` */
export function convertCommand(ctx: CommandContext, cmd: Extract<TrialCommand, { kind: 'convert' }>): CommandAnswer {
  const resolved = resolveTrial(ctx.db, ctx.channel, cmd.trialRef, 'convert acme');
  if ('answer' in resolved) return resolved.answer;
  return { text: convertAnswerText(convertTrial(ctx.db, ctx.config, resolved.trial.id, ctx.user, { source: 'command' }, ctx.now)) };
}
