import { decisionDay, localDate, type MilestoneKind } from './deadlines.js';

// Whole days between local dates (YYYY-MM-DD): "day N of the trial", "days left".
// Calendar dates carry no zone, so the count is exact across DST changes.

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function dayNumber(date: string): number {
  const m = LOCAL_DATE.exec(date);
  if (!m) throw new RangeError(`not a local date (YYYY-MM-DD): ${date}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 86_400_000;
}

/** `to` minus `from` in calendar days: negative when `to` is earlier. */
export function daysBetween(fromOn: string, toOn: string): number {
  return dayNumber(toOn) - dayNumber(fromOn);
}

/** "Day N" of the trial a decision falls on: 15 and 30 by name, an extension's end counted from the start. */
export function dayOfTrial(startedAt: string | null, dueOn: string, kind: MilestoneKind, zone: string): number {
  if (kind !== 'extension_end') return decisionDay[kind];
  if (!startedAt) return 0;
  return daysBetween(localDate(new Date(startedAt), zone), dueOn);
}
