import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addLocalDays,
  due,
  extensionEndOn,
  extensionMilestone,
  localDate,
  milestonesForStart,
  startOfLocalDay,
  type OpenMilestone,
} from '../../src/core/deadlines.js';

const NY = 'America/New_York';
const BERLIN = 'Europe/Berlin';

describe('localDate', () => {
  it.each([
    ['2026-03-02T04:30:00.000Z', NY, '2026-03-01'], // 23:30 EST, already the 2nd in UTC
    ['2026-03-02T05:00:00.000Z', NY, '2026-03-02'], // 00:00 EST
    ['2026-03-01T15:30:00.000Z', 'Asia/Tokyo', '2026-03-02'], // 00:30 JST
    ['2026-03-01T23:59:59.999Z', 'UTC', '2026-03-01'],
    ['2026-10-24T21:59:59.999Z', BERLIN, '2026-10-24'], // 23:59 CEST
    ['2026-10-24T22:00:00.000Z', BERLIN, '2026-10-25'], // 00:00 CEST
    ['2026-12-31T10:00:00.000Z', 'Pacific/Kiritimati', '2027-01-01'], // UTC+14
  ])('%s in %s is %s', (iso, zone, expected) => {
    expect(localDate(new Date(iso), zone)).toBe(expected);
  });

  it('rejects an unknown zone and an invalid instant', () => {
    expect(() => localDate(new Date('2026-01-01T00:00:00Z'), 'Mars/Olympus_Mons')).toThrow(RangeError);
    expect(() => localDate(new Date('nope'), 'UTC')).toThrow(RangeError);
  });
});

describe('startOfLocalDay', () => {
  it.each([
    ['2026-03-16', NY, '2026-03-16T04:00:00.000Z'], // EDT
    ['2026-03-08', NY, '2026-03-08T05:00:00.000Z'], // DST starts at 02:00 that day; midnight is still EST
    ['2026-11-01', NY, '2026-11-01T04:00:00.000Z'], // DST ends at 02:00 that day; midnight is still EDT
    ['2026-10-25', BERLIN, '2026-10-24T22:00:00.000Z'],
    ['2026-10-26', BERLIN, '2026-10-25T23:00:00.000Z'],
    ['2026-03-29', BERLIN, '2026-03-28T23:00:00.000Z'],
    ['2026-03-30', BERLIN, '2026-03-29T22:00:00.000Z'],
    ['2028-02-29', 'UTC', '2028-02-29T00:00:00.000Z'],
    ['2026-09-06', 'America/Santiago', '2026-09-06T04:00:00.000Z'], // midnight skipped: day starts 01:00
  ])('%s in %s starts at %s', (date, zone, expected) => {
    expect(startOfLocalDay(date, zone).toISOString()).toBe(expected);
  });

  it.each(['2026-02-29', '2026-13-01', '2026-1-1', '', 'tomorrow'])('rejects %j', (date) => {
    expect(() => startOfLocalDay(date, 'UTC')).toThrow(RangeError);
  });
});

