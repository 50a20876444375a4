import type { Db } from '../db/open-database.js';

export interface OutOfOfficeEntry {
  id: number;
  email: string;
  name: string | null;
  fromDate: string;
  toDate: string;
}

/** The entry's id: the one already there for the same person and dates, or a new one (`created`). */
export function insertOutOfOffice(db: Db, email: string, from: string, to: string, now: Date): { id: number; created: boolean } {
  const same = db
    .prepare<[string, string, string], { id: number }>('SELECT id FROM out_of_office WHERE email = ? AND from_date = ? AND to_date = ?')
    .get(email, from, to);
  if (same) return { id: same.id, created: false };
  const inserted = db.prepare('INSERT INTO out_of_office (email, from_date, to_date, created_at) VALUES (?, ?, ?, ?)').run(email, from, to, now.toISOString());
  return { id: Number(inserted.lastInsertRowid), created: true };
}

/** Entries that have not ended before `today` (a local date), soonest first. */
export function outOfOfficeFrom(db: Db, today: string): OutOfOfficeEntry[] {
  return db
    .prepare<[string], OutOfOfficeEntry>(
      `SELECT o.id, o.email, (SELECT MIN(p.name) FROM people p WHERE p.email = o.email) AS name,
              o.from_date AS fromDate, o.to_date AS toDate
         FROM out_of_office o
        WHERE o.to_date >= ?
        ORDER BY o.from_date, o.email, o.id`,
    )
    .all(today);
}

/** Removes every entry of `email`; returns how many there were. */
export function deleteOutOfOffice(db: Db, email: string): number {
  return db.prepare('DELETE FROM out_of_office WHERE email = ?').run(email).changes;
}
