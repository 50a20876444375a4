// How the funnel's numbers read, in Slack and in the terminal alike.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** A duration as a person says it, to the nearest minute: "under a minute", "4 min", "2 h 5 min", "3 days 2 h". */
export function duration(ms: number): string {
  const minutes = Math.round(ms / MINUTE);
  if (minutes < 1) return 'under a minute';
  if (minutes < 60) return `${minutes} min`;
  // Decided on the rounded figure: 23 h 59 min 59 s reads "1 day", not "24 h".
  if (minutes < (24 * HOUR) / MINUTE) {
    const h = Math.floor(minutes / 60);
    const m = minutes % 60;
    return m === 0 ? `${h} h` : `${h} h ${m} min`;
  }
  const hours = Math.round(ms / HOUR);
  const d = Math.floor(hours / 24);
  const h = hours % 24;
  const days = `${d} day${d === 1 ? '' : 's'}`;
  return h === 0 ? days : `${days} ${h} h`;
}

/** A fraction as a whole percentage: "44 %". */
export function percent(fraction: number): string {
  return `${Math.round(fraction * 100)} %`;
}

/** An average, to one decimal when it has one: "10.5", "3". */
export function average(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1).replace(/\.0$/, '');
}

/** How a case is named to people. */
export function caseName(caseCode: string): string {
  return caseCode === 'all' ? 'All cases' : `Case ${caseCode}`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
