import type { Db } from '../db/open-database.js';
import { describeGrade } from '../core/activity-grade.js';
import { activityGrade } from './activity-store.js';

/**
 * The PQL grade of an instance's usage so far, and how many events it is graded on: none at all
 * means the instance never reported, not that nobody used it. Read from the instance's counters
 * (migration 010: O(1), however many events it sent); the counters' days are in TIMEZONE.
 */
export function trialGrade(db: Db, instanceUrl: string, _zone?: string) {
  const g = activityGrade(db, instanceUrl);
  return { ...g, description: describeGrade(g.grade) };
}

/**
 * The grade people are shown: none until the instance has reported something. An instance that
 * never reported is "unknown", not "D · Inactive": the prompt, the card and `/trial status` agree.
 */
export function reportedGrade(db: Db, instanceUrl: string | null, zone?: string) {
  if (!instanceUrl) return null;
  const g = trialGrade(db, instanceUrl, zone);
  return g.events > 0 ? g : null;
}
