import { writeTransaction, type Db } from '../db/open-database.js';

export interface OutOfOfficeEntry {
  id: number;
  email: string;
  name: string | null;
  fromDate: string;
  toDate: string;
}

const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written YYYY-MM-DD. */
export function isLocalDate(value: string): boolean {
  const m = datePattern.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/** The calendar date (YYYY-MM-DD) that `now` falls on in `timeZone`. */
export function localDate(now: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/**
 * Marks a roster person out of office for local dates `from`..`to` inclusive,
 * so round robin passes them over. Throws an Error with a one-line reason.
 */
export function addOutOfOffice(db: Db, emailArg: string, from: string, to: string, now: Date): OutOfOfficeEntry {
  const email = emailArg.trim().toLowerCase();
  if (!isLocalDate(from)) throw new Error(`FROM must be a date like 2026-01-31, not "${from}"`);
  if (!isLocalDate(to)) throw new Error(`TO must be a date like 2026-01-31, not "${to}"`);
  if (from > to) throw new Error(`FROM ${from} is after TO ${to}`);
  return writeTransaction(db, () => {
    const person = db.prepare<[string], { name: string }>('SELECT name FROM people WHERE email = ? LIMIT 1').get(email);
    if (person === undefined) throw new Error(`${email} is not in the roster`);
    const same = db
      .prepare<[string, string, string], { id: number }>('SELECT id FROM out_of_office WHERE email = ? AND from_date = ? AND to_date = ?')
      .get(email, from, to);
    const id =
      same?.id ??
      Number(
        db.prepare('INSERT INTO out_of_office (email, from_date, to_date, created_at) VALUES (?, ?, ?, ?)').run(email, from, to, now.toISOString())
          .lastInsertRowid,
      );
    if (same === undefined) {
      db.prepare(`INSERT INTO audit (trial_id, actor, action, detail, at) VALUES (NULL, 'cli', 'ooo', ?, ?)`).run(
        `${email} out of office ${from} to ${to}`,
        now.toISOString(),
      );
    }
    return { id, email, name: person.name, fromDate: from, toDate: to };
  });
}

/** Entries that have not ended before `today` (a local date), soonest first. */
export function listOutOfOffice(db: Db, today: string): OutOfOfficeEntry[] {
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

/** Removes every out-of-office entry for `email`; returns how many there were. */
export function clearOutOfOffice(db: Db, emailArg: string, now: Date): number {
  const email = emailArg.trim().toLowerCase();
  return writeTransaction(db, () => {
    const removed = db.prepare('DELETE FROM out_of_office WHERE email = ?').run(email).changes;
    if (removed > 0) {
      db.prepare(`INSERT INTO audit (trial_id, actor, action, detail, at) VALUES (NULL, 'cli', 'ooo-clear', ?, ?)`).run(
        `${email}: removed ${removed} out-of-office entr${removed === 1 ? 'y' : 'ies'}`,
        now.toISOString(),
      );
    }
    return removed;
  });
}
