import type { Db } from '../db/open-database.js';

// The outbox table's statements: what the worker claims and records, what the admin CLI lists and
// retries. The rules (which lane runs, how long to back off) stay with the worker; here is only SQL.

export interface OutboxRow {
  id: number;
  key: string;
  kind: string;
  lane: string;
  trial_id: string | null;
  payload: string;
  status: 'pending' | 'running' | 'done' | 'failed';
  attempts: number;
  run_after: string;
  last_error: string | null;
  result: string | null;
  /** When the current run of transient failures began (the retry budget counts from it); null when none. */
  failing_since: string | null;
  /** `admin -- outbox retry` count: names each failure report after the first. */
  manual_retries: number;
  created_at: string;
  updated_at: string;
}

/** What the claim looks at per ready effect: a burst leaves hundreds ready, and every poll walks them. */
export interface ReadyCandidate {
  id: number;
  kind: string;
}

/**
 * The oldest ready effect of each lane with nothing older still open, oldest first. Only ids and
 * kinds: whole rows (payloads of several kB) of a 300-alert backlog, read on every poll, were a
 * fifth of the server's CPU while a burst arrived. The claimed ones are read whole by markRunning.
 */
export function readyCandidates(db: Db, now: Date, scan: number): IterableIterator<ReadyCandidate> {
  return db
    .prepare(
      `SELECT o.id, o.kind FROM outbox o
        WHERE o.status = 'pending' AND o.run_after <= ?
          AND NOT EXISTS (SELECT 1 FROM outbox p
                           WHERE p.lane = o.lane AND p.id < o.id AND p.status IN ('pending','running'))
        ORDER BY o.id LIMIT ?`,
    )
    .iterate(now.toISOString(), scan) as IterableIterator<ReadyCandidate>;
}

/** An effect's payload (what its rate key is read from), once per effect. */
export function effectPayload(db: Db, id: number): string | undefined {
  return (db.prepare(`SELECT payload FROM outbox WHERE id = ?`).get(id) as { payload: string } | undefined)?.payload;
}

/** Marks the effects running in one transaction (one fsync, committed before any call); returns the rows this call won. */
export function markRunning(db: Db, ids: readonly number[], now: Date): OutboxRow[] {
  const at = now.toISOString();
  const mark = db.prepare(`UPDATE outbox SET status = 'running', attempts = attempts + 1, updated_at = ? WHERE id = ? AND status = 'pending' RETURNING *`);
  const claimed: OutboxRow[] = [];
  db.transaction(() => {
    for (const id of ids) {
      const row = mark.get(at, id) as OutboxRow | undefined;
      if (row) claimed.push(row);
    }
  }).immediate();
  return claimed;
}

/**
 * A redraw that is still waiting draws the database as it is when it runs, so a change recorded now
 * needs no second one: an effect of this kind for the trial, or anything in this lane (a person's
 * Home tab), not yet started.
 */
export function effectPending(db: Db, where: { kind: string; trialId: string } | { lane: string }): boolean {
  return 'lane' in where
    ? db.prepare(`SELECT 1 FROM outbox WHERE lane = ? AND status = 'pending' LIMIT 1`).get(where.lane) !== undefined
    : db.prepare(`SELECT 1 FROM outbox WHERE trial_id = ? AND kind = ? AND status = 'pending' LIMIT 1`).get(where.trialId, where.kind) !== undefined;
}

/** Whether anything is ready to run now. */
export function anyReady(db: Db, now: Date): boolean {
  return !!db.prepare(`SELECT 1 FROM outbox WHERE status = 'pending' AND run_after <= ? LIMIT 1`).get(now.toISOString());
}

export function markEffectDone(db: Db, id: number, result: unknown, now: Date): void {
  db.prepare(`UPDATE outbox SET status = 'done', result = ?, last_error = NULL, failing_since = NULL, updated_at = ? WHERE id = ?`).run(
    result === undefined ? null : JSON.stringify(result),
    now.toISOString(),
    id,
  );
}

