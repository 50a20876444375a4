// Dates as a person writes them ("Tue 17 Mar", "Tue 17 Mar, 14:05"), never ISO: in messages people read.
import { TZDate } from '@date-fns/tz';

const dayFormat = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });

/** A local date (YYYY-MM-DD) as "Tue 17 Mar"; with the year when it is not `thisYear`. */
export function humanDay(localDate: string, thisYear?: number): string {
  const [y, m, d] = localDate.split('-').map(Number) as [number, number, number];
  const text = dayFormat.format(new Date(Date.UTC(y, m - 1, d))).replace(',', '');
  return thisYear !== undefined && y !== thisYear ? `${text} ${y}` : text;
}

/** An instant as "Tue 17 Mar, 14:05" in `zone`. */
export function humanTime(at: Date | string, zone: string): string {
  const local = new TZDate(new Date(at).getTime(), zone);
  const day = humanDay(`${local.getFullYear()}-${String(local.getMonth() + 1).padStart(2, '0')}-${String(local.getDate()).padStart(2, '0')}`);
  return `${day}, ${String(local.getHours()).padStart(2, '0')}:${String(local.getMinutes()).padStart(2, '0')}`;
}

/** ISO dates and instants written in a text (an audit detail) as a person writes them, instants in `zone`. */
export function humanDates(text: string, zone: string): string {
  return text.replace(/\b(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z)?\b/g, (all, day: string, time: string | undefined) =>
    time ? humanTime(all, zone) : humanDay(day),
  );
}
