import { terminateTrial } from '../../flows/terminate-trial.js';
import { terminateAnswerText } from '../../messages/slack/lifecycle-answers.js';
import type { CommandAnswer, CommandContext } from './command-context.js';
import type { TrialCommand } from './parse-trial-command.js';
import { resolveTrial } from './resolve-trial.js';

/** `/trial terminate [trial] [reason…]` */
export function terminateCommand(ctx: CommandContext, cmd: Extract<TrialCommand, { kind: 'terminate' }>): CommandAnswer {
  const resolved = resolveTrial(ctx.db, ctx.channel, cmd.trialRef, 'terminate acme no activity');
  if ('answer' in resolved) return resolved.answer;
  // `confirm` first: an admin terminating an instance from before trialbot means it.
  const confirm = /^confirm\b\s*/i.exec(cmd.reason ?? '');
  const reason = confirm ? (cmd.reason ?? '').slice(confirm[0].length) || null : (cmd.reason ?? null);
  const outcome = terminateTrial(ctx.db, ctx.config, resolved.trial.id, ctx.user, { reason, source: 'command', confirmed: !!confirm }, ctx.now);
  return { text: terminateAnswerText(outcome) };
}
