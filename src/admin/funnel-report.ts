// `npm run admin -- report [--weeks N] [--csv FILE]`: the trial funnel per week and case.
import { writeFileSync } from 'node:fs';
import { loadDatabaseSettings } from '../config.js';
import { conversionRate, pqlRate, triageSlaRate, type Durations, type FunnelRow } from '../core/funnel.js';
import { addLocalDays } from '../core/deadlines.js';
import { dayLabel, weekLabel, weekOf } from '../core/funnel-weeks.js';
import { TRIAGE_SLA_MINUTES } from '../core/triage-sla.js';
import type { Db } from '../db/open-database.js';
import { disqualifyReasons } from '../core/disqualify-reasons.js';
import { caseName, duration, percent } from '../messages/funnel-wording.js';
import { recentFunnelRows } from '../stores/funnel-store.js';
import { alignColumns } from './audit-report.js';

export const DEFAULT_WEEKS = 4;
const MAX_WEEKS = 104;

export interface ReportArgs {
  weeks: number;
  csv: string | null;
}

/** `[--weeks N] [--csv FILE]`, or what is wrong with them. */
export function parseReportArgs(args: string[]): ReportArgs | { error: string } {
  const parsed: ReportArgs = { weeks: DEFAULT_WEEKS, csv: null };
  const seen = new Set<string>();
  for (let i = 0; i < args.length; i += 2) {
    const [flag = '', value] = [args[i], args[i + 1]];
    if (flag !== '--weeks' && flag !== '--csv') return { error: `report takes --weeks N and --csv FILE, not "${flag}"` };
    if (seen.has(flag)) return { error: `report takes ${flag} once` };
    seen.add(flag);
    if (value === undefined || value.startsWith('--')) return { error: `${flag} takes ${flag === '--weeks' ? 'a number of weeks' : 'a FILE to write'}` };
    if (flag === '--csv') parsed.csv = value;
    else if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > MAX_WEEKS)
      return { error: `--weeks takes a whole number from 1 to ${MAX_WEEKS}, not "${value}"` };
    else parsed.weeks = Number(value);
  }
  return parsed;
}

/** The last `weeks` weeks' rows, this week (so far) the last of them. */
export const reportRows = recentFunnelRows;

const none = '—';
const ofDurations = (d: Durations, key: 'p50Ms' | 'p90Ms') => (d[key] === null ? none : d[key] < 30_000 ? '< 1 min' : duration(d[key]));
const share = (n: number, fraction: number | null) => (fraction === null ? none : `${n} (${percent(fraction)})`);

/** The rows as an aligned table, with what each column means. */
export function reportTable(rows: FunnelRow[], zone: string, now: Date): string {
  const thisWeek = weekOf(now, zone);
  const header = [
    'week of',
    'case',
    'signups',
    'qualified',
    'disqualified',
    'triage p50',
    'triage p90',
    `within ${TRIAGE_SLA_MINUTES} min`,
    'ready',
    'to ready p50',
    'to ready p90',
    'active by day 7',
    'by day 15',
    'PQL',
    'extended',
    'converted',
    'terminated',
    'conversion',
    'disqualified because',
  ];
  const body = rows.map((r) => {
    const sla = triageSlaRate(r);
    const conversion = conversionRate(r);
    return [
      r.caseCode === '1' ? `${dayLabel(r.week, now.toISOString())}${r.week === thisWeek ? ' (so far)' : ''}` : '',
      caseName(r.caseCode),
      String(r.signups),
      String(r.qualified),
      String(r.disqualified),
      ofDurations(r.triage, 'p50Ms'),
      ofDurations(r.triage, 'p90Ms'),
      sla === null ? none : `${r.triageWithinSla}/${r.triageSlaSettled} (${percent(sla)})`,
      String(r.ready),
      ofDurations(r.qualifyToReady, 'p50Ms'),
      ofDurations(r.qualifyToReady, 'p90Ms'),
      String(r.activatedByDay7),
      String(r.activatedByDay15),
      share(r.pql, pqlRate(r)),
      String(r.extended),
      String(r.converted),
      String(r.terminated),
      conversion === null ? none : percent(conversion),
      r.disqualifiedByReason.map(([label, n]) => `${label} ${n}`).join(', '),
    ];
  });
  const year = now.toISOString();
  const [firstRow, lastRow] = [rows[0], rows.at(-1)];
  const span = firstRow && lastRow ? `${dayLabel(firstRow.week, year)} – ${dayLabel(addLocalDays(lastRow.week, 6), year)}` : '';
  return [
    `Trial funnel, ${span} (weeks Monday to Sunday, ${zone})`,
    '',
    alignColumns(header, body),
    '',
    'A trial counts in the week it signed up; its later steps count there too, as far as it has got.',
    `triage: signup to the inbound SDR's decision (Case 3), within ${TRIAGE_SLA_MINUTES} min of those decided or overdue. ready: instance ready, the trial clock started.`,
    'to ready: qualified (or signup, when pre-qualified) to instance ready. active: first search, or a code host and a repository added, by the end of day 7 / 15.',
    'PQL: usage grade A or B, of the trials ready. conversion: converted, of the trials ready. p50/p90: median and 90th percentile (nearest rank).',
  ].join('\n');
}

