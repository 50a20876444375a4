import type { Db } from '../db/open-database.js';

/** Rows deleted per statement: a large first prune never holds the write lock for long. */
const CHUNK = 2000;

/** Deletes `select`'s rowids a chunk at a time, letting other connections in between; returns how many. */
async function deleteInChunks(db: Db, table: string, where: string, before: string): Promise<number> {
  const remove = db.prepare(`DELETE FROM ${table} WHERE rowid IN (SELECT rowid FROM ${table} WHERE ${where} LIMIT ${CHUNK})`);
  let deleted = 0;
  for (;;) {
    const n = remove.run({ before }).changes;
    deleted += n;
    if (n < CHUNK) return deleted;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Outbox rows carried out before `before`: their payloads hold prospects' emails and are needed no more. */
export function pruneDoneEffects(db: Db, before: Date): Promise<number> {
  return deleteInChunks(db, 'outbox', `status = 'done' AND updated_at < @before`, before.toISOString());
}

/**
 * Raw activity events received before `before`: past the window they are only a duplicate check
 * for ids nobody resends; the per-day counters and totals (migration 010) keep what they counted.
 */
export function pruneActivityEventsBefore(db: Db, before: Date): Promise<number> {
  return deleteInChunks(db, 'activity_events', 'received_at < @before', before.toISOString());
}
