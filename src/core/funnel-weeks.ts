// Weeks as the business counts them: Monday to Sunday in TIMEZONE (ISO weeks). A week is named
// by its Monday, a local date (YYYY-MM-DD); the instants it spans come from the zone, so a
// week across a DST change is 167 or 169 hours long and still starts at local midnight.
import { TZDate } from '@date-fns/tz';
import { addLocalDays, localDate, startOfLocalDay } from './deadlines.js';

/** Day of the week of a local date: 0 Monday … 6 Sunday. Calendar dates carry no zone. */
function isoWeekday(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
}

/** The Monday of the local week `date` falls in. */
export function mondayOf(date: string): string {
  return addLocalDays(date, -isoWeekday(date));
}

/** The Monday (local date) of the week an instant falls in, in `zone`. */
export function weekOf(instant: Date, zone: string): string {
  return mondayOf(localDate(instant, zone));
}

/** The instants a week spans: [from, to), from Monday 00:00 to the next Monday 00:00, local. */
export function weekRange(monday: string, zone: string): { from: Date; to: Date } {
  return { from: startOfLocalDay(monday, zone), to: startOfLocalDay(addLocalDays(monday, 7), zone) };
}

/** `count` consecutive weeks (their Mondays, oldest first) ending with the week `monday`. */
export function weeksEndingWith(monday: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => addLocalDays(monday, -7 * (count - 1 - i)));
}

/** When a week's digest falls due: the following Monday at this local hour. */
export const DIGEST_HOUR = 9;

/**
 * The week whose digest is due at `now`: the last full week once this week's Monday 09:00
 * (local) has come, else the one before it. A bot down over Monday morning catches up on
 * start-up with that one week, never with every week it missed.
 */
export function dueDigestWeek(now: Date, zone: string): string {
  const monday = weekOf(now, zone);
  const [y, m, d] = monday.split('-').map(Number) as [number, number, number];
  const dueAt = new TZDate(y, m - 1, d, DIGEST_HOUR, 0, zone).getTime();
  return addLocalDays(monday, now.getTime() >= dueAt ? -7 : -14);
}

const dayFormat = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' });
const dayYearFormat = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });

function utcNoon(date: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d, 12));
}

/** A local date as a person writes it: "Thu 3 Dec", with the year when it is not `thisYear`'s. */
export function dayLabel(date: string, thisYear?: string): string {
  const parts = (thisYear && date.slice(0, 4) !== thisYear.slice(0, 4) ? dayYearFormat : dayFormat).formatToParts(utcNoon(date));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return [part('weekday'), part('day'), part('month'), part('year')].filter(Boolean).join(' ');
}

/** "Mon 7 Dec – Sun 13 Dec"; a week across New Year names both years: "Mon 28 Dec 2026 – Sun 3 Jan 2027". */
export function weekLabel(monday: string): string {
  const sunday = addLocalDays(monday, 6);
  const acrossYears = monday.slice(0, 4) !== sunday.slice(0, 4);
  return acrossYears ? `${dayLabel(monday, '0000')} – ${dayLabel(sunday, '0000')}` : `${dayLabel(monday)} – ${dayLabel(sunday)}`;
}
