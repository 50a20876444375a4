import type { Db } from '../db/open-database.js';

/** How often an operator put a failed effect back (`admin -- outbox retry`), and when last. */
export interface ManualRetry {
  retries: number;
  at: string;
}

// Kept in bot_state, named by the effect's idempotency key (unlike row ids, never reused).
const name = (effectKey: string) => `outbox-retry:${effectKey}`;

export function manualRetryOf(db: Db, effectKey: string): ManualRetry | undefined {
  const row = db.prepare(`SELECT value FROM bot_state WHERE name = ?`).get(name(effectKey)) as { value: string } | undefined;
  if (!row) return undefined;
  try {
    const parsed = JSON.parse(row.value) as Partial<ManualRetry>;
    return typeof parsed.retries === 'number' && typeof parsed.at === 'string' ? { retries: parsed.retries, at: parsed.at } : undefined;
  } catch {
    return undefined;
  }
}

/** Counts one more manual retry, from `now`; call it in the transaction that sets the effect back to pending. */
export function recordManualRetry(db: Db, effectKey: string, now: Date): ManualRetry {
  const next = { retries: (manualRetryOf(db, effectKey)?.retries ?? 0) + 1, at: now.toISOString() };
  db.prepare(`INSERT INTO bot_state (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value`).run(name(effectKey), JSON.stringify(next));
  return next;
}
