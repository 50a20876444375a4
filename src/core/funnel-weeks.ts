// Weeks as the business counts them: Monday to Sunday in TIMEZONE (ISO weeks). A week is named
// by its Monday, a local date (YYYY-MM-DD); the instants it spans come from the zone, so a
// week across a DST change is 167 or 169 hours long and still starts at local midnight.
import { TZDate } from '@date-fns/tz';
import { localDate, startOfLocalDay } from './deadlines.js';

function utcMidnight(date: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d));
}

/**
 * `date` plus `days` calendar days. Plain UTC arithmetic (calendar dates carry no zone): the
 * same answer as `addLocalDays`, at a hundredth of its cost, which counts over 10,000 trials.
 */
export function shiftDate(date: string, days: number): string {
  const at = utcMidnight(date);
  at.setUTCDate(at.getUTCDate() + days);
  return at.toISOString().slice(0, 10);
}

/** The Monday of the local week `date` falls in. */
export function mondayOf(date: string): string {
  return shiftDate(date, -((utcMidnight(date).getUTCDay() + 6) % 7));
}

/** The Monday (local date) of the week an instant falls in, in `zone`. */
export function weekOf(instant: Date, zone: string): string {
  return mondayOf(localDate(instant, zone));
}

const QUARTER_HOUR = 15 * 60_000;

/**
 * `localDate` for many instants: the zone's UTC offset is looked up once per quarter hour (every
 * zone changes its offset on a quarter hour), not once per instant. A report of 10,000 trials
 * spent most of its time working offsets out again for each.
 */
export function localDates(zone: string): (instant: Date | string) => string {
  const offsets = new Map<number, number>();
  return (instant) => {
    const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
    const quarter = Math.floor(ms / QUARTER_HOUR);
    let offset = offsets.get(quarter);
    if (offset === undefined) {
      offset = -new TZDate(quarter * QUARTER_HOUR, zone).getTimezoneOffset() * 60_000;
      offsets.set(quarter, offset);
    }
    return new Date(ms + offset).toISOString().slice(0, 10);
  };
}

/** The instants a week spans: [from, to), from Monday 00:00 to the next Monday 00:00, local. */
export function weekRange(monday: string, zone: string): { from: Date; to: Date } {
  return { from: startOfLocalDay(monday, zone), to: startOfLocalDay(shiftDate(monday, 7), zone) };
}

/** `count` consecutive weeks (their Mondays, oldest first) ending with the week `monday`. */
export function weeksEndingWith(monday: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => shiftDate(monday, -7 * (count - 1 - i)));
}

/** When a week's digest falls due: the following Monday at this local hour… */
export const DIGEST_HOUR = 9;
/**
 * …give or take this: the scheduler's timer may wake a hair before 09:00 by the wall clock, and
 * a run that thought it early would leave the week to the next restart.
 */
const DIGEST_EARLY_MS = 5 * 60_000;

/**
 * The week whose digest is due at `now`: the last full week once this week's Monday 09:00
 * (local) has come, else the one before it. A bot down over Monday morning catches up on
 * start-up with that one week, never with every week it missed.
 */
export function dueDigestWeek(now: Date, zone: string): string {
  const monday = weekOf(now, zone);
  const [y, m, d] = monday.split('-').map(Number) as [number, number, number];
  const dueAt = new TZDate(y, m - 1, d, DIGEST_HOUR, 0, zone).getTime() - DIGEST_EARLY_MS;
  return shiftDate(monday, now.getTime() >= dueAt ? -7 : -14);
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
  const sunday = shiftDate(monday, 6);
  const acrossYears = monday.slice(0, 4) !== sunday.slice(0, 4);
  return acrossYears ? `${dayLabel(monday, '0000')} – ${dayLabel(sunday, '0000')}` : `${dayLabel(monday)} – ${dayLabel(sunday)}`;
}
