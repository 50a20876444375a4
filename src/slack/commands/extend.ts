import type { ExtendOutcome } from '../../core/lifecycle.js';
import { extendTrial } from '../../flows/extend-trial.js';
import { userText } from '../../core/mrkdwn.js';
import { lifecycleRefusalText } from '../lifecycle-refusals.js';
import type { CommandAnswer, CommandContext } from './command-context.js';
import type { TrialCommand } from './parse-trial-command.js';
import { resolveTrial } from './resolve-trial.js';

/** The answer to an extension, from the command or a deadline prompt's button. */
export function extendAnswerText(outcome: ExtendOutcome, days: number): string {
  if ('refused' in outcome) return lifecycleRefusalText(outcome, 'extend');
  const t = outcome.trial;
  return (
    `:white_check_mark: Extended *${userText(t.company ?? t.domain, 100)}* by ${days} days: it now ends on *${outcome.newEndOn}*` +
    `${outcome.fromToday && outcome.previousEndOn ? ` (counted from today: its end date, ${outcome.previousEndOn}, had passed)` : ''}. ` +
    `The cloud team gets a trial-extend issue${outcome.licenseChange ? ' saying a license change is needed (more than 15 days)' : ''}, and the trial’s channel hears about it.`
  );
}

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
