import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { describeGrade, grade, isPql, type ActivityEvent, type Grade } from '../../src/core/activity-grade.js';

const NY = 'America/New_York';
const ev = (event: ActivityEvent['event'], at: string, isPrivate = false): ActivityEvent => ({ event, private: isPrivate, at });
/** One visit at noon UTC on each of `n` consecutive days from 2026-03-01. */
const visitsOnDays = (n: number): ActivityEvent[] =>
  Array.from({ length: n }, (_, i) => ev('visit', `2026-03-${String(i + 1).padStart(2, '0')}T12:00:00.000Z`));
const day1 = '2026-03-01T12:00:00.000Z';

describe('grade: the Cloud Account table, row by row', () => {
  const cases: Array<[string, ActivityEvent[], Grade]> = [
    ['A: search, 5 days, code host, private repo', [...visitsOnDays(5), ev('search', day1), ev('code_host_added', day1), ev('repo_added', day1, true)], 'A'],
    ['A needs private code: public only is B', [...visitsOnDays(5), ev('search', day1), ev('code_host_added', day1), ev('repo_added', day1, false)], 'B'],
    ['A needs a code host: without it is B', [...visitsOnDays(5), ev('search', day1), ev('repo_added', day1, true)], 'B'],
    ['A needs 5 days: 4 days is B', [...visitsOnDays(4), ev('search', day1), ev('code_host_added', day1), ev('repo_added', day1, true)], 'B'],
    ['A needs a search: everything else without one is D', [...visitsOnDays(5), ev('code_host_added', day1), ev('repo_added', day1, true)], 'D'],
    ['B: search, 2 days, public repo', [...visitsOnDays(2), ev('search', day1), ev('repo_added', day1, false)], 'B'],
    ['B: search, 2 days, private repo', [...visitsOnDays(2), ev('search', day1), ev('repo_added', day1, true)], 'B'],
    ['B needs 2 days: 1 day is C', [ev('search', day1), ev('repo_added', day1, true), ev('code_host_added', day1)], 'C'],
    ['B needs code added: a code host alone is C', [...visitsOnDays(3), ev('search', day1), ev('code_host_added', day1)], 'C'],
    ['C: one search', [ev('search', day1)], 'C'],
    ['C: searches over many days without code', [...visitsOnDays(10), ev('search', day1), ev('search', day1)], 'C'],
    ['D: no events at all', [], 'D'],
    ['D: visits only', visitsOnDays(7), 'D'],
    ['D: code host and repos but no search', [ev('code_host_added', day1), ev('repo_added', day1, true)], 'D'],
    [
      'private flag on a non-repo event is not private code',
      [...visitsOnDays(5), ev('search', day1), ev('code_host_added', day1, true), ev('visit', day1, true)],
      'C',
    ],
  ];
  it.each(cases)('%s', (_label, events, expected) => {
    const g = grade(events, 'UTC');
    expect(g.grade).toBe(expected);
    expect(g.active).toBe(expected !== 'D');
  });
});

describe('grade: the numbers it reports', () => {
  it('counts searches, distinct days and what was added', () => {
    const g = grade(
      [
        ev('search', '2026-03-01T10:00:00.000Z'),
        ev('search', '2026-03-01T11:00:00.000Z'),
        ev('visit', '2026-03-03T10:00:00.000Z'),
        ev('repo_added', '2026-03-03T11:00:00.000Z', false),
      ],
      'UTC',
    );
    expect(g).toEqual({ grade: 'B', active: true, searches: 2, daysActive: 2, codeHostAdded: false, privateCodeAdded: false, anyCodeAdded: true });
  });

  it('does not depend on the order of events', () => {
    const events = [...visitsOnDays(5), ev('search', day1), ev('code_host_added', day1), ev('repo_added', day1, true)];
    expect(grade([...events].reverse(), 'UTC')).toEqual(grade(events, 'UTC'));
  });

  it('ignores events without a readable time', () => {
    const g = grade([ev('search', 'not a date'), ev('visit', day1)], 'UTC');
    expect(g).toMatchObject({ grade: 'D', searches: 0, daysActive: 1 });
  });
});