describe('addLocalDays', () => {
  it.each([
    ['2026-01-31', 30, '2026-03-02'],
    ['2026-01-31', 1, '2026-02-01'],
    ['2028-02-14', 15, '2028-02-29'],
    ['2028-02-29', 15, '2028-03-15'],
    ['2028-01-30', 30, '2028-02-29'],
    ['2026-02-14', 15, '2026-03-01'],
    ['2026-12-20', 15, '2027-01-04'],
    ['2026-03-01', 15, '2026-03-16'],
    ['2026-03-16', -15, '2026-03-01'],
    ['2026-03-16', 0, '2026-03-16'],
  ])('%s + %i = %s', (date, days, expected) => {
    expect(addLocalDays(date, days)).toBe(expected);
  });

  it('rejects fractional days', () => {
    expect(() => addLocalDays('2026-01-01', 1.5)).toThrow(RangeError);
  });

  it('is the same as counting days one by one', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 400 }),
        (d, n) => {
          const start = d.toISOString().slice(0, 10);
          let step = start;
          for (let i = 0; i < n; i++) step = addLocalDays(step, 1);
          expect(addLocalDays(start, n)).toBe(step);
          expect(addLocalDays(addLocalDays(start, n), -n)).toBe(start);
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe('milestonesForStart', () => {
  const cases: Array<[string, string, string, string, string, string, string]> = [
    // label, startedAt, zone, day15 dueOn, day15 dueAt, day30 dueOn, day30 dueAt
    ['NY across spring forward', '2026-03-01T15:00:00.000Z', NY, '2026-03-16', '2026-03-16T04:00:00.000Z', '2026-03-31', '2026-03-31T04:00:00.000Z'],
    [
      'NY start 23:30 local (next day in UTC)',
      '2026-03-02T04:30:00.000Z',
      NY,
      '2026-03-16',
      '2026-03-16T04:00:00.000Z',
      '2026-03-31',
      '2026-03-31T04:00:00.000Z',
    ],
    ['NY start 00:00 local', '2026-03-02T05:00:00.000Z', NY, '2026-03-17', '2026-03-17T04:00:00.000Z', '2026-04-01', '2026-04-01T04:00:00.000Z'],
    ['NY across fall back', '2026-10-20T16:00:00.000Z', NY, '2026-11-04', '2026-11-04T05:00:00.000Z', '2026-11-19', '2026-11-19T05:00:00.000Z'],
    [
      'Berlin day15 on the fall-back day',
      '2026-10-10T10:00:00.000Z',
      BERLIN,
      '2026-10-25',
      '2026-10-24T22:00:00.000Z',
      '2026-11-09',
      '2026-11-08T23:00:00.000Z',
    ],
    [
      'Berlin day15 on the spring-forward day',
      '2026-03-14T12:00:00.000Z',
      BERLIN,
      '2026-03-29',
      '2026-03-28T23:00:00.000Z',
      '2026-04-13',
      '2026-04-12T22:00:00.000Z',
    ],
    [
      'Berlin 00:30 local is the previous day in UTC',
      '2026-06-30T22:30:00.000Z',
      BERLIN,
      '2026-07-16',
      '2026-07-15T22:00:00.000Z',
      '2026-07-31',
      '2026-07-30T22:00:00.000Z',
    ],
    ['UTC month end Jan 31', '2026-01-31T12:00:00.000Z', 'UTC', '2026-02-15', '2026-02-15T00:00:00.000Z', '2026-03-02', '2026-03-02T00:00:00.000Z'],
    ['UTC leap day start', '2028-02-29T09:00:00.000Z', 'UTC', '2028-03-15', '2028-03-15T00:00:00.000Z', '2028-03-30', '2028-03-30T00:00:00.000Z'],
    ['UTC reaching the leap day', '2028-02-14T09:00:00.000Z', 'UTC', '2028-02-29', '2028-02-29T00:00:00.000Z', '2028-03-15', '2028-03-15T00:00:00.000Z'],
    ['Tokyo year end', '2026-12-16T16:00:00.000Z', 'Asia/Tokyo', '2027-01-01', '2026-12-31T15:00:00.000Z', '2027-01-16', '2027-01-15T15:00:00.000Z'],
  ];
  it.each(cases)('%s', (_label, startedAt, zone, d15, d15At, d30, d30At) => {
    const ms = milestonesForStart(new Date(startedAt), zone);
    expect(ms.map((m) => ({ kind: m.kind, dueOn: m.dueOn, dueAt: m.dueAt.toISOString() }))).toEqual([
      { kind: 'day15', dueOn: d15, dueAt: d15At },
      { kind: 'day30', dueOn: d30, dueAt: d30At },
    ]);
  });

  it('dueAt is always the start of dueOn, and dueOn is 15/30 local days after the start date', () => {
    const zones = [NY, BERLIN, 'UTC', 'Asia/Kolkata', 'Australia/Lord_Howe', 'America/Santiago', 'Pacific/Chatham'];
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2035-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.constantFrom(...zones),
        (start, zone) => {
          const [d15, d30] = milestonesForStart(start, zone);
          const startOn = localDate(start, zone);
          expect(d15!.dueOn).toBe(addLocalDays(startOn, 15));
          expect(d30!.dueOn).toBe(addLocalDays(startOn, 30));
          for (const m of [d15!, d30!]) {
            expect(localDate(m.dueAt, zone)).toBe(m.dueOn);
            // one millisecond earlier is still the previous local day
            expect(localDate(new Date(m.dueAt.getTime() - 1), zone)).toBe(addLocalDays(m.dueOn, -1));
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('extensionMilestone', () => {
  it.each([
    ['2026-03-31', 15, NY, '2026-04-15', '2026-04-15T04:00:00.000Z'],
    ['2026-10-20', 15, BERLIN, '2026-11-04', '2026-11-03T23:00:00.000Z'],
    ['2028-02-14', 15, 'UTC', '2028-02-29', '2028-02-29T00:00:00.000Z'],
    ['2026-01-31', 30, 'UTC', '2026-03-02', '2026-03-02T00:00:00.000Z'],
  ])('%s + %i days in %s → %s', (end, days, zone, dueOn, dueAt) => {
    const m = extensionMilestone(end, days, zone);
    expect({ kind: m.kind, dueOn: m.dueOn, dueAt: m.dueAt.toISOString() }).toEqual({ kind: 'extension_end', dueOn, dueAt });
  });

  it.each([0, -15, 2.5])('rejects %s days', (days) => {
    expect(() => extensionMilestone('2026-03-31', days, 'UTC')).toThrow(RangeError);
  });
});

describe('extensionEndOn', () => {
  it.each([
    ['ahead of the end: from the end', '2026-03-16', '2026-03-10', 15, '2026-03-31', false],
    ['on the end date (the day-30 prompt): day 45', '2026-03-31', '2026-03-31', 15, '2026-04-15', false],
    ['a day late: still from the end, as the schedule says', '2026-03-31', '2026-04-01', 15, '2026-04-15', false],
    ['so late it would end today: from today', '2026-03-16', '2026-03-31', 15, '2026-04-15', true],
    ['so late it would already be over: from today', '2026-03-31', '2026-04-20', 15, '2026-05-05', true],
    ['no end date yet: from today', null, '2026-03-10', 5, '2026-03-15', true],
    ['across a month end and a leap day', '2028-02-14', '2028-02-14', 15, '2028-02-29', false],
  ])('%s', (_name, end, today, days, endOn, fromToday) => {
    expect(extensionEndOn(end, today, days)).toEqual({ endOn, fromToday });
  });

  it('always lands after today', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 1, max: 90 }), (e, d, days) => {
        const end = addLocalDays('2026-01-01', e);
        const today = addLocalDays('2026-01-01', d);
        const result = extensionEndOn(end, today, days).endOn;
        expect(result > today).toBe(true);
        expect(result >= addLocalDays(end, days)).toBe(true);
      }),
    );
  });

  it.each([0, -1, 1.5])('rejects %s days', (days) => {
    expect(() => extensionEndOn('2026-03-31', '2026-03-31', days)).toThrow(RangeError);
  });
});

describe('due', () => {
  let nextId = 1;
  const ms = (over: Partial<OpenMilestone> & Pick<OpenMilestone, 'dueOn'>): OpenMilestone => ({
    id: nextId++,
    trialId: 't1',
    kind: 'day15',
    promptedAt: null,
    escalatedAt: null,
    answeredAt: null,
    cancelledAt: null,
    ...over,
  });
  const ids = (list: OpenMilestone[]) => list.map((m) => m.id);

  it('prompts on the due date in the zone, not before', () => {
    const m = ms({ dueOn: '2026-03-16' });
    // 23:59 EDT on the 15th is already the 16th in UTC
    expect(due([m], new Date('2026-03-16T03:59:00.000Z'), NY).prompt).toEqual([]);
    expect(ids(due([m], new Date('2026-03-16T04:00:00.000Z'), NY).prompt)).toEqual([m.id]);
  });

  it('prompts a milestone once even when the run is days late', () => {
    const m = ms({ dueOn: '2026-03-16' });
    const late = due([m], new Date('2026-03-19T13:00:00.000Z'), NY);
    expect(ids(late.prompt)).toEqual([m.id]);
    expect(late.escalate).toEqual([]);
    expect(late.supersede).toEqual([]);
    const prompted = { ...m, promptedAt: '2026-03-19T13:00:00.000Z' };
    expect(due([prompted], new Date('2026-03-19T14:00:00.000Z'), NY).prompt).toEqual([]);
  });

  it.each([
    ['already prompted', { promptedAt: '2026-03-16T13:00:00.000Z' }],
    ['answered', { answeredAt: '2026-03-16T10:00:00.000Z' }],
    ['cancelled', { cancelledAt: '2026-03-10T10:00:00.000Z' }],
  ])('does not prompt a milestone that is %s', (_label, over) => {
    const m = ms({ dueOn: '2026-03-16', ...over });
    expect(due([m], new Date('2026-03-17T13:00:00.000Z'), NY).prompt).toEqual([]);
  });

  it('prompts only the latest overdue milestone of a trial and supersedes the earlier', () => {
    const d15 = ms({ dueOn: '2026-03-16', kind: 'day15' });
    const d30 = ms({ dueOn: '2026-03-31', kind: 'day30' });
    const result = due([d15, d30], new Date('2026-04-02T13:00:00.000Z'), NY);
    expect(ids(result.prompt)).toEqual([d30.id]);
    expect(ids(result.supersede)).toEqual([d15.id]);
  });

  it('does not supersede a milestone whose later sibling is not due yet', () => {
    const d15 = ms({ dueOn: '2026-03-16', kind: 'day15' });
    const d30 = ms({ dueOn: '2026-03-31', kind: 'day30' });
    const result = due([d15, d30], new Date('2026-03-20T13:00:00.000Z'), NY);
    expect(ids(result.prompt)).toEqual([d15.id]);
    expect(result.supersede).toEqual([]);
  });

  it('treats each trial separately', () => {
    const a15 = ms({ trialId: 'a', dueOn: '2026-03-16', kind: 'day15' });
    const a30 = ms({ trialId: 'a', dueOn: '2026-03-31', kind: 'day30' });
    const b15 = ms({ trialId: 'b', dueOn: '2026-03-20', kind: 'day15' });
    const c15 = ms({ trialId: 'c', dueOn: '2026-04-20', kind: 'day15' });
    const result = due([c15, b15, a30, a15], new Date('2026-04-01T13:00:00.000Z'), NY);
    expect(ids(result.prompt)).toEqual([b15.id, a30.id]);
    expect(ids(result.supersede)).toEqual([a15.id]);
  });

  it('supersedes a prompted but unanswered milestone when a newer one is prompted, and does not escalate it', () => {
    const d15 = ms({ dueOn: '2026-03-16', kind: 'day15', promptedAt: '2026-03-30T13:00:00.000Z' });
    const d30 = ms({ dueOn: '2026-03-31', kind: 'day30' });
    const result = due([d15, d30], new Date('2026-04-05T13:00:00.000Z'), NY);
    expect(ids(result.prompt)).toEqual([d30.id]);
    expect(ids(result.supersede)).toEqual([d15.id]);
    expect(result.escalate).toEqual([]);
  });

  it('supersedes an unprompted milestone older than one already prompted or answered', () => {
    const d15 = ms({ dueOn: '2026-03-16', kind: 'day15' });
    const d30 = ms({ dueOn: '2026-03-31', kind: 'day30', promptedAt: '2026-03-31T13:00:00.000Z', answeredAt: '2026-03-31T15:00:00.000Z' });
    const result = due([d15, d30], new Date('2026-04-01T13:00:00.000Z'), NY);
    expect(result.prompt).toEqual([]);
    expect(ids(result.supersede)).toEqual([d15.id]);
  });

  it('on the same date, an extension end outranks day 30', () => {
    const d30 = ms({ dueOn: '2026-03-31', kind: 'day30' });
    const ext = ms({ dueOn: '2026-03-31', kind: 'extension_end' });
    const result = due([ext, d30], new Date('2026-03-31T13:00:00.000Z'), NY);
    expect(ids(result.prompt)).toEqual([ext.id]);
    expect(ids(result.supersede)).toEqual([d30.id]);
  });

  it('prompts an extension end on its date', () => {
    const d30 = ms({ dueOn: '2026-03-31', kind: 'day30', promptedAt: '2026-03-31T13:00:00.000Z', answeredAt: '2026-03-31T14:00:00.000Z' });
    const ext = ms({ ...extensionMilestone('2026-03-31', 15, NY), dueOn: '2026-04-15', kind: 'extension_end' });
    expect(due([d30, ext], new Date('2026-04-15T03:59:59.999Z'), NY).prompt).toEqual([]);
    const result = due([d30, ext], new Date('2026-04-15T04:00:00.000Z'), NY);
    expect(ids(result.prompt)).toEqual([ext.id]);
    expect(result.supersede).toEqual([]); // the answered day 30 is not open
  });

  describe('escalation', () => {
    // prompted 09:00 EDT on the 16th; two local days later is the 18th
    const prompted = () => ms({ dueOn: '2026-03-16', promptedAt: '2026-03-16T13:00:00.000Z' });

    it.each([
      ['23:59 EDT the next day', '2026-03-17T03:59:00.000Z', false],
      ['one local day later', '2026-03-17T20:00:00.000Z', false],
      ['23:59:59.999 EDT on day+1', '2026-03-18T03:59:59.999Z', false],
      ['00:00 EDT two local days later', '2026-03-18T04:00:00.000Z', true],
      ['a week later', '2026-03-23T13:00:00.000Z', true],
    ])('%s → %s', (_label, now, expected) => {
      const m = prompted();
      expect(ids(due([m], new Date(now), NY).escalate)).toEqual(expected ? [m.id] : []);
    });

    it('counts local days of the prompt: prompted 23:30 local counts from that local date', () => {
      // 23:30 EDT on the 16th = 03:30Z on the 17th
      const m = ms({ dueOn: '2026-03-16', promptedAt: '2026-03-17T03:30:00.000Z' });
      expect(due([m], new Date('2026-03-18T03:59:00.000Z'), NY).escalate).toEqual([]);
      expect(ids(due([m], new Date('2026-03-18T04:00:00.000Z'), NY).escalate)).toEqual([m.id]);
    });

    it('honours a custom escalateAfterDays', () => {
      const m = prompted();
      expect(due([m], new Date('2026-03-18T13:00:00.000Z'), NY, 3).escalate).toEqual([]);
      expect(ids(due([m], new Date('2026-03-19T13:00:00.000Z'), NY, 3).escalate)).toEqual([m.id]);
      expect(ids(due([m], new Date('2026-03-16T14:00:00.000Z'), NY, 0).escalate)).toEqual([m.id]);
    });

    it.each([
      ['answered', { answeredAt: '2026-03-17T10:00:00.000Z' }],
      ['already escalated', { escalatedAt: '2026-03-18T13:00:00.000Z' }],
      ['cancelled', { cancelledAt: '2026-03-17T10:00:00.000Z' }],
    ])('does not escalate a milestone that is %s', (_label, over) => {
      const m = { ...prompted(), ...over };
      expect(due([m], new Date('2026-03-25T13:00:00.000Z'), NY).escalate).toEqual([]);
    });

    it('escalates across the Berlin fall-back night by local dates', () => {
      // prompted 09:00 CEST on 2026-10-24; the 25th is 25 hours long
      const m = ms({ dueOn: '2026-10-24', promptedAt: '2026-10-24T07:00:00.000Z' });
      expect(due([m], new Date('2026-10-25T22:59:59.999Z'), BERLIN).escalate).toEqual([]); // 23:59 CET on the 25th
      expect(ids(due([m], new Date('2026-10-25T23:00:00.000Z'), BERLIN).escalate)).toEqual([m.id]); // 00:00 CET on the 26th
    });
  });

  it('never prompts two milestones of one trial, never both prompts and supersedes one, never escalates a superseded one, and leaves nothing due behind', () => {
    const kinds = ['day15', 'day30', 'extension_end'] as const;
    const arbMilestone = fc.record({
      trialId: fc.constantFrom('a', 'b', 'c'),
      kind: fc.constantFrom(...kinds),
      dueDay: fc.integer({ min: 1, max: 40 }),
      prompted: fc.option(fc.integer({ min: 0, max: 10 }), { nil: null }), // days after due
      answered: fc.boolean(),
      cancelled: fc.boolean(),
      escalated: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(arbMilestone, { maxLength: 12 }), fc.integer({ min: 1, max: 45 }), (rows, nowDay) => {
        const base = '2026-01-01';
        const list: OpenMilestone[] = rows.map((r, i) => ({
          id: i + 1,
          trialId: r.trialId,
          kind: r.kind,
          dueOn: addLocalDays(base, r.dueDay),
          promptedAt: r.prompted === null ? null : `${addLocalDays(base, r.dueDay + r.prompted)}T12:00:00.000Z`,
          escalatedAt: r.prompted !== null && r.escalated ? `${addLocalDays(base, r.dueDay + r.prompted)}T13:00:00.000Z` : null,
          answeredAt: r.answered ? '2026-01-01T00:00:00.000Z' : null,
          cancelledAt: r.cancelled ? '2026-01-01T00:00:00.000Z' : null,
        }));
        const now = new Date(`${addLocalDays(base, nowDay)}T12:00:00.000Z`);
        const today = localDate(now, 'UTC');
        const { prompt, escalate, supersede } = due(list, now, 'UTC');
        const trials = prompt.map((m) => m.trialId);
        expect(new Set(trials).size).toBe(trials.length);
        const sup = new Set(supersede.map((m) => m.id));
        for (const m of prompt) {
          expect(sup.has(m.id)).toBe(false);
          expect(m.promptedAt).toBeNull();
          expect(m.answeredAt ?? m.cancelledAt).toBeNull();
          expect(m.dueOn <= today).toBe(true);
        }
        for (const m of escalate) {
          expect(sup.has(m.id)).toBe(false);
          expect(m.promptedAt).not.toBeNull();
          expect(m.escalatedAt ?? m.answeredAt ?? m.cancelledAt).toBeNull();
        }
        for (const m of supersede) {
          expect(m.answeredAt ?? m.cancelledAt).toBeNull();
          expect(m.dueOn <= today).toBe(true);
        }
        // nothing due falls through the cracks (prompts made in the past are never in the future)
        const prompted = new Set(prompt.map((m) => m.id));
        for (const m of list) {
          if (m.promptedAt !== null && m.promptedAt.slice(0, 10) > today) continue;
          const waiting = m.promptedAt === null && m.answeredAt === null && m.cancelledAt === null && m.dueOn <= today;
          if (waiting) expect(prompted.has(m.id) || sup.has(m.id)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
