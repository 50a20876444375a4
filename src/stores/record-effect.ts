import type { Db } from '../db/open-database.js';
import { effectShiftMs } from './effect-clock.js';

export interface EffectToRecord {
  /** Idempotency key: the same key recorded twice is one effect. */
  key: string;
  kind: string;
  payload: unknown;
  trialId?: string | null;
  /** Effects in one lane run one at a time in the order recorded. Defaults to the trial, else the key. */
  lane?: string;
  runAfter?: Date;
}

/**
 * Records a side effect for the worker. Call it inside the transaction that
 * makes the state change causing it: both commit, or neither does.
 * Returns false when an effect with that key already exists.
 */
export function recordEffect(db: Db, effect: EffectToRecord, now: Date): boolean {
  const shift = effectShiftMs(db, now);
  const at = new Date(now.getTime() - shift).toISOString();
  const info = db
    .prepare(
      `INSERT INTO outbox (key, kind, lane, trial_id, payload, run_after, created_at, updated_at)
       VALUES (@key, @kind, @lane, @trialId, @payload, @runAfter, @at, @at)
       ON CONFLICT(key) DO NOTHING`,
    )
    .run({
      key: effect.key,
      kind: effect.kind,
      lane: effect.lane ?? effect.trialId ?? effect.key,
      trialId: effect.trialId ?? null,
      payload: JSON.stringify(effect.payload),
      runAfter: new Date((effect.runAfter ?? now).getTime() - shift).toISOString(),
      at,
    });
  if (info.changes > 0) effectRecorded.notify();
  return info.changes > 0;
}

/**
 * In-process wake-up for the worker, so an effect recorded by a request is
 * carried out at once instead of at the next poll.
 */
export const effectRecorded = {
  listeners: new Set<() => void>(),
  notify(): void {
    for (const l of this.listeners) l();
  },
};

/** Whether an effect with this key was ever recorded: a request's idempotency check. */
export function effectExists(db: Db, key: string): boolean {
  return db.prepare('SELECT 1 FROM outbox WHERE key = ?').get(key) !== undefined;
}

/** Whether an effect with this key is still to be carried out (pending or running). */
export function effectPending(db: Db, key: string): boolean {
  return db.prepare(`SELECT 1 FROM outbox WHERE key = ? AND status IN ('pending','running')`).get(key) !== undefined;
}

/** The trial's space is still to be opened: its effect (`space:<trial>`) has not run yet. */
export function spaceOpening(db: Db, trialId: string): boolean {
  return effectPending(db, `space:${trialId}`);
}
