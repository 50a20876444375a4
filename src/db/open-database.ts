import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrate } from './migrate.js';

export type Db = Database.Database;

/**
 * Opens the trialbot database with the settings every connection must have,
 * and brings its schema up to date. Server, CLI and jobs all open it here.
 */
export interface OpenDatabaseOptions {
  /**
   * How long a statement waits for another connection's write lock before SQLITE_BUSY
   * (5 s unless given). The server passes 500 ms: better-sqlite3 waits on the event loop, so
   * every ack would wait with it; past that, a webhook answers 503 + Retry-After and its
   * sender retries, and the outbox tries again on its next poll.
   */
  busyTimeoutMs?: number;
}

export function openDatabase(path: string, options: OpenDatabaseOptions = {}): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  useWriteAheadLog(db);
  // A lost commit is a lost signup, and the write volume is tiny: pay for the fsync.
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  // Migrating at start may wait the full 5 s for a lock; serving then waits only as long as asked.
  migrate(db);
  if (options.busyTimeoutMs !== undefined) db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs))}`);
  cacheStatements(db);
  return db;
}

/**
 * Switches the file to WAL. Converting a database still in rollback mode takes an exclusive
 * lock that SQLite does not wait for (no busy handler): a second process opening the same old
 * file at that instant is told "database is locked" at once. Opening is start-up, not a request,
 * so it waits here, a little at a time, for as long as a statement would have.
 */
export function useWriteAheadLog(db: Db, waitMs = 5000): void {
  const deadline = Date.now() + waitMs;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      db.pragma('journal_mode = WAL');
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() >= deadline) throw error;
      Atomics.wait(pause, 0, 0, 25);
    }
  }
}

/** Distinct SQL texts kept prepared per connection; the code has a few hundred, all static. */
const MAX_CACHED = 1000;

/**
 * Makes `db.prepare` hand back the statement it prepared before for the same SQL: preparing
 * costs about ten times what running a small query does, and every request prepares a few
 * dozen. A statement still being iterated is busy and gets a fresh one; modes a caller may
 * have switched on (pluck, raw, expand) are switched off again before a statement is reused.
 */
function cacheStatements(db: Db): void {
  const prepare = db.prepare.bind(db);
  const cache = new Map<string, Database.Statement>();
  db.prepare = ((sql: string) => {
    const cached = cache.get(sql);
    if (cached && !cached.busy) {
      if (cached.reader) cached.pluck(false).raw(false).expand(false);
      return cached;
    }
    const statement = prepare(sql);
    if (!cached) {
      if (cache.size >= MAX_CACHED) cache.clear();
      cache.set(sql, statement);
    }
    return statement;
  }) as Db['prepare'];
}

/**
 * Runs `fn` in a write transaction taken up front (BEGIN IMMEDIATE), so a
 * read-then-write decision cannot interleave with another connection's write.
 */
export function writeTransaction<T>(db: Db, fn: () => T): T {
  return db.transaction(fn).immediate();
}

/** Whether the database answers a query (the health check). */
export function databaseAnswers(db: Db): boolean {
  try {
    return db.prepare('SELECT 1 AS ok').get() !== undefined;
  } catch {
    return false;
  }
}
