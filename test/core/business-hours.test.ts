import { describe, expect, it } from 'vitest';
import { addBusinessMinutes, businessMinutesBetween, inBusinessHours, parseBusinessHours, type BusinessHours } from '../../src/core/business-hours.js';

const hours = parseBusinessHours('Mon-Fri 09:00-18:00') as BusinessHours;
const at = (iso: string) => new Date(iso);

describe('business hours', () => {
  it('parses the way people write them, and says what is wrong otherwise', () => {
    expect(hours).toEqual({ days: new Set([1, 2, 3, 4, 5]), start: 540, end: 1080 });
    expect(parseBusinessHours('Sun-Thu 08:30-17:00')).toEqual({ days: new Set([0, 1, 2, 3, 4]), start: 510, end: 1020 });
    expect(parseBusinessHours('Mon, Wed,Fri 10:00-12:00')).toEqual({ days: new Set([1, 3, 5]), start: 600, end: 720 });
    expect(parseBusinessHours('weekdays 9-6')).toEqual({ problem: expect.stringContaining('not like') });
    expect(parseBusinessHours('Mon-Fry 09:00-18:00')).toEqual({ problem: expect.stringContaining('names a day') });
    expect(parseBusinessHours('Mon-Fri 18:00-09:00')).toEqual({ problem: expect.stringContaining('no working hours') });
  });

  it.each([
    ['inside hours', '2026-12-02T10:00:00Z', 5, '2026-12-02T10:05:00.000Z'],
    ['before opening: counts from 09:00', '2026-12-02T07:00:00Z', 5, '2026-12-02T09:05:00.000Z'],
    ['across the close: the rest the next morning', '2026-12-02T17:58:00Z', 5, '2026-12-03T09:03:00.000Z'],
    ['Friday evening: Monday morning', '2026-12-04T17:59:00Z', 5, '2026-12-07T09:04:00.000Z'],
    ['Saturday: Monday morning', '2026-12-05T12:00:00Z', 5, '2026-12-07T09:05:00.000Z'],
    ['24 business hours from Friday 10:00: Tuesday 16:00 (8 + 9 + 7)', '2026-12-04T10:00:00Z', 24 * 60, '2026-12-08T16:00:00.000Z'],
  ])('UTC, %s', (_why, from, minutes, expected) => {
    expect(addBusinessMinutes(at(from), minutes, 'UTC', hours).toISOString()).toBe(expected);
  });

  it('across a DST change the working day stays 09:00-18:00 local (New York, spring forward on Sun 8 Mar 2026)', () => {
    // Friday 17:58 EST (22:58Z) + 5 min: Monday 09:03 EDT, which is 13:03Z (not 14:03Z).
    expect(addBusinessMinutes(at('2026-03-06T22:58:00Z'), 5, 'America/New_York', hours).toISOString()).toBe('2026-03-09T13:03:00.000Z');
    expect(businessMinutesBetween(at('2026-03-06T22:00:00Z'), at('2026-03-09T14:00:00Z'), 'America/New_York', hours)).toBe(60 + 60);
  });

  it('counts only working minutes between two instants', () => {
    expect(businessMinutesBetween(at('2026-12-04T17:00:00Z'), at('2026-12-07T10:00:00Z'), 'UTC', hours)).toBe(120);
    expect(businessMinutesBetween(at('2026-12-05T10:00:00Z'), at('2026-12-06T10:00:00Z'), 'UTC', hours)).toBe(0);
    expect(businessMinutesBetween(at('2026-12-07T10:00:00Z'), at('2026-12-07T09:00:00Z'), 'UTC', hours)).toBe(0);
    expect(inBusinessHours(at('2026-12-07T08:59:00Z'), 'UTC', hours)).toBe(false);
    expect(inBusinessHours(at('2026-12-07T09:00:00Z'), 'UTC', hours)).toBe(true);
    expect(inBusinessHours(at('2026-12-05T12:00:00Z'), 'UTC', hours)).toBe(false);
  });
});
