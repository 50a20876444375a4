// The trial funnel, per week and per case, from one plain record per trial (the SQL that
// gathers them is in src/stores/funnel-store.ts). A trial counts in the week it signed up,
// its cohort: what happened to it later (instance ready, first use, conversion) counts in that
// same week, as far as it has got by the time of the report.
import { startOfLocalDay } from './deadlines.js';
import { localDates, mondayOf, shiftDate } from './funnel-weeks.js';
import { triageSla } from './triage-sla.js';

export type CaseCode = '1' | '2.1' | '2.2' | '3';
export type FunnelCase = CaseCode | 'all';

/** Each week's rows in this order: the cases, then their total. */
export const funnelCases: readonly FunnelCase[] = ['1', '2.1', '2.2', '3', 'all'];

/** What the funnel needs to know about one trial; instants are ISO-8601 UTC strings. */
export interface TrialFacts {
  caseCode: CaseCode;
  /** Signup: when the company's first signup reached trialbot and opened the trial. */
  createdAt: string;
  /** The inbound SDR's triage decision (Case 3 only). */
  decision: 'qualified' | 'disqualified' | null;
  decidedAt: string | null;
  /** As the SDR gave it: a reason's label, or "Label: what they typed". */
  disqualifyReason: string | null;
  /** Instance ready: the trial clock started (at signup for a pre-qualified trial given a pool instance). */
  startedAt: string | null;
  status: string;
  /** Extended at least once. */
  extended: boolean;
  /** First real use of the instance: a search, or a code host and a repository both added. */
  firstRealUseAt: string | null;
  /** When the instance's usage first reached PQL grade A or B. */
  pqlAt: string | null;
}

/** A percentile of durations, and how many durations it is taken over. */
export interface Durations {
  count: number;
  p50Ms: number | null;
  p90Ms: number | null;
}

export interface FunnelRow {
  /** The week's Monday, a local date in TIMEZONE. */
  week: string;
  caseCode: FunnelCase;
  /** Trials opened: a company's first signup (colleagues who join its trial are not counted again). */
  signups: number;
  /** Qualified by an inbound SDR (Case 3), or pre-qualified at signup (Cases 2.1 and 2.2). */
  qualified: number;
  /** Disqualified by an inbound SDR (Case 3). */
  disqualified: number;
  /** Disqualified, by the reason's label ("Spam", "Other", …), labels in alphabetical order. */
  disqualifiedByReason: Array<[string, number]>;
  /** From signup to the triage decision, over the Case 3 trials decided so far. */
  triage: Durations;
  /** Case 3 trials decided within the SLA, of those whose SLA is settled (decided, or undecided past it). */
  triageWithinSla: number;
  triageSlaSettled: number;
  /** Instance ready (trial clock started). */
  ready: number;
  /** From qualified (the decision, or signup when pre-qualified) to instance ready, over the qualified trials ready so far. */
  qualifyToReady: Durations;
  /** Ready trials whose first real use came by the end of day 7 / day 15 of the trial (day 0: the day it was ready). */
  activatedByDay7: number;
  activatedByDay15: number;
  /** Ready trials whose usage has reached PQL grade A or B. */
  pql: number;
  extended: number;
  converted: number;
  terminated: number;
}

