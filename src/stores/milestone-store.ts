import type { Db } from '../db/open-database.js';
import { startOfLocalDay, type MilestoneKind, type OpenMilestone } from '../core/deadlines.js';

export interface MilestoneRef {
  id: number;
  kind: MilestoneKind;
  due_on: string;
}

const open = 'answered_at IS NULL AND cancelled_at IS NULL';

export function milestoneOfTrial(db: Db, trialId: string, id: number): MilestoneRef | undefined {
  return db.prepare('SELECT id, kind, due_on FROM milestones WHERE id = ? AND trial_id = ?').get(id, trialId) as MilestoneRef | undefined;
}

/** The prompt waiting for an answer: the latest one sent, neither answered nor cancelled. */
export function waitingPrompt(db: Db, trialId: string): MilestoneRef | undefined {
  return db
    .prepare(`SELECT id, kind, due_on FROM milestones WHERE trial_id = ? AND prompted_at IS NOT NULL AND ${open} ORDER BY due_on DESC, id DESC LIMIT 1`)
    .get(trialId) as MilestoneRef | undefined;
}

/** The latest open decision due on or before `today` (a prompted one counts: prompts go out on their day, never before). */
export function latestDueDecisionOn(db: Db, trialId: string, today: string): string | null {
  const row = db.prepare(`SELECT MAX(due_on) AS dueOn FROM milestones WHERE trial_id = ? AND ${open} AND due_on <= ?`).get(trialId, today) as {
    dueOn: string | null;
  };
  return row.dueOn;
}

/** A prompt already sent counts as answered. */
export function answerSentPrompts(db: Db, trialId: string, now: Date): void {
  db.prepare(`UPDATE milestones SET answered_at = ? WHERE trial_id = ? AND prompted_at IS NOT NULL AND ${open}`).run(now.toISOString(), trialId);
}

/** Reminders not yet sent are dropped (only those due before `before`, if given). */
export function cancelUnsentReminders(db: Db, trialId: string, now: Date, before?: string): void {
  db.prepare(`UPDATE milestones SET cancelled_at = ? WHERE trial_id = ? AND prompted_at IS NULL AND ${open} AND due_on < ?`).run(
    now.toISOString(),
    trialId,
    before ?? '9999-12-31',
  );
}

/** No more reminders: a prompt already sent counts as answered, the rest are cancelled. */
export function closeOpenMilestones(db: Db, trialId: string, now: Date): void {
  answerSentPrompts(db, trialId, now);
  cancelUnsentReminders(db, trialId, now);
}

/**
 * A decision point on `dueOn` (an extension's end), unless one not yet sent is there already. An
 * earlier extension may have ended on this very date and been closed since: it is reopened.
 */
export function ensureDecisionOn(db: Db, trialId: string, dueOn: string, zone: string): void {
  const there = db.prepare(`SELECT id FROM milestones WHERE trial_id = ? AND due_on = ? AND prompted_at IS NULL AND ${open}`).get(trialId, dueOn);
  if (there) return;
  db.prepare(
    `INSERT INTO milestones (trial_id, kind, due_on, due_at) VALUES (?, 'extension_end', ?, ?)
     ON CONFLICT(trial_id, kind, due_on) DO UPDATE SET prompted_at = NULL, escalated_at = NULL, answered_at = NULL, cancelled_at = NULL`,
  ).run(trialId, dueOn, startOfLocalDay(dueOn, zone).toISOString());
}

export function insertMilestones(db: Db, trialId: string, milestones: ReadonlyArray<{ kind: MilestoneKind; dueOn: string; dueAt: Date }>): void {
  const insert = db.prepare(`INSERT INTO milestones (trial_id, kind, due_on, due_at) VALUES (?, ?, ?, ?) ON CONFLICT(trial_id, kind, due_on) DO NOTHING`);
  for (const m of milestones) insert.run(trialId, m.kind, m.dueOn, m.dueAt.toISOString());
}

/** Marks a prompt sent, once: false when another run already did (or it was decided meanwhile). */
export function markPrompted(db: Db, id: number, now: Date): boolean {
  return db.prepare(`UPDATE milestones SET prompted_at = ? WHERE id = ? AND prompted_at IS NULL AND ${open}`).run(now.toISOString(), id).changes === 1;
}

export function markEscalated(db: Db, id: number, now: Date): boolean {
  return (
    db
      .prepare(`UPDATE milestones SET escalated_at = ? WHERE id = ? AND prompted_at IS NOT NULL AND escalated_at IS NULL AND ${open}`)
      .run(now.toISOString(), id).changes === 1
  );
}

export function markCancelled(db: Db, id: number, now: Date): boolean {
  return db.prepare(`UPDATE milestones SET cancelled_at = ? WHERE id = ? AND ${open}`).run(now.toISOString(), id).changes === 1;
}

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

/** The sweep: every open milestone of the trials with something due to act on (see SWEEP_SQL). */
export function milestonesToActOn(db: Db, params: { now: string; escalateBefore: string }): OpenMilestone[] {
  return db.prepare(SWEEP_SQL).all(params) as OpenMilestone[];
}

/** Where each prompt (and escalation) of the trial was posted, with its milestone: what to redraw once answered. */
export function postedPrompts(db: Db, trialId: string): Array<{ milestoneId: number; channel: string; ts: string }> {
  const rows = db
    .prepare(`SELECT payload, result FROM outbox WHERE trial_id = ? AND kind = 'prompt.post' AND status = 'done' AND result IS NOT NULL ORDER BY id`)
    .all(trialId) as Array<{ payload: string; result: string }>;
  return rows.flatMap((r) => {
    const posted = JSON.parse(r.result) as { channel?: string; ts?: string };
    const { milestoneId } = JSON.parse(r.payload) as { milestoneId: number };
    return posted.channel && posted.ts ? [{ milestoneId, channel: posted.channel, ts: posted.ts }] : [];
  });
}

/** The milestone as it stands: whether it is still open. */
export function milestoneClosed(db: Db, id: number): boolean {
  const m = db.prepare('SELECT answered_at, cancelled_at FROM milestones WHERE id = ?').get(id) as
    { answered_at: string | null; cancelled_at: string | null } | undefined;
  return !m || m.answered_at !== null || m.cancelled_at !== null;
}
