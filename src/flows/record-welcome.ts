import { humanDay } from '../core/human-date.js';
import { localDate, milestoneName } from '../core/deadlines.js';
import { writeTransaction, type Db } from '../db/open-database.js';
import { MAX_SNOOZES, type SnoozeOutcome, type WelcomeOutcome } from '../core/loop-outcomes.js';

export type { SnoozeOutcome, WelcomeOutcome };
import { audit } from '../stores/audit-log.js';
import { markWelcomed, milestoneSnoozes, snoozeDecision } from '../stores/loop-store.js';
import { getTrial } from '../stores/trial-store.js';
import { mayManageTrial } from './trial-permissions.js';
import { recordCardRefresh } from './record-messages.js';
import { recordEffect } from '../stores/record-effect.js';

/**
 * The CE sent the welcome with the login link (seed 002, 3.2 step 11): recorded once, by whom and
 * when, shown on the card and `/trial status`; the reminders stop and the asks lose their button.
 */
export function recordWelcomeSent(db: Db, trialId: string, actor: string, zone: string, now: Date): WelcomeOutcome {
  return writeTransaction(db, () => {
    const trial = getTrial(db, trialId);
    if (!trial) return { refused: 'unknown_trial' as const };
    if (!mayManageTrial(db, trial, actor)) return { refused: 'not_allowed' as const };
    if (trial.status !== 'active') return { refused: 'not_running' as const };
    const earlier = markWelcomed(db, trial.id, actor, now);
    if (earlier) return { refused: 'already' as const, ...earlier };
    audit(db, { trialId: trial.id, actor, action: 'sent the welcome', detail: 'the login link is with the prospect' }, now);
    recordCardRefresh(db, trial.id, 'welcomed', now);
    // Every ask that carried the button says it is done.
    for (const postKey of [`ready:space:${trial.id}`, `handoff:${trial.id}:ce`]) {
      recordEffect(
        db,
        { key: `welcome-done:${postKey}`, kind: 'welcome.done', trialId: trial.id, payload: { postKey, by: actor, at: now.toISOString() } },
        now,
      );
    }
    return { ok: true as const, trial: { id: trial.id, company: trial.company, domain: trial.domain } };
  });
}

/** How many snoozes a decision gets, and how long each is. */
export const SNOOZE_DAYS = 2;

/** Snooze 2 days on a decision prompt: the daily re-raise waits; at most twice, audited. */
export function snoozeDecisionPrompt(db: Db, trialId: string, milestoneId: number | undefined, actor: string, zone: string, now: Date): SnoozeOutcome {
  return writeTransaction(db, () => {
    const trial = getTrial(db, trialId);
    if (!trial || milestoneId === undefined) return { refused: 'unknown_trial' as const };
    if (!mayManageTrial(db, trial, actor)) return { refused: 'not_allowed' as const };
    const m = milestoneSnoozes(db, milestoneId);
    if (!m || m.trialId !== trial.id) return { refused: 'unknown_trial' as const };
    if (m.snoozes >= MAX_SNOOZES) return { refused: 'no_snoozes_left' as const };
    const until = new Date(now.getTime() + SNOOZE_DAYS * 86_400_000);
    if (!snoozeDecision(db, milestoneId, until, MAX_SNOOZES)) return { refused: 'answered' as const };
    const left = MAX_SNOOZES - m.snoozes - 1;
    const untilOn = humanDay(localDate(until, zone));
    audit(
      db,
      {
        trialId: trial.id,
        actor,
        action: `snoozed the ${milestoneName(m.kind)} decision`,
        detail: `until ${untilOn} (${left} snooze${left === 1 ? '' : 's'} left)`,
      },
      now,
    );
    return { ok: true as const, until: until.toISOString(), left, kind: m.kind };
  });
}