/** Nearest-rank percentile (a value that occurred; p50 of 1, 2, 3, 4 is 2): null for no values. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? null;
}

/** `part` of `whole` as a fraction, or null when there is no whole to take it of. */
export function rate(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

/** PQL rate: of the trials that got their instance, those whose usage reached grade A or B. */
export const pqlRate = (r: FunnelRow) => rate(r.pql, r.ready);
/** Conversion rate: of the trials that got their instance, those converted to paid. */
export const conversionRate = (r: FunnelRow) => rate(r.converted, r.ready);
/** Share of settled Case 3 leads decided within the triage SLA. */
export const triageSlaRate = (r: FunnelRow) => rate(r.triageWithinSla, r.triageSlaSettled);

/** The reason's label: "Other: too early" → "Other". */
export function reasonLabel(reason: string | null): string {
  const text = (reason ?? '').trim();
  if (!text) return 'No reason given';
  const colon = text.indexOf(': ');
  return colon > 0 ? text.slice(0, colon) : text;
}

function durations(values: number[]): Durations {
  return { count: values.length, p50Ms: percentile(values, 50), p90Ms: percentile(values, 90) };
}

/** What is worked out once per trial, whichever rows (its case's, the week's total) it counts in. */
interface Derived {
  facts: TrialFacts;
  activatedByDay7: boolean;
  activatedByDay15: boolean;
}

/**
 * Where each local day starts, remembered: the trials of a few weeks start on a few dozen dates,
 * and working a zone's midnight out (~20 µs) for each of 10,000 trials was most of a report.
 */
function dayStarts(zone: string): (date: string) => number {
  const known = new Map<string, number>();
  return (date) => {
    let at = known.get(date);
    if (at === undefined) known.set(date, (at = startOfLocalDay(date, zone).getTime()));
    return at;
  };
}

/** What the per-trial arithmetic needs of the zone, worked out once per report. */
interface Calendar {
  dayStart: (date: string) => number;
  localDate: (instant: string) => string;
}

const calendar = (zone: string): Calendar => ({ dayStart: dayStarts(zone), localDate: localDates(zone) });

function derive(t: TrialFacts, cal: Calendar): Derived {
  if (!t.startedAt || !t.firstRealUseAt) return { facts: t, activatedByDay7: false, activatedByDay15: false };
  // Day 0 is the local date the trial started, as `/trial status` counts; day n ends when day n + 1 starts.
  const startOn = cal.localDate(t.startedAt);
  const dayStart = cal.dayStart;
  const used = Date.parse(t.firstRealUseAt);
  return {
    facts: t,
    activatedByDay7: used < dayStart(shiftDate(startOn, 8)),
    activatedByDay15: used < dayStart(shiftDate(startOn, 16)),
  };
}

/** Counts one group of trials (one week and case, or a week's total) at `now`. */
function count(week: string, caseCode: FunnelCase, trials: readonly Derived[], now: Date): FunnelRow {
  const ms = (iso: string) => Date.parse(iso);
  const reasons = new Map<string, number>();
  const triageTimes: number[] = [];
  const readyTimes: number[] = [];
  const row: FunnelRow = {
    week,
    caseCode,
    signups: trials.length,
    qualified: 0,
    disqualified: 0,
    disqualifiedByReason: [],
    triage: durations([]),
    triageWithinSla: 0,
    triageSlaSettled: 0,
    ready: 0,
    qualifyToReady: durations([]),
    activatedByDay7: 0,
    activatedByDay15: 0,
    pql: 0,
    extended: 0,
    converted: 0,
    terminated: 0,
  };
  for (const { facts: t, activatedByDay7, activatedByDay15 } of trials) {
    const prequalified = t.caseCode === '2.1' || t.caseCode === '2.2';
    if (t.decision === 'qualified' || prequalified) row.qualified++;
    if (t.decision === 'disqualified') {
      row.disqualified++;
      const label = reasonLabel(t.disqualifyReason);
      reasons.set(label, (reasons.get(label) ?? 0) + 1);
    }
    if (t.caseCode === '3') {
      if (t.decidedAt) triageTimes.push(ms(t.decidedAt) - ms(t.createdAt));
      const sla = triageSla(new Date(t.createdAt), t.decidedAt ? new Date(t.decidedAt) : null, now);
      if (sla !== 'pending') row.triageSlaSettled++;
      if (sla === 'met') row.triageWithinSla++;
    }
    if (t.startedAt) {
      row.ready++;
      const qualifiedAt = prequalified ? t.createdAt : t.decision === 'qualified' ? t.decidedAt : null;
      if (qualifiedAt) readyTimes.push(Math.max(0, ms(t.startedAt) - ms(qualifiedAt)));
      if (activatedByDay7) row.activatedByDay7++;
      if (activatedByDay15) row.activatedByDay15++;
      if (t.pqlAt) row.pql++;
    }
    if (t.extended) row.extended++;
    if (t.status === 'converted') row.converted++;
    if (t.status === 'terminated') row.terminated++;
  }
  row.disqualifiedByReason = [...reasons].sort(([a], [b]) => a.localeCompare(b));
  row.triage = durations(triageTimes);
  row.qualifyToReady = durations(readyTimes);
  return row;
}

/**
 * The funnel of `weeks` (Mondays), one row per week and case (`funnelCases` order), empty
 * weeks included; trials signed up outside those weeks are left out.
 */
export function funnelRows(trials: readonly TrialFacts[], weeks: readonly string[], now: Date, zone: string): FunnelRow[] {
  const cal = calendar(zone);
  const byWeek = new Map<string, Derived[]>(weeks.map((w) => [w, []]));
  for (const t of trials) byWeek.get(mondayOf(cal.localDate(t.createdAt)))?.push(derive(t, cal));
  return weeks.flatMap((week) => {
    const all = byWeek.get(week) ?? [];
    return funnelCases.map((c) => count(week, c, c === 'all' ? all : all.filter((d) => d.facts.caseCode === c), now));
  });
}
