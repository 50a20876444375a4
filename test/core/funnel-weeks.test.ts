import { describe, expect, it } from 'vitest';
import { dayLabel, dueDigestWeek, mondayOf, weekLabel, weekOf, weekRange, weeksEndingWith } from '../../src/core/funnel-weeks.js';

describe('weeks, Monday to Sunday in TIMEZONE', () => {
  it.each([
    ['2026-12-07', '2026-12-07'], // a Monday is its own week
    ['2026-12-13', '2026-12-07'], // Sunday ends it
    ['2026-12-14', '2026-12-14'],
    ['2027-01-01', '2026-12-28'], // across New Year
    ['2028-02-29', '2028-02-28'], // a leap day
  ])('%s is in the week of %s', (date, monday) => {
    expect(mondayOf(date)).toBe(monday);
  });

  it('an instant counts in the week of its local date: 23:30 on a Sunday in UTC is Monday in Berlin', () => {
    const sundayNight = new Date('2026-12-06T23:30:00Z');
    expect(weekOf(sundayNight, 'UTC')).toBe('2026-11-30');
    expect(weekOf(sundayNight, 'Europe/Berlin')).toBe('2026-12-07');
    // And the other way round: 23:30 on Sunday in Berlin is still that Sunday's week.
    expect(weekOf(new Date('2026-12-06T22:30:00Z'), 'Europe/Berlin')).toBe('2026-11-30');
  });

  it('a week spans local midnight to local midnight, 167 hours across the spring change', () => {
    expect(weekRange('2026-12-07', 'Europe/Berlin')).toEqual({ from: new Date('2026-12-06T23:00:00Z'), to: new Date('2026-12-13T23:00:00Z') });
    const spring = weekRange('2026-03-23', 'Europe/Berlin');
    expect((spring.to.getTime() - spring.from.getTime()) / 3_600_000).toBe(167);
  });

  it('lists consecutive weeks, oldest first', () => {
    expect(weeksEndingWith('2026-12-07', 3)).toEqual(['2026-11-23', '2026-11-30', '2026-12-07']);
  });

  it('names dates and weeks as a person writes them', () => {
    expect(dayLabel('2026-12-03')).toBe('Thu 3 Dec');
    expect(dayLabel('2025-12-03', '2026-01-05')).toBe('Wed 3 Dec 2025');
    expect(weekLabel('2026-12-07')).toBe('Mon 7 Dec – Sun 13 Dec');
    expect(weekLabel('2026-12-28')).toBe('Mon 28 Dec 2026 – Sun 3 Jan 2027');
  });
});

describe('the week a digest is due for', () => {
  const zone = 'Europe/Berlin';
  it('is last week from Monday 09:00 local on (a timer waking a little early included), and the week before until then', () => {
    // Monday 14 Dec 2026 in Berlin (UTC+1): 08:54, 08:55 and 09:00.
    expect(dueDigestWeek(new Date('2026-12-14T07:54:59Z'), zone)).toBe('2026-11-30');
    expect(dueDigestWeek(new Date('2026-12-14T07:55:00Z'), zone)).toBe('2026-12-07');
    expect(dueDigestWeek(new Date('2026-12-14T08:00:00Z'), zone)).toBe('2026-12-07');
    expect(dueDigestWeek(new Date('2026-12-20T22:59:00Z'), zone)).toBe('2026-12-07'); // Sunday 23:59 local
  });

  it('a bot down for weeks is due only the last one', () => {
    expect(dueDigestWeek(new Date('2027-01-13T12:00:00Z'), zone)).toBe('2027-01-04');
  });
});
