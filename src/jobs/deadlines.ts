import { addLocalDays, due, localDate, startOfLocalDay, type OpenMilestone } from '../core/deadlines.js';
import { escalate, inChunks, sendPrompt, supersede } from '../flows/raise-deadlines.js';
import type { DatabaseJob } from './job.js';

/** Unanswered this many local days after the prompt: escalated. */
export const ESCALATE_AFTER_DAYS = 2;

/**
 * Every milestone of the active trials that have something to act on: a
 * milestone due and never prompted (index `milestones_to_prompt`), or one
 * prompted long enough ago and still unanswered (`milestones_to_escalate`).
 * All of such a trial's milestones come along so `due` can supersede the
 * older ones; the read grows with what is due, not with the trials' history.
 * CROSS JOIN keeps SQLite's planner from driving the loop from the (growing)
 * set of active trials instead. UNION ALL + DISTINCT, not UNION: once the
 * database is analysed, SQLite plans a UNION as a merge that walks every
 * milestone in trial order, which grew the idle pass with history.
 */
export const SWEEP_SQL = `
  WITH candidates(trial_id) AS (
    SELECT trial_id FROM milestones
     WHERE prompted_at IS NULL AND cancelled_at IS NULL AND due_at <= @now
    UNION ALL
    SELECT trial_id FROM milestones
     WHERE prompted_at IS NOT NULL AND answered_at IS NULL AND escalated_at IS NULL AND cancelled_at IS NULL
       AND prompted_at < @escalateBefore
  )
  SELECT m.id, m.trial_id AS trialId, m.kind, m.due_on AS dueOn, m.prompted_at AS promptedAt,
         m.escalated_at AS escalatedAt, m.answered_at AS answeredAt, m.cancelled_at AS cancelledAt
    FROM (SELECT DISTINCT trial_id FROM candidates) c
    CROSS JOIN trials t ON t.id = c.trial_id AND t.status = 'active'
    CROSS JOIN milestones m ON m.trial_id = c.trial_id`;

/** The sweep's parameters at `now`: a prompt sent before `escalateBefore` may be escalated today. */
export function sweepParams(now: Date, zone: string) {
  const today = localDate(now, zone);
  return {
    now: now.toISOString(),
    escalateBefore: startOfLocalDay(addLocalDays(today, -(ESCALATE_AFTER_DAYS - 1)), zone).toISOString(),
  };
}

/**
 * Day 15, day 30 and the end of an extension: prompts the trial's CE once,
 * escalates an unanswered prompt once to the AE and #cloud-trial-alerts.
 * Decided from the milestones' state, so a late run catches up and a repeated
 * run sends nothing twice.
 */
export const deadlines: DatabaseJob = {
  name: 'deadlines',
  schedule: '0 9 * * *',
  needs: 'database',
  async run({ db, config, logger }, now) {
    const zone = config.TIMEZONE;
    const open = db.prepare(SWEEP_SQL).all(sweepParams(now, zone)) as OpenMilestone[];
    const decided = due(open, now, zone, ESCALATE_AFTER_DAYS);
    const superseded = await inChunks(db, logger, decided.supersede, (m) => supersede(db, m, now));
    const prompted = await inChunks(db, logger, decided.prompt, (m) => sendPrompt(db, m, zone, now));
    const escalated = await inChunks(db, logger, decided.escalate, (m) => escalate(db, m, zone, now));
    const failed = superseded.failed + prompted.failed + escalated.failed;
    return `prompted ${prompted.done}, escalated ${escalated.done}, superseded ${superseded.done}${failed > 0 ? `, failed ${failed}` : ''}`;
  },
};
