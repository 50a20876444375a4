// Dates as a person writes them ("Tue 17 Mar", "Tue 17 Mar, 14:05"), never ISO: in messages people read.

const dayFormat = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });

/** A local date (YYYY-MM-DD) as "Tue 17 Mar"; with the year when it is not `thisYear`. */
export function humanDay(localDate: string, thisYear?: number): string {
  const [y, m, d] = localDate.split('-').map(Number) as [number, number, number];
  const text = dayFormat.format(new Date(Date.UTC(y, m - 1, d))).replace(',', '');
  return thisYear !== undefined && y !== thisYear ? `${text} ${y}` : text;
}

const timeFormats = new Map<string, Intl.DateTimeFormat>();

/** One formatter per zone: building one costs far more than formatting, and a status shows several times. */
function timeFormat(zone: string): Intl.DateTimeFormat {
  let format = timeFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZone: zone,
    });
    timeFormats.set(zone, format);
  }
  return format;
}

/** A local date with its year, "Tue 17 Mar 2026": for text read long after it was written (GitHub issues). */
export function humanDayWithYear(localDate: string): string {
  return `${humanDay(localDate)} ${localDate.slice(0, 4)}`;
}

// The same few instants (a trial's audit lines, its deadlines) are shown again on every status,
// card and Home redraw; a minute always reads the same in a zone. Bounded: cleared when full.
const shownTimes = new Map<string, string>();
const MAX_SHOWN_TIMES = 5000;

/** An instant as "Tue 17 Mar, 14:05" in `zone`. */
export function humanTime(at: Date | string, zone: string): string {
  const ms = new Date(at).getTime();
  const key = `${zone} ${Math.floor(ms / 60_000)}`;
  const known = shownTimes.get(key);
  if (known !== undefined) return known;
  // One formatting call instead of a TZDate and its getters: half the cost.
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const part of timeFormat(zone).formatToParts(ms)) parts[part.type] = part.value;
  const text = `${parts.weekday} ${parts.day} ${parts.month}, ${parts.hour}:${parts.minute}`;
  if (shownTimes.size >= MAX_SHOWN_TIMES) shownTimes.clear();
  shownTimes.set(key, text);
  return text;
}

/** ISO dates and instants written in a text (an audit detail) as a person writes them, instants in `zone`. */
export function humanDates(text: string, zone: string): string {
  return text.replace(/\b(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z)?\b/g, (all, day: string, time: string | undefined) =>
    time ? humanTime(all, zone) : humanDay(day),
  );
}
