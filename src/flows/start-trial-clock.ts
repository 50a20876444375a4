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
  const insert = db.prepare(`INSERT INTO milestones (trial_id, kind, due_on, due_at) VALUES (?, ?, ?, ?) ON CONFLICT(trial_id, kind, due_on) DO NOTHING`);
  for (const m of milestones) insert.run(trialId, m.kind, m.dueOn, m.dueAt.toISOString());
  const end = milestones.find((m) => m.kind === 'day15')!;
  db.prepare(`UPDATE trials SET status = 'active', started_at = ?, ends_at = ?, updated_at = ? WHERE id = ?`).run(
    startedAt.toISOString(),
    end.dueOn,
    now.toISOString(),
    trialId,
  );
}
