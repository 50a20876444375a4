import { humanDay, humanTime } from '../../core/human-date.js';
import { milestoneName } from '../../core/deadlines.js';
import { mention, userText } from '../../core/mrkdwn.js';
import type { SnoozeOutcome, WelcomeOutcome } from '../../core/loop-outcomes.js';
import { TRIAL_GONE } from './lifecycle-answers.js';

export function welcomeAnswerText(o: WelcomeOutcome, zone: string): string {
  if ('ok' in o)
    return `:white_check_mark: Recorded: the welcome with the login link went to *${userText(o.trial.company ?? o.trial.domain, 100)}*. The reminders about it stop.`;
  switch (o.refused) {
    case 'already':
      return `Already recorded by ${mention(o.by)} (${humanTime(o.at, zone)}). Nothing was changed.`;
    case 'not_allowed':
      return ':no_entry_sign: Only the trial’s CE or AE, or an admin, records the welcome. Nothing was changed.';
    case 'not_running':
      return ':grey_question: This trial is not running (its instance is not ready, or it has ended). Nothing was changed.';
    default:
      return TRIAL_GONE;
  }
}

export function snoozeAnswerText(o: SnoozeOutcome, zone: string): string {
  if ('ok' in o) {
    const until = humanDay(new Date(o.until).toLocaleDateString('en-CA', { timeZone: zone }));
    return `:zzz: Snoozed: the ${milestoneName(o.kind)} decision is not raised again before ${until}. ${o.left === 0 ? 'That was its last snooze.' : `${o.left} snooze left.`}`;
  }
  switch (o.refused) {
    case 'no_snoozes_left':
      return ':no_entry_sign: This decision was already snoozed twice: extend, convert or terminate it. Nothing was changed.';
    case 'answered':
      return ':grey_question: This decision is already taken. Nothing was changed.';
    case 'not_allowed':
      return ':no_entry_sign: Only the trial’s CE or AE, or an admin, snoozes its decision. Nothing was changed.';
    default:
      return TRIAL_GONE;
  }
}
