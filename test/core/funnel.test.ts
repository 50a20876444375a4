import { describe, expect, it } from 'vitest';
import { conversionRate, funnelRows, percentile, pqlRate, rate, reasonLabel, triageSlaRate, type TrialFacts } from '../../src/core/funnel.js';
import { triageSla } from '../../src/core/triage-sla.js';
import { duration, percent } from '../../src/messages/funnel-wording.js';

const MIN = 60_000;

describe('percentiles and rates', () => {
  it('nearest rank: a value that occurred, the smallest with at least p % at or below it', () => {
    expect(percentile([], 50)).toBeNull();
    expect(percentile([7], 90)).toBe(7);
    expect(percentile([4, 1, 3, 2], 50)).toBe(2);
    expect(percentile([4, 1, 3, 2], 90)).toBe(4);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 90)).toBe(10);
  });

  it('a rate of nothing is no rate, not 0 %', () => {
    expect(rate(0, 0)).toBeNull();
    expect(rate(1, 4)).toBe(0.25);
  });

  it('a disqualification counts under its reason’s label, whatever the SDR typed after it', () => {
    expect(reasonLabel('Spam')).toBe('Spam');
    expect(reasonLabel('Other: too early: call back in May')).toBe('Other');
    expect(reasonLabel('Too small / not a fit')).toBe('Too small / not a fit');
    expect(reasonLabel(null)).toBe('No reason given');
  });

  it('reads durations and shares as a person says them', () => {
    expect(duration(20_000)).toBe('under a minute');
    expect(duration(4 * MIN)).toBe('4 min');
    expect(duration(125 * MIN)).toBe('2 h 5 min');
    expect(duration(26 * 60 * MIN)).toBe('1 day 2 h');
    expect(duration(24 * 60 * MIN - 1000)).toBe('1 day');
    expect(duration(59 * MIN + 59_000)).toBe('1 h');
    expect(duration(72 * 60 * MIN)).toBe('3 days');
    expect(percent(4 / 9)).toBe('44 %');
  });
});

describe('the triage SLA (5 minutes)', () => {
  const created = new Date('2026-12-07T10:00:00Z');
  it('met at exactly 5 minutes, missed a second later; undecided is pending until it runs out', () => {
    expect(triageSla(created, new Date('2026-12-07T10:05:00Z'), created)).toBe('met');
    expect(triageSla(created, new Date('2026-12-07T10:05:01Z'), created)).toBe('missed');
    expect(triageSla(created, null, new Date('2026-12-07T10:04:00Z'))).toBe('pending');
    expect(triageSla(created, null, new Date('2026-12-07T10:06:00Z'))).toBe('missed');
  });
});

const base: TrialFacts = {
  caseCode: '3',
  createdAt: '2026-12-07T10:00:00.000Z',
  decision: null,
  decidedAt: null,
  disqualifyReason: null,
  startedAt: null,
  status: 'triage',
  extended: false,
  firstRealUseAt: null,
  pqlAt: null,
};
const at = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * MIN).toISOString();

