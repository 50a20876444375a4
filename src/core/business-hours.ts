// Business time (seed 001: first touch within 5 minutes, a firm 24-hour SLA — of working time):
// evenings and weekends do not count. `BUSINESS_HOURS` is written as people write it,
// `Mon-Fri 09:00-18:00`, in TIMEZONE; the clock change of a DST night is the zone's business.
import { TZDate } from '@date-fns/tz';

export interface BusinessHours {
  /** Days of the week that are working days, 0 = Sunday. */
  days: ReadonlySet<number>;
  /** Minutes after local midnight the working day starts and ends. */
  start: number;
  end: number;
}

const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const SPEC = /^\s*([A-Za-z]{3})(?:\s*-\s*([A-Za-z]{3}))?(?:\s*,\s*([A-Za-z,\s]+?))?\s+(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$/;

/** `Mon-Fri 09:00-18:00` (or `Mon,Wed,Fri 08:30-17:00`), or what is wrong with it. */
export function parseBusinessHours(spec: string): BusinessHours | { problem: string } {
  const m = SPEC.exec(spec);
  const dayOf = (name: string | undefined) => (name ? DAY_NAMES.indexOf(name.toLowerCase()) : -1);
  if (!m) return { problem: `"${spec}" is not like "Mon-Fri 09:00-18:00"` };
  const first = dayOf(m[1]);
  const last = m[2] ? dayOf(m[2]) : first;
  const extra = (m[3] ?? '')
    .split(',')
    .map((d) => d.trim())
    .filter(Boolean)
    .map(dayOf);
  if (first < 0 || last < 0 || extra.some((d) => d < 0)) return { problem: `"${spec}" names a day that is not Mon, Tue, Wed, Thu, Fri, Sat or Sun` };
  const days = new Set<number>(extra);
  for (let d = first; ; d = (d + 1) % 7) {
    days.add(d);
    if (d === last) break;
  }
  const start = Number(m[4]) * 60 + Number(m[5]);
  const end = Number(m[6]) * 60 + Number(m[7]);
  if (Number(m[5]) > 59 || Number(m[7]) > 59 || end > 24 * 60 || start >= end) return { problem: `"${spec}" has no working hours between its times` };
  return { days, start, end };
}

/** The working window of the local day `date` starts on, as instants; null on a day off. */
function windowOf(year: number, month: number, day: number, zone: string, hours: BusinessHours): { from: number; to: number } | null {
  const weekday = new TZDate(year, month, day, 12, 0, zone).getDay();
  if (!hours.days.has(weekday)) return null;
  const at = (minutes: number) => new TZDate(year, month, day, Math.floor(minutes / 60), minutes % 60, zone).getTime();
  return { from: at(hours.start), to: at(hours.end) };
}

/** Each local day's working window from the day of `from` on, at most `limit` days. */
function* windows(from: Date, zone: string, hours: BusinessHours, limit = 800): Generator<{ from: number; to: number }> {
  const local = new TZDate(from.getTime(), zone);
  for (let i = 0; i < limit; i++) {
    const day = new TZDate(local.getFullYear(), local.getMonth(), local.getDate() + i, 12, 0, zone);
    const w = windowOf(day.getFullYear(), day.getMonth(), day.getDate(), zone, hours);
    if (w) yield w;
  }
}

/** The instant `minutes` of working time after `from` (from the next opening, when `from` is outside hours). */
export function addBusinessMinutes(from: Date, minutes: number, zone: string, hours: BusinessHours): Date {
  let left = minutes * 60_000;
  for (const w of windows(from, zone, hours)) {
    const start = Math.max(w.from, from.getTime());
    if (start >= w.to) continue;
    if (start + left <= w.to) return new Date(start + left);
    left -= w.to - start;
  }
  throw new RangeError(`no ${minutes} working minutes within the next two years: check BUSINESS_HOURS`);
}

/** Working minutes between two instants (0 when `to` is not after `from`). */
export function businessMinutesBetween(from: Date, to: Date, zone: string, hours: BusinessHours): number {
  if (to <= from) return 0;
  let ms = 0;
  for (const w of windows(from, zone, hours)) {
    if (w.from >= to.getTime()) break;
    ms += Math.max(0, Math.min(w.to, to.getTime()) - Math.max(w.from, from.getTime()));
  }
  return Math.floor(ms / 60_000);
}

/** Whether `at` falls inside working hours. */
export function inBusinessHours(at: Date, zone: string, hours: BusinessHours): boolean {
  const local = new TZDate(at.getTime(), zone);
  const w = windowOf(local.getFullYear(), local.getMonth(), local.getDate(), zone, hours);
  return w !== null && at.getTime() >= w.from && at.getTime() < w.to;
}
