import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrate } from './migrate.js';

export type Db = Database.Database;

/**
 * Opens the trialbot database with the settings every connection must have,
 * and brings its schema up to date. Server, CLI and jobs all open it here.
 */
export function openDatabase(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  // A lost commit is a lost signup, and the write volume is tiny: pay for the fsync.
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  migrate(db);
  return db;
}

/**
 * Runs `fn` in a write transaction taken up front (BEGIN IMMEDIATE), so a
 * read-then-write decision cannot interleave with another connection's write.
 */
export function writeTransaction<T>(db: Db, fn: () => T): T {
  return db.transaction(fn).immediate();
}
