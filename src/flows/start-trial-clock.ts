import { insertMilestones } from '../stores/milestone-store.js';
import { startTrial } from '../stores/trial-store.js';
import type { Db } from '../db/open-database.js';
import { milestonesForStart } from '../core/deadlines.js';

/**
 * The trial's clock starts: day 15 and day 30 become milestones with their
 * local due dates. The trial runs 15 days; at day 15 an active trial is
 * extended (to day 30) and an inactive one terminated, and at day 30 it is
 * extended again, converted or terminated.
 */
export function startTrialClock(db: Db, trialId: string, startedAt: Date, zone: string, now: Date): void {
  const milestones = milestonesForStart(startedAt, zone);
  insertMilestones(db, trialId, milestones);
  const end = milestones.find((m) => m.kind === 'day15');
  if (!end) throw new Error('a started trial always has a day-15 milestone');
  startTrial(db, trialId, startedAt, end.dueOn, now);
}