/** `disqualified_spam` for the reasons the modal offers, a slug of the label for any other. */
function reasonColumn(label: string): string {
  const known = Object.entries(disqualifyReasons).find(([, l]) => l === label)?.[0];
  return `disqualified_${
    known ??
    label
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_|_$/g, '')
  }`;
}

function csvCell(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const minutes = (ms: number | null) => (ms === null ? null : Math.round((ms / 60_000) * 100) / 100);
const fraction = (f: number | null) => (f === null ? null : Math.round(f * 10_000) / 10_000);

/** One header row, one row per week and case; durations in minutes, rates as fractions, empty where there is none. */
export function reportCsv(rows: FunnelRow[]): string {
  const reasons = [...new Set([...Object.values(disqualifyReasons), ...rows.flatMap((r) => r.disqualifiedByReason.map(([label]) => label))])];
  const header = [
    'week_start',
    'week',
    'case',
    'signups',
    'qualified',
    'disqualified',
    ...reasons.map(reasonColumn),
    'triage_decisions',
    'triage_p50_minutes',
    'triage_p90_minutes',
    'triage_within_sla',
    'triage_sla_settled',
    'triage_within_sla_rate',
    'ready',
    'qualify_to_ready_p50_minutes',
    'qualify_to_ready_p90_minutes',
    'activated_by_day_7',
    'activated_by_day_15',
    'pql',
    'pql_rate',
    'extended',
    'converted',
    'terminated',
    'conversion_rate',
  ];
  const lines = rows.map((r) => {
    const byReason = new Map(r.disqualifiedByReason);
    return [
      r.week,
      weekLabel(r.week),
      r.caseCode,
      r.signups,
      r.qualified,
      r.disqualified,
      ...reasons.map((label) => byReason.get(label) ?? 0),
      r.triage.count,
      minutes(r.triage.p50Ms),
      minutes(r.triage.p90Ms),
      r.triageWithinSla,
      r.triageSlaSettled,
      fraction(triageSlaRate(r)),
      r.ready,
      minutes(r.qualifyToReady.p50Ms),
      minutes(r.qualifyToReady.p90Ms),
      r.activatedByDay7,
      r.activatedByDay15,
      r.pql,
      fraction(pqlRate(r)),
      r.extended,
      r.converted,
      r.terminated,
      fraction(conversionRate(r)),
    ];
  });
  return [header, ...lines].map((line) => line.map(csvCell).join(',')).join('\n') + '\n';
}

/** The report as the CLI prints it, or the line saying where the CSV went. */
export function funnelReport(db: Db, args: ReportArgs, env: Record<string, string | undefined>, now: Date): string {
  // A mistyped TIMEZONE would silently shift every week: refused with one line, as at start-up.
  const zone = loadDatabaseSettings({ TIMEZONE: env.TIMEZONE }).TIMEZONE;
  const rows = reportRows(db, args.weeks, zone, now);
  if (!args.csv) return reportTable(rows, zone, now);
  try {
    writeFileSync(args.csv, reportCsv(rows));
  } catch (err) {
    throw new Error(`cannot write ${args.csv}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  return `wrote ${rows.length} rows (${args.weeks} week${args.weeks === 1 ? '' : 's'} × ${rows.length / args.weeks} cases) to ${args.csv}`;
}
