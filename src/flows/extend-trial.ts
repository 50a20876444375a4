import type { Config } from '../config.js';
import { writeTransaction, type Db } from '../db/open-database.js';
import { extensionEndOn, localDate } from '../core/deadlines.js';
import {
  LICENSE_CHANGE_AFTER_DAYS,
  reasonSuffix,
  requestArgs,
  runningRefusal,
  validExtensionDays,
  type ExtendOutcome,
  type Source,
} from '../core/lifecycle.js';
import { mention } from '../core/mrkdwn.js';
import type { TrialRow } from '../core/trial.js';
import { extendIssue } from '../messages/github/issue-bodies.js';
import { audit } from '../stores/audit-log.js';
import { answerSentPrompts, cancelUnsentReminders, ensureDecisionOn, latestDueDecisionOn, milestoneOfTrial, waitingPrompt } from '../stores/milestone-store.js';
import { effectExists, recordEffect } from '../stores/record-effect.js';
import { getTrial, updateTrial } from '../stores/trial-store.js';
import { recordTouch } from './assign-owners.js';
import { commonRefusal, issueFacts, postInSpace, rememberCommand, repeatedCommand, viaText } from './lifecycle-common.js';
import { recordCardRefresh } from './record-messages.js';

/**
 * The trial's end as things stand: its end date, or the decision now due when that is
 * later (day 30 prompted, or due, after an unanswered day 15). Extensions count from here.
 */
function currentEndOn(db: Db, trial: TrialRow, today: string): string | null {
  const candidates = [trial.ends_at, latestDueDecisionOn(db, trial.id, today)].filter((d): d is string => d !== null);
  return candidates.length > 0 ? candidates.reduce((a, b) => (a > b ? a : b)) : null;
}

/**
 * Moves the trial's end by `days` and re-plans its reminders: the prompt
 * already out is answered, reminders falling before the new end are dropped,
 * and a decision point sits on the new end date (day 30's own milestone when
 * the extension lands there).
 *
 * The extension counts from the trial's current end (see `currentEndOn` and
 * `extensionEndOn`): on the day-30 prompt, 15 days is day 45, even when day 15
 * went unanswered and the end date still said day 15.
 *
 * A command is identified by `submission` (Slack's trigger id), so a resent
 * command extends once. A prompt's button answers its own prompt (`prompt`,
 * the milestone id it carries) when that is the one waiting: the same prompt
 * reaches the CE in the space and by DM (and the AE when escalated), and
 * clicking any of them, any number of times, extends once. An older prompt's
 * button, clicked while a later decision waits, changes nothing and says which
 * prompt is waiting. Buttons sent before they carried the milestone answer
 * whichever prompt is waiting.
 */
export function extendTrial(
  db: Db,
  config: Config,
  trialId: string,
  actor: string,
  args: { days: number; reason?: string | null; submission?: string; source: Source; prompt?: number },
  now: Date,
): ExtendOutcome {
  if (!validExtensionDays(args.days)) throw new RangeError(`extension must be 1–90 whole days: ${args.days}`);
  return writeTransaction(db, () => {
    const trial = getTrial(db, trialId);
    const request = { actor, action: 'extend', args: requestArgs(args.days, args.reason) };
    const refusal = repeatedCommand(db, trial, request, args.source, now) ?? commonRefusal(db, trial, actor) ?? runningRefusal(trial!);
    if (refusal) return refusal;
    const t = trial!;
    let submission = args.submission ?? `${now.getTime()}`;
    if (args.source === 'button') {
      const waiting = waitingPrompt(db, t.id);
      if (waiting && args.prompt !== undefined && args.prompt !== waiting.id) {
        const clicked = milestoneOfTrial(db, t.id, args.prompt);
        const ref = (m: { kind: typeof waiting.kind; due_on: string }) => ({ kind: m.kind, dueOn: m.due_on });
        return { refused: 'prompt_superseded' as const, trial: t, clicked: clicked ? ref(clicked) : null, waiting: ref(waiting) };
      }
      if (!waiting) return { refused: 'prompt_answered' as const, trial: t };
      submission = `prompt:${waiting.id}`;
    }
    const key = `extend:${t.id}:${submission}`;
    if (effectExists(db, key)) return { refused: 'duplicate' as const, trial: t };

    const zone = config.TIMEZONE;
    const previousEndOn = currentEndOn(db, t, localDate(now, zone));
    const { endOn: newEndOn, fromToday } = extensionEndOn(previousEndOn, localDate(now, zone), args.days);

    answerSentPrompts(db, t.id, now);
    cancelUnsentReminders(db, t.id, now, newEndOn);
    ensureDecisionOn(db, t.id, newEndOn, zone);
    updateTrial(db, t.id, { ends_at: newEndOn }, now);

    const reason = args.reason?.trim() || null;
    const licenseChange = args.days > LICENSE_CHANGE_AFTER_DAYS;
    audit(
      db,
      {
        trialId: t.id,
        actor,
        action: 'extended',
        detail: `by ${args.days} days to ${newEndOn} (was ${previousEndOn ?? 'unset'})${viaText(db, t.id, args.source, args.prompt)}${reason ? `: ${reason}` : ''}`,
      },
      now,
    );
    recordTouch(db, t, actor, 'extended', now);
    recordEffect(
      db,
      {
        key,
        kind: 'github.issue',
        trialId: t.id,
        payload: { trialId: t.id, kind: 'extend', draft: extendIssue({ ...issueFacts(db, t, actor), key, days: args.days, newEndOn, reason }) },
      },
      now,
    );
    postInSpace(
      db,
      t.id,
      `${key}:space`,
      `:calendar: ${mention(actor)} extended the trial by ${args.days} days: it now ends on *${newEndOn}* (was ${previousEndOn ?? 'unset'}${fromToday && previousEndOn ? ', already past, so counted from today' : ''}).${reasonSuffix(reason)}` +
        (licenseChange ? ' :key: More than 15 days, so the instance needs a license change: the cloud team’s issue says so.' : ''),
      now,
    );
    recordCardRefresh(db, t.id, 'extended', now);
    rememberCommand(db, t.id, request, args.source, now);
    return { ok: true as const, trial: getTrial(db, t.id)!, previousEndOn, newEndOn, licenseChange, fromToday };
  });
}
