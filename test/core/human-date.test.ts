import { describe, expect, it } from 'vitest';
import { humanDay, humanTime } from '../../src/core/human-date.js';

describe('dates as people write them', () => {
  it.each([
    ['2026-03-17', undefined, 'Tue 17 Mar'],
    ['2026-12-03', 2026, 'Thu 3 Dec'],
    ['2027-01-04', 2026, 'Mon 4 Jan 2027'],
    ['2024-02-29', undefined, 'Thu 29 Feb'],
  ])('%s → %s', (date, year, expected) => {
    expect(humanDay(date, year)).toBe(expected);
  });

  it('an instant in the zone, across a DST change', () => {
    expect(humanTime('2026-03-29T00:30:00Z', 'Europe/Berlin')).toBe('Sun 29 Mar, 01:30');
    expect(humanTime('2026-03-29T01:30:00Z', 'Europe/Berlin')).toBe('Sun 29 Mar, 03:30');
    expect(humanTime('2026-12-03T23:30:00Z', 'America/Los_Angeles')).toBe('Thu 3 Dec, 15:30');
    // Midnight is 00, never 24; a zone a quarter-hour off the hour keeps its minutes.
    expect(humanTime('2026-12-03T23:00:00Z', 'Europe/Berlin')).toBe('Fri 4 Dec, 00:00');
    expect(humanTime('2026-12-03T12:00:00Z', 'Asia/Kathmandu')).toBe('Thu 3 Dec, 17:45');
    // Times are remembered per minute: per zone too, so the same instant reads differently in each.
    expect(humanTime('2026-12-03T12:00:00Z', 'Europe/Berlin')).toBe('Thu 3 Dec, 13:00');
  });
});
