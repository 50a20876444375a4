import { writeTransaction, type Db } from '../db/open-database.js';
import type { Grade } from '../core/activity-grade.js';
import { countActivity, insertActivityEvent } from '../stores/activity-store.js';
import { instanceByUrl } from '../stores/instance-store.js';
import { recordEffect } from '../stores/record-effect.js';
import { trialGrade } from '../stores/trial-usage.js';

export type ActivityOutcome = { unknownInstance: true } | { ok: true; grade: Grade; duplicate: boolean };

/**
 * One usage event from a trial instance, stored once by its id; when it lifts the trial's grade the
 * card is redrawn (events only add up, so each grade is reached at most once: the grade names the refresh).
 */
export function recordActivity(
  db: Db,
  e: { id: string; url: string; event: 'search' | 'visit' | 'code_host_added' | 'repo_added'; private: boolean; at: string },
  zone: string,
  now: Date,
): ActivityOutcome {
  return writeTransaction(db, () => {
    const instance = instanceByUrl(db, e.url);
    if (!instance) return { unknownInstance: true as const };
    const before = trialGrade(db, e.url, zone).grade;
    const fresh = insertActivityEvent(db, { ...e, receivedAt: now.toISOString() });
    // A new event moves its counters (O(1)); a duplicate id counts once.
    if (fresh) countActivity(db, e.url, { event: e.event, private: e.private, at: e.at }, zone);
    const after = trialGrade(db, e.url, zone).grade;
    if (after !== before && instance.trial_id) {
      const trialId = instance.trial_id;
      recordEffect(db, { key: `card-refresh:grade:${trialId}:${after}`, kind: 'trial.card.refresh', trialId, payload: { trialId } }, now);
    }
    return { ok: true as const, grade: after, duplicate: !fresh };
  });
}
