import { mention, userText } from '../../core/mrkdwn.js';
import type { TerminateOutcome } from '../../core/lifecycle.js';
import { terminateTrial } from '../../flows/terminate-trial.js';
import { lifecycleRefusalText } from '../lifecycle-refusals.js';
import type { CommandAnswer, CommandContext } from './command-context.js';
import type { TrialCommand } from './parse-trial-command.js';
import { resolveTrial } from './resolve-trial.js';

/** The answer to a termination, from the command or a deadline prompt's button. */
export function terminateAnswerText(outcome: TerminateOutcome): string {
  if ('refused' in outcome) return lifecycleRefusalText(outcome, 'terminate');
  const t = outcome.trial;
  const feedback = outcome.feedbackTo.length > 0 ? outcome.feedbackTo.map(mention).join(', ') : '#cloud-trial-alerts (nobody holds the feedback_owner role)';
  return (
    `:white_check_mark: Terminated *${userText(t.company ?? t.domain, 100)}*. ` +
    `The cloud team gets a termination issue, the domain no longer routes to the instance, reminders have stopped, and the feedback request went to ${feedback}.`
  );
}

/** `/trial terminate [trial] [reason…]` */
export function terminateCommand(ctx: CommandContext, cmd: Extract<TrialCommand, { kind: 'terminate' }>): CommandAnswer {
  const resolved = resolveTrial(ctx.db, ctx.channel, cmd.trialRef, 'terminate acme no activity');
  if ('answer' in resolved) return resolved.answer;
  // `confirm` first: an admin terminating an instance from before trialbot means it.
  const confirm = /^confirm\b\s*/i.exec(cmd.reason ?? '');
  const reason = confirm ? cmd.reason!.slice(confirm[0].length) || null : (cmd.reason ?? null);
  const outcome = terminateTrial(ctx.db, ctx.config, resolved.trial.id, ctx.user, { reason, source: 'command', confirmed: !!confirm }, ctx.now);
  return { text: terminateAnswerText(outcome) };
}
