import type { Db } from '../db/open-database.js';

/** Small facts the bot keeps about itself (e.g. since when the pool is low). */
export function botState(db: Db, name: string): string | undefined {
  return (db.prepare(`SELECT value FROM bot_state WHERE name = ?`).get(name) as { value: string } | undefined)?.value;
}

export function setBotState(db: Db, name: string, value: string | null): void {
  if (value === null) db.prepare(`DELETE FROM bot_state WHERE name = ?`).run(name);
  else db.prepare(`INSERT INTO bot_state (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value`).run(name, value);
}

/** Sets `name` unless it is set already (a marker keeps its first value). */
export function setBotStateOnce(db: Db, name: string, value: string): void {
  db.prepare('INSERT OR IGNORE INTO bot_state (name, value) VALUES (?, ?)').run(name, value);
}
