import type { Db } from '../db/open-database.js';
import { describeGrade, grade, type ActivityEvent } from '../core/activity-grade.js';

/**
 * The PQL grade of an instance's usage so far, and how many events it is
 * graded on: none at all means the instance never reported, not that nobody used it.
 */
export function trialGrade(db: Db, instanceUrl: string, zone: string) {
  const events = db.prepare('SELECT event, private, at FROM activity_events WHERE instance_url = ? ORDER BY at').all(instanceUrl) as Array<{
    event: ActivityEvent['event'];
    private: 0 | 1;
    at: string;
  }>;
  const g = grade(
    events.map((e) => ({ event: e.event, private: e.private === 1, at: e.at })),
    zone,
  );
  return { ...g, description: describeGrade(g.grade), events: events.length };
}