/** Waiting out a 429 is not a failed attempt: the attempt is given back. */
export function waitOutRateLimit(db: Db, id: number, until: Date, reason: string, now: Date): void {
  db.prepare(`UPDATE outbox SET status = 'pending', attempts = attempts - 1, run_after = ?, last_error = ?, updated_at = ? WHERE id = ?`).run(
    until.toISOString(),
    reason,
    now.toISOString(),
    id,
  );
}

/** Pending again after `runAfter`; the retry budget keeps counting from the first failure. */
export function scheduleRetry(db: Db, id: number, runAfter: Date, reason: string, now: Date): void {
  db.prepare(
    `UPDATE outbox SET status = 'pending', run_after = ?, last_error = ?, failing_since = coalesce(failing_since, ?), updated_at = ? WHERE id = ?`,
  ).run(runAfter.toISOString(), reason, now.toISOString(), now.toISOString(), id);
}

export function markEffectFailed(db: Db, id: number, reason: string, now: Date): void {
  db.prepare(`UPDATE outbox SET status = 'failed', last_error = ?, updated_at = ? WHERE id = ?`).run(reason, now.toISOString(), id);
}

/** Effects marked running when the process stopped are pending again; returns how many. */
export function recoverRunning(db: Db, now: Date): number {
  return db.prepare(`UPDATE outbox SET status = 'pending', updated_at = ? WHERE status = 'running'`).run(now.toISOString()).changes;
}

/** The newest effect's id (0 for none): what was recorded after it is what a run added. */
export function lastEffectId(db: Db): number {
  return db.prepare('SELECT coalesce(max(id), 0) FROM outbox').pluck().get() as number;
}

export function effectsAfter(db: Db, id: number): number {
  return db.prepare('SELECT count(*) FROM outbox WHERE id > ?').pluck().get(id) as number;
}

export interface OutboxEffect {
  id: number;
  kind: string;
  status: string;
  attempts: number;
  trialId: string | null;
  lastError: string | null;
  updatedAt: string;
}

const columns = `id, kind, status, attempts, trial_id AS trialId, last_error AS lastError, updated_at AS updatedAt`;

/** Effects still owed (failed, pending, or running), or every effect with `all`, by id. */
export function listOutbox(db: Db, options: { all?: boolean } = {}): OutboxEffect[] {
  const where = options.all ? '' : ` WHERE status IN ('failed', 'pending', 'running')`;
  return db.prepare<[], OutboxEffect>(`SELECT ${columns} FROM outbox${where} ORDER BY id`).all();
}

export function outboxEffect(db: Db, id: number): (OutboxEffect & { manualRetries: number }) | undefined {
  return db.prepare<[number], OutboxEffect & { manualRetries: number }>(`SELECT manual_retries AS manualRetries, ${columns} FROM outbox WHERE id = ?`).get(id);
}

/** A failed effect queued to run now, afresh: one attempt, a new retry budget. */
export function requeueFailed(db: Db, id: number, now: Date): void {
  const at = now.toISOString();
  db.prepare(
    `UPDATE outbox SET status = 'pending', attempts = 1, run_after = ?, failing_since = NULL, manual_retries = manual_retries + 1, updated_at = ?
      WHERE id = ? AND status = 'failed'`,
  ).run(at, at, id);
}

export interface OutboxEmail {
  id: number;
  status: string;
  payload: string;
  created_at: string;
  updated_at: string;
  last_error: string | null;
}

/** Every email the outbox holds, newest first (the sandbox's mailbox). */
export function outboxEmails(db: Db): OutboxEmail[] {
  return db
    .prepare(`SELECT id, status, payload, created_at, updated_at, last_error FROM outbox WHERE kind = 'email.send' ORDER BY id DESC`)
    .all() as OutboxEmail[];
}
