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
