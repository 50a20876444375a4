// Reading a database file someone else may own, without creating it or changing it: the sandbox's
// guard asks whether a file is one the sandbox made before it dares use it.
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';

const tablesOf = (db: Database.Database) =>
  (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).all() as Array<{ name: string }>).map((t) => t.name);

const hasMarker = (db: Database.Database, tables: string[], marker: string) =>
  tables.includes('bot_state') && db.prepare('SELECT 1 FROM bot_state WHERE name = ?').get(marker) !== undefined;

/** Opens an existing file read-only (never creating it), or null when it is not one SQLite opens. */
function openExisting(path: string): Database.Database | null {
  try {
    return new Database(path, { readonly: true, fileMustExist: true });
  } catch {
    return null;
  }
}

/** Whether the database file carries the `bot_state` row `marker`; false for anything SQLite cannot read. */
export function hasMarkerRow(path: string, marker: string): boolean {
  const db = openExisting(path);
  if (!db) return false;
  try {
    return hasMarker(db, tablesOf(db), marker);
  } catch {
    return false;
  } finally {
    db.close();
  }
}

/** 'ok' (absent, empty, or marked with `marker`), or why the file at `path` is not ours to use. */
export function databaseFileVerdict(path: string, marker: string): 'ok' | string {
  if (path === ':memory:' || !existsSync(path)) return 'ok';
  const db = openExisting(path);
  if (!db) return 'is not a database the sandbox made';
  try {
    const tables = tablesOf(db);
    if (hasMarker(db, tables, marker)) return 'ok';
    // A start that stopped between creating the file and seeding it left no data behind: carry on.
    const hasData = tables.some((t) => db.prepare(`SELECT 1 FROM "${t.replace(/"/g, '""')}" LIMIT 1`).get() !== undefined);
    return hasData ? 'holds data the sandbox did not make' : 'ok';
  } catch {
    return 'is not a database the sandbox made';
  } finally {
    db.close();
  }
}
