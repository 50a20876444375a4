import { writeTransaction, type Db } from '../db/open-database.js';
import { audit } from '../stores/audit-log.js';
import { deleteOutOfOffice, insertOutOfOffice, outOfOfficeFrom, type OutOfOfficeEntry } from '../stores/out-of-office-store.js';
import { personByEmail } from '../stores/people-store.js';

export type { OutOfOfficeEntry };

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
    const person = personByEmail(db, email);
    if (person === undefined) throw new Error(`${email} is not in the roster`);
    const { id, created } = insertOutOfOffice(db, email, from, to, now);
    if (created) audit(db, { trialId: null, actor: 'cli', action: 'ooo', detail: `${email} out of office ${from} to ${to}` }, now);
    return { id, email, name: person.name, fromDate: from, toDate: to };
  });
}

/** Entries that have not ended before `today` (a local date), soonest first. */
export function listOutOfOffice(db: Db, today: string): OutOfOfficeEntry[] {
  return outOfOfficeFrom(db, today);
}

/** Removes every out-of-office entry for `email`; returns how many there were. */
export function clearOutOfOffice(db: Db, emailArg: string, now: Date): number {
  const email = emailArg.trim().toLowerCase();
  return writeTransaction(db, () => {
    const removed = deleteOutOfOffice(db, email);
    if (removed > 0) {
      audit(
        db,
        { trialId: null, actor: 'cli', action: 'ooo-clear', detail: `${email}: removed ${removed} out-of-office entr${removed === 1 ? 'y' : 'ies'}` },
        now,
      );
    }
    return removed;
  });
}