describe('grade: days active are local dates', () => {
  it.each([
    // [label, times, zone, expected days]
    ['23:59 and 00:01 local are two days', ['2026-03-02T04:59:00.000Z', '2026-03-02T05:01:00.000Z'], NY, 2],
    ['the same two instants are one UTC day', ['2026-03-02T04:59:00.000Z', '2026-03-02T05:01:00.000Z'], 'UTC', 1],
    ['00:01 and 23:59 local on one day are one day', ['2026-03-01T05:01:00.000Z', '2026-03-02T04:59:00.000Z'], NY, 1],
    ['the same two instants are two UTC days', ['2026-03-01T05:01:00.000Z', '2026-03-02T04:59:00.000Z'], 'UTC', 2],
    ['the 25-hour fall-back day in Berlin is one day', ['2026-10-24T22:00:00.000Z', '2026-10-25T22:59:59.000Z'], 'Europe/Berlin', 1],
  ])('%s', (_label, times, zone, days) => {
    expect(
      grade(
        times.map((t) => ev('visit', t)),
        zone,
      ).daysActive,
    ).toBe(days);
  });

  it('a search at 23:59 and a repo at 00:01 the next local day make B, but C when on one local day', () => {
    const events = [ev('search', '2026-03-02T04:59:00.000Z'), ev('repo_added', '2026-03-02T05:01:00.000Z')];
    expect(grade(events, NY).grade).toBe('B');
    expect(grade(events, 'UTC').grade).toBe('C');
  });

  it('4 vs 5 local days decides A, with the fifth day only in the local zone', () => {
    // four days at noon New York, plus a search at 00:30Z on the 5th = 19:30 New York on the 4th: 4 NY days, 5 UTC days
    const noonNy = ['2026-03-01', '2026-03-02', '2026-03-03', '2026-03-04'].map((d) => ev('visit', `${d}T17:00:00.000Z`));
    const events = [...noonNy, ev('search', '2026-03-05T00:30:00.000Z'), ev('code_host_added', day1), ev('repo_added', day1, true)];
    expect(grade(events, 'UTC')).toMatchObject({ grade: 'A', daysActive: 5 });
    expect(grade(events, NY)).toMatchObject({ grade: 'B', daysActive: 4 });
  });
});

describe('grade: properties', () => {
  const arbEvent = fc.record({
    event: fc.constantFrom('search', 'visit', 'code_host_added', 'repo_added') as fc.Arbitrary<ActivityEvent['event']>,
    private: fc.boolean(),
    at: fc.date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2026-03-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString()),
  });
  const rank: Record<Grade, number> = { A: 3, B: 2, C: 1, D: 0 };

  it('more events never lower the grade', () => {
    fc.assert(
      fc.property(fc.array(arbEvent, { maxLength: 20 }), fc.array(arbEvent, { maxLength: 10 }), fc.constantFrom('UTC', NY, 'Asia/Kolkata'), (a, b, zone) => {
        expect(rank[grade([...a, ...b], zone).grade]).toBeGreaterThanOrEqual(rank[grade(a, zone).grade]);
      }),
    );
  });

  it('the grade agrees with the table', () => {
    fc.assert(
      fc.property(fc.array(arbEvent, { maxLength: 30 }), (events) => {
        const g = grade(events, 'UTC');
        const s = g.searches >= 1;
        const expected: Grade =
          s && g.daysActive >= 5 && g.codeHostAdded && g.privateCodeAdded ? 'A' : s && g.daysActive >= 2 && g.anyCodeAdded ? 'B' : s ? 'C' : 'D';
        expect(g.grade).toBe(expected);
        expect(g.daysActive).toBe(new Set(events.map((e) => e.at.slice(0, 10))).size);
        expect(g.active).toBe(g.grade !== 'D');
        if (g.privateCodeAdded) expect(g.anyCodeAdded).toBe(true);
      }),
    );
  });
});

describe('describeGrade', () => {
  it.each([
    ['A', 'Very active', true],
    ['B', 'Moderately active', true],
    ['C', 'Minimally active', false],
    ['D', 'Inactive post sign-up', false],
  ] as const)('%s is %s (PQL: %s)', (g, text, pql) => {
    expect(describeGrade(g)).toBe(text);
    expect(isPql(g)).toBe(pql);
  });
});
