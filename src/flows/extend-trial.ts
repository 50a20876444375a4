import { humanDay } from '../core/human-date.js';
import type { Config } from '../config.js';
import { writeTransaction, type Db } from '../db/open-database.js';
import { extensionEndOn, localDate, type MilestoneKind } from '../core/deadlines.js';
import {
  currentEndOn,
  LICENSE_CHANGE_AFTER_DAYS,
  planPromptAnswer,
  reasonSuffix,
  requestArgs,
  runningRefusal,
  validExtensionDays,
  type ExtendOutcome,
  type Source,
} from '../core/lifecycle.js';
import { mention } from '../core/mrkdwn.js';
import { extendIssue } from '../messages/github/issue-bodies.js';
import { audit } from '../stores/audit-log.js';
import { answerSentPrompts, cancelUnsentReminders, ensureDecisionOn, latestDueDecisionOn, milestoneOfTrial, waitingPrompt } from '../stores/milestone-store.js';
import { effectExists, recordEffect } from '../stores/record-effect.js';
import { getTrial, updateTrial, trialNow } from '../stores/trial-store.js';
import { recordTouch } from './assign-owners.js';
import { commonRefusal, issueFacts, postInSpace, rememberCommand, repeatedCommand, viaText } from './lifecycle-common.js';
import { recordCardRefresh, recordPromptsAnswered } from './record-messages.js';

/**
 * Moves the trial's end by `days` and re-plans its reminders: the prompt
 * already out is answered, reminders falling before the new end are dropped,
 * and a decision point sits on the new end date (day 30's own milestone when
 * the extension lands there).
 *
 * The extension counts from the trial's current end (see core `currentEndOn` and
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
    if (!trial) return { refused: 'unknown_trial' as const };
    const request = { actor, action: 'extend', args: requestArgs(args.days, args.reason) };
    const refusal = repeatedCommand(db, trial, request, args.source, now) ?? commonRefusal(db, trial, actor) ?? runningRefusal(trial);
    if (refusal) return refusal;
    const t = trial;
    let submission = args.submission ?? `${now.getTime()}`;
    if (args.source === 'button') {
      const state = (m: { id: number; kind: MilestoneKind; due_on: string } | undefined) => m && { id: m.id, kind: m.kind, dueOn: m.due_on };
      const clicked = args.prompt === undefined ? undefined : state(milestoneOfTrial(db, t.id, args.prompt));
      const plan = planPromptAnswer(state(waitingPrompt(db, t.id)), args.prompt, clicked);
      if ('refused' in plan) return { ...plan, trial: t };
      submission = `prompt:${plan.answers.id}`;
    }
    const key = `extend:${t.id}:${submission}`;
    if (effectExists(db, key)) return { refused: 'duplicate' as const, trial: t };

    const zone = config.TIMEZONE;
    const previousEndOn = currentEndOn(t.ends_at, latestDueDecisionOn(db, t.id, localDate(now, zone)));
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
      `:calendar: ${mention(actor)} extended the trial by ${args.days} days: it now ends on *${humanDay(newEndOn)}* (was ${previousEndOn ? humanDay(previousEndOn) : 'not set'}${fromToday && previousEndOn ? ', already past, so counted from today' : ''}).${reasonSuffix(reason)}` +
        (licenseChange ? ' :key: More than 15 days, so the instance needs a license change: the cloud team’s issue says so.' : ''),
      now,
    );
    recordCardRefresh(db, t.id, 'extended', now);
    recordPromptsAnswered(db, t.id, now);
    rememberCommand(db, t.id, request, args.source, now);
    return { ok: true as const, trial: trialNow(db, t.id), previousEndOn, newEndOn, licenseChange, fromToday };
  });
}
