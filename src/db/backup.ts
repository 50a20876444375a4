import Database from 'better-sqlite3';
import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Db } from './open-database.js';

/**
 * `admin -- backup FILE`: a consistent copy of the live database, taken while the server runs.
 * SQLite's online backup reads through this connection, so what is still in the WAL is in the
 * copy; it copies every page in one step, and a write by another connection in between makes
 * that step start over, so the copy is one moment of the database, never a mix. It is written
 * beside FILE and renamed into place once checked, as a self-contained file (no -wal to carry),
 * and never over an existing file. Returns what to print.
 */
export async function backupDatabase(db: Db, file: string): Promise<string> {
  const target = resolve(file);
  if (existsSync(target)) throw new Error(`${file} already exists: a backup never overwrites a file, give a new name`);
  const partial = `${target}.partial-${process.pid}`;
  try {
    await db.backup(partial, { progress: () => 0x7fffffff });
    const copy = new Database(partial);
    let summary: string;
    try {
      copy.pragma('journal_mode = DELETE');
      const integrity = copy.pragma('integrity_check', { simple: true });
      if (integrity !== 'ok') throw new Error(`the copy failed its integrity check: ${String(integrity)}`);
      const count = (table: string) => copy.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
      summary = `schema version ${String(copy.pragma('user_version', { simple: true }))}, ${count('trials')} trials, ${count('signups')} signups`;
    } finally {
      copy.close();
    }
    renameSync(partial, target);
    return `backed up ${db.name} to ${file} (${summary}, ${statSync(target).size} bytes)`;
  } finally {
    for (const leftover of [partial, `${partial}-journal`, `${partial}-wal`, `${partial}-shm`]) rmSync(leftover, { force: true });
  }
}
