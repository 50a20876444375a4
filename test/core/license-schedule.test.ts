import { describe, expect, it } from 'vitest';
import { licenseSchedule, rotationCoversPeriod, type LicenseReminderRecord } from '../../src/core/license-schedule.js';

const at = (iso: string) => new Date(iso);
const reminder = (periodDueAt: string, remindedAt = periodDueAt, escalatedAt: string | null = null): LicenseReminderRecord => ({
  periodDueAt,
  remindedAt,
  escalatedAt,
});

describe('licenseSchedule', () => {
  const base = { periodDays: 7, zone: 'UTC' };

  it.each([
    {
      name: 'nothing recorded: remind at once, the period is now, the count starts from it',
      rotation: null,
      reminders: [],
      now: '2026-03-02T09:00:00.123Z',
      remind: { periodDueAt: '2026-03-02T09:00:00.123Z', dueOn: '2026-03-02' },
      escalate: null,
      next: '2026-03-09',
    },
    {
      name: 'reminded today: nothing more',
      rotation: null,
      reminders: [reminder('2026-03-02T09:00:00.123Z')],
      now: '2026-03-02T15:00:00Z',
      remind: null,
      escalate: null,
      next: '2026-03-09',
    },
    {
      name: 'unrotated, one day after the reminder: still waiting',
      rotation: null,
      reminders: [reminder('2026-03-02T09:00:00.123Z')],
      now: '2026-03-03T09:00:00Z',
      remind: null,
      escalate: null,
      next: '2026-03-09',
    },
    {
      name: 'unrotated two days after the reminder: escalate',
      rotation: null,
      reminders: [reminder('2026-03-02T09:00:00.123Z')],
      now: '2026-03-04T09:00:00Z',
      remind: null,
      escalate: reminder('2026-03-02T09:00:00.123Z'),
      next: '2026-03-09',
    },
    {
      name: 'a reminder that went out a day late (the bot was down) is escalated 2 days past the due date, not 2 days after it went out',
      rotation: null,
      reminders: [reminder('2026-03-09T00:00:00.000Z', '2026-03-10T09:00:00Z')],
      now: '2026-03-11T09:00:00Z',
      remind: null,
      escalate: reminder('2026-03-09T00:00:00.000Z', '2026-03-10T09:00:00Z'),
      next: '2026-03-16',
    },
    {
      name: 'the same late reminder, one day past due: still waiting',
      rotation: null,
      reminders: [reminder('2026-03-09T00:00:00.000Z', '2026-03-10T09:00:00Z')],
      now: '2026-03-10T15:00:00Z',
      remind: null,
      escalate: null,
      next: '2026-03-16',
    },
    {
      name: 'already escalated: not again',
      rotation: null,
      reminders: [reminder('2026-03-02T09:00:00.123Z', '2026-03-02T09:00:00.123Z', '2026-03-04T09:00:00Z')],
      now: '2026-03-05T09:00:00Z',
      remind: null,
      escalate: null,
      next: '2026-03-09',
    },
    {
      name: 'rotated after the reminder: no escalation, the next is 7 days after the rotation',
      rotation: '2026-03-03T16:00:00Z',
      reminders: [reminder('2026-03-02T09:00:00.123Z')],
      now: '2026-03-05T09:00:00Z',
      remind: null,
      escalate: null,
      next: '2026-03-10',
    },
    {
      name: 'seven local days after the rotation: remind, even at 09:00 when the rotation was at 16:00',
      rotation: '2026-03-03T16:00:00Z',
      reminders: [reminder('2026-03-02T09:00:00.123Z')],
      now: '2026-03-10T09:00:00Z',
      remind: { periodDueAt: '2026-03-10T00:00:00.000Z', dueOn: '2026-03-10' },
      escalate: null,
      next: '2026-03-17',
    },
    {
      name: 'a run a few ms earlier in the day than last week’s reminder is not a day late',
      rotation: null,
      reminders: [reminder('2026-03-02T09:00:00.500Z', '2026-03-02T09:00:00.500Z', '2026-03-04T09:00:00Z')],
      now: '2026-03-09T09:00:00.010Z',
      remind: { periodDueAt: '2026-03-09T00:00:00.000Z', dueOn: '2026-03-09' },
      escalate: null,
      next: '2026-03-16',
    },
    {
      name: 'never rotated: each period gets its own reminder',
      rotation: null,
      reminders: [reminder('2026-03-02T09:00:00Z'), reminder('2026-03-09T00:00:00.000Z', '2026-03-09T09:00:00Z')],
      now: '2026-03-16T09:00:00Z',
      remind: { periodDueAt: '2026-03-16T00:00:00.000Z', dueOn: '2026-03-16' },
      escalate: null,
      next: '2026-03-23',
    },
    {
      name: 'a new period due supersedes escalating the old one',
      rotation: null,
      reminders: [reminder('2026-03-02T09:00:00Z')],
      now: '2026-03-09T09:00:00Z',
      remind: { periodDueAt: '2026-03-09T00:00:00.000Z', dueOn: '2026-03-09' },
      escalate: null,
      next: '2026-03-16',
    },
    {
      name: 'down for three weeks: one reminder, for the latest missed period',
      rotation: '2026-03-01T12:00:00Z',
      reminders: [reminder('2026-02-22T09:00:00Z')],
      now: '2026-03-25T09:00:00Z',
      remind: { periodDueAt: '2026-03-22T00:00:00.000Z', dueOn: '2026-03-22' },
      escalate: null,
      next: '2026-03-29',
    },
    {
      name: 'a rotation recorded before any reminder: counted from it',
      rotation: '2026-03-01T12:00:00Z',
      reminders: [],
      now: '2026-03-05T09:00:00Z',
      remind: null,
      escalate: null,
      next: '2026-03-08',
    },
    {
      name: 'reminder order does not matter',
      rotation: null,
      reminders: [reminder('2026-03-09T00:00:00.000Z', '2026-03-09T09:00:00Z'), reminder('2026-03-02T09:00:00Z')],
      now: '2026-03-11T09:00:00Z',
      remind: null,
      escalate: reminder('2026-03-09T00:00:00.000Z', '2026-03-09T09:00:00Z'),
      next: '2026-03-16',
    },
  ])('$name', ({ rotation, reminders, now, remind, escalate, next }) => {
    expect(licenseSchedule({ ...base, lastRotationAt: rotation, reminders, now: at(now) })).toEqual({ remind, escalate, nextDueOn: next });
  });

  it('counts local days in the zone, across a DST change (New York, spring forward on 8 March 2026)', () => {
    const zone = 'America/New_York';
    // Reminded 09:00 EST on 2 March; 9 March 09:00 is EDT, an hour "earlier" in UTC terms.
    const first = licenseSchedule({ lastRotationAt: null, reminders: [], now: at('2026-03-02T14:00:00Z'), periodDays: 7, zone });
    expect(first.remind).toEqual({ periodDueAt: '2026-03-02T14:00:00.000Z', dueOn: '2026-03-02' });
    const next = licenseSchedule({
      lastRotationAt: null,
      reminders: [reminder('2026-03-02T14:00:00.000Z')],
      now: at('2026-03-09T13:00:00Z'),
      periodDays: 7,
      zone,
    });
    expect(next.remind).toEqual({ periodDueAt: '2026-03-09T04:00:00.000Z', dueOn: '2026-03-09' });
    // 8 March 23:30 New York is 9 March in UTC: not yet due.
    const before = licenseSchedule({
      lastRotationAt: null,
      reminders: [reminder('2026-03-02T14:00:00.000Z')],
      now: at('2026-03-09T03:30:00Z'),
      periodDays: 7,
      zone,
    });
    expect(before.remind).toBeNull();
  });

  it('honours another period length', () => {
    const d = licenseSchedule({ lastRotationAt: '2026-03-01T12:00:00Z', reminders: [], now: at('2026-03-04T09:00:00Z'), periodDays: 3, zone: 'UTC' });
    expect(d.remind).toEqual({ periodDueAt: '2026-03-04T00:00:00.000Z', dueOn: '2026-03-04' });
  });

  it('refuses a period that is not a whole number of days', () => {
    expect(() => licenseSchedule({ lastRotationAt: null, reminders: [], now: at('2026-03-04T09:00:00Z'), periodDays: 0, zone: 'UTC' })).toThrow(RangeError);
    expect(() => licenseSchedule({ lastRotationAt: null, reminders: [], now: at('2026-03-04T09:00:00Z'), periodDays: 1.5, zone: 'UTC' })).toThrow(RangeError);
  });
});

describe('rotationCoversPeriod', () => {
  it.each([
    [null, '2026-03-02T09:00:00Z', false],
    ['2026-03-02T08:59:59Z', '2026-03-02T09:00:00Z', false],
    ['2026-03-02T09:00:00Z', '2026-03-02T09:00:00.000Z', true],
    ['2026-03-05T10:00:00Z', '2026-03-02T09:00:00Z', true],
  ])('rotation %s covers period %s: %s', (rotatedAt, period, covers) => {
    expect(rotationCoversPeriod(rotatedAt, period)).toBe(covers);
  });
});