describe('the funnel of a week, counted by hand', () => {
  const zone = 'Europe/Berlin';
  const now = new Date('2026-12-30T12:00:00Z');
  const weeks = ['2026-11-30', '2026-12-07'];
  const trials: TrialFacts[] = [
    // Case 3, qualified in 3 min, ready 2 h later, first used on day 7 (late evening, Berlin), PQL, extended, converted.
    {
      ...base,
      decision: 'qualified',
      decidedAt: at(base.createdAt, 3),
      startedAt: '2026-12-07T12:03:00.000Z',
      firstRealUseAt: '2026-12-14T22:30:00.000Z',
      pqlAt: '2026-12-16T09:00:00.000Z',
      status: 'converted',
      extended: true,
    },
    // Case 3, disqualified in 10 min as spam.
    {
      ...base,
      createdAt: '2026-12-08T09:00:00.000Z',
      decision: 'disqualified',
      decidedAt: '2026-12-08T09:10:00.000Z',
      disqualifyReason: 'Spam',
      status: 'disqualified',
    },
    // Case 3, disqualified in 4 min, "Other" with a note.
    {
      ...base,
      createdAt: '2026-12-09T09:00:00.000Z',
      decision: 'disqualified',
      decidedAt: '2026-12-09T09:04:00.000Z',
      disqualifyReason: 'Other: wants self-hosted',
      status: 'disqualified',
    },
    // Case 3 still in triage: its SLA ran out long ago.
    { ...base, createdAt: '2026-12-10T09:00:00.000Z' },
    // Case 2.2 with a pool instance: qualified and ready at signup, used on day 8 (too late for day 7), terminated.
    {
      ...base,
      caseCode: '2.2',
      createdAt: '2026-12-11T09:00:00.000Z',
      startedAt: '2026-12-11T09:00:00.000Z',
      firstRealUseAt: '2026-12-19T09:00:00.000Z',
      status: 'terminated',
    },
    // Signed up at 23:30 UTC on Sunday 6 Dec: Monday 7 Dec in Berlin, so this week.
    { ...base, caseCode: '1', createdAt: '2026-12-06T23:30:00.000Z', status: 'existing' },
    // 22:30 UTC on Sunday 6 Dec is still Sunday in Berlin: the week before.
    { ...base, caseCode: '1', createdAt: '2026-12-06T22:30:00.000Z', status: 'existing' },
  ];
  const rows = funnelRows(trials, weeks, now, zone);
  const row = (week: string, c: string) => rows.find((r) => r.week === week && r.caseCode === c)!;

  it('has one row per week and case, in order, empty ones included', () => {
    expect(rows.map((r) => `${r.week} ${r.caseCode}`)).toEqual([
      '2026-11-30 1',
      '2026-11-30 2.1',
      '2026-11-30 2.2',
      '2026-11-30 3',
      '2026-11-30 all',
      '2026-12-07 1',
      '2026-12-07 2.1',
      '2026-12-07 2.2',
      '2026-12-07 3',
      '2026-12-07 all',
    ]);
    expect(row('2026-12-07', '2.1')).toMatchObject({ signups: 0, qualified: 0, triage: { count: 0, p50Ms: null }, ready: 0 });
    expect(pqlRate(row('2026-12-07', '2.1'))).toBeNull();
  });

  it('counts every step of this week’s total', () => {
    const all = row('2026-12-07', 'all');
    expect(all).toMatchObject({
      signups: 6,
      qualified: 2, // the Case 3 lead qualified, and the pre-qualified 2.2
      disqualified: 2,
      disqualifiedByReason: [
        ['Other', 1],
        ['Spam', 1],
      ],
      // Decided in 3, 10 and 4 minutes: median 4, 90th percentile 10.
      triage: { count: 3, p50Ms: 4 * MIN, p90Ms: 10 * MIN },
      // Met: 3 and 4 minutes; missed: 10 minutes and the undecided one.
      triageWithinSla: 2,
      triageSlaSettled: 4,
      ready: 2,
      // 120 minutes after qualifying, and 0 for the pool instance.
      qualifyToReady: { count: 2, p50Ms: 0, p90Ms: 120 * MIN },
      // Day 7 of a trial that started on 7 Dec (Berlin) ends at midnight 14/15 Dec Berlin: 22:30 UTC on the 14th is 23:30 in Berlin, in time.
      activatedByDay7: 1,
      activatedByDay15: 2,
      pql: 1,
      extended: 1,
      converted: 1,
      terminated: 1,
    });
    expect(triageSlaRate(all)).toBe(0.5);
    expect(pqlRate(all)).toBe(0.5);
    expect(conversionRate(all)).toBe(0.5);
  });

  it('splits by case, and the week before holds only the Sunday-evening signup', () => {
    expect(row('2026-12-07', '3')).toMatchObject({ signups: 4, qualified: 1, disqualified: 2, ready: 1, activatedByDay7: 1 });
    expect(row('2026-12-07', '2.2')).toMatchObject({ signups: 1, qualified: 1, ready: 1, activatedByDay7: 0, activatedByDay15: 1, triageSlaSettled: 0 });
    expect(row('2026-12-07', '1')).toMatchObject({ signups: 1, qualified: 0, ready: 0 });
    expect(row('2026-11-30', 'all')).toMatchObject({ signups: 1 });
    expect(row('2026-11-30', '1')).toMatchObject({ signups: 1 });
  });

  it('a lead still inside its 5 minutes counts for neither side of the SLA', () => {
    const fresh = funnelRows([{ ...base, createdAt: '2026-12-07T10:00:00.000Z' }], ['2026-12-07'], new Date('2026-12-07T10:02:00Z'), zone);
    expect(fresh.find((r) => r.caseCode === '3')).toMatchObject({ triageWithinSla: 0, triageSlaSettled: 0 });
  });
});
