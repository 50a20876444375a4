import { describe, expect, it } from 'vitest';
import { addOutOfOffice, clearOutOfOffice, isLocalDate, listOutOfOffice, localDate } from '../../src/admin/out-of-office.js';
import { importRoster } from '../../src/admin/import-roster.js';
import { freshDb, now, rosterCsv } from './helpers.js';

function withRoster() {
  const db = freshDb();
  importRoster(db, rosterCsv, now);
  return db;
}

describe('out of office', () => {
  it('records a roster person as away, by email in any case', () => {
    const db = withRoster();
    const entry = addOutOfOffice(db, 'Alice@acme-sales.com', '2026-03-10', '2026-03-12', now);
    expect(entry).toMatchObject({ email: 'alice@acme-sales.com', name: 'Alice Ae', fromDate: '2026-03-10', toDate: '2026-03-12' });
    expect(db.prepare('SELECT email, from_date, to_date FROM out_of_office').all()).toEqual([
      { email: 'alice@acme-sales.com', from_date: '2026-03-10', to_date: '2026-03-12' },
    ]);
    expect(db.prepare(`SELECT actor, action FROM audit WHERE action = 'ooo'`).all()).toEqual([{ actor: 'cli', action: 'ooo' }]);
  });

  it('does not record the same range twice', () => {
    const db = withRoster();
    addOutOfOffice(db, 'alice@acme-sales.com', '2026-03-10', '2026-03-12', now);
    addOutOfOffice(db, 'alice@acme-sales.com', '2026-03-10', '2026-03-12', now);
    expect(db.prepare('SELECT COUNT(*) AS n FROM out_of_office').get()).toEqual({ n: 1 });
  });

  it('refuses unknown people, bad dates and reversed ranges', () => {
    const db = withRoster();
    expect(() => addOutOfOffice(db, 'nobody@acme-sales.com', '2026-03-10', '2026-03-12', now)).toThrow('nobody@acme-sales.com is not in the roster');
    expect(() => addOutOfOffice(db, 'alice@acme-sales.com', '2026-02-30', '2026-03-12', now)).toThrow(/FROM must be a date/);
    expect(() => addOutOfOffice(db, 'alice@acme-sales.com', '2026-03-10', '12/03/2026', now)).toThrow(/TO must be a date/);
    expect(() => addOutOfOffice(db, 'alice@acme-sales.com', '2026-03-12', '2026-03-10', now)).toThrow('FROM 2026-03-12 is after TO 2026-03-10');
    expect(db.prepare('SELECT COUNT(*) AS n FROM out_of_office').get()).toEqual({ n: 0 });
  });

  it('lists entries that have not ended yet, soonest first', () => {
    const db = withRoster();
    addOutOfOffice(db, 'carol@acme-sales.com', '2026-04-01', '2026-04-03', now);
    addOutOfOffice(db, 'alice@acme-sales.com', '2026-02-01', '2026-03-01', now);
    addOutOfOffice(db, 'sam@acme-sales.com', '2026-02-25', '2026-03-02', now);
    expect(listOutOfOffice(db, '2026-03-02').map((e) => [e.email, e.name])).toEqual([
      ['sam@acme-sales.com', 'Sam Sdr'],
      ['carol@acme-sales.com', 'Carol Ce'],
    ]);
  });

  it('clears every entry of one person', () => {
    const db = withRoster();
    addOutOfOffice(db, 'alice@acme-sales.com', '2026-03-10', '2026-03-12', now);
    addOutOfOffice(db, 'alice@acme-sales.com', '2026-05-10', '2026-05-12', now);
    addOutOfOffice(db, 'carol@acme-sales.com', '2026-03-10', '2026-03-12', now);
    expect(clearOutOfOffice(db, 'ALICE@acme-sales.com', now)).toBe(2);
    expect(clearOutOfOffice(db, 'alice@acme-sales.com', now)).toBe(0);
    expect(db.prepare('SELECT email FROM out_of_office').all()).toEqual([{ email: 'carol@acme-sales.com' }]);
  });

  it('knows real dates and the local date in a zone', () => {
    expect(isLocalDate('2028-02-29')).toBe(true);
    expect(isLocalDate('2026-02-29')).toBe(false);
    expect(isLocalDate('2026-3-1')).toBe(false);
    expect(localDate(new Date('2026-03-02T03:00:00Z'), 'America/New_York')).toBe('2026-03-01');
    expect(localDate(new Date('2026-03-02T03:00:00Z'), 'UTC')).toBe('2026-03-02');
  });
});
