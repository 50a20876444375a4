import { describe, expect, it } from 'vitest';
import { importRoster } from '../../src/admin/import-roster.js';
import { freshDb, importFailure, now, rosterCsv, snapshot } from './helpers.js';

const header = 'slack_user_id,email,name,role,region,eligible';

describe('importRoster', () => {
  it('imports one row per role, lowercasing emails, with empty region as NULL', () => {
    const db = freshDb();
    const result = importRoster(db, rosterCsv, now);
    expect(result).toMatchObject({ rows: 5, created: 5, updated: 0, message: 'imported 5 roster rows (5 new, 0 updated)' });
    expect(db.prepare('SELECT * FROM people ORDER BY slack_user_id, role').all()).toEqual([
      { slack_user_id: 'U01AE', role: 'ae', email: 'alice@acme-sales.com', name: 'Alice Ae', region: 'EMEA', eligible: 1, consultant: 0 },
      { slack_user_id: 'U02CE', role: 'ce', email: 'carol@acme-sales.com', name: 'Carol Ce', region: null, eligible: 1, consultant: 0 },
      { slack_user_id: 'U02CE', role: 'license_owner', email: 'carol@acme-sales.com', name: 'Carol Ce', region: null, eligible: 0, consultant: 0 },
      { slack_user_id: 'U04IN', role: 'inbound_sdr', email: 'ivy@acme-sales.com', name: 'Ivy Inbound', region: 'AMER', eligible: 1, consultant: 0 },
      { slack_user_id: 'W03SDR', role: 'sdr', email: 'sam@acme-sales.com', name: 'Sam Sdr', region: 'AMER', eligible: 0, consultant: 0 },
    ]);
  });

  it('writes an audit row for the import', () => {
    const db = freshDb();
    importRoster(db, rosterCsv, now, { source: 'roster.csv' });
    expect(db.prepare('SELECT trial_id, actor, action, detail, at FROM audit').all()).toEqual([
      {
        trial_id: null,
        actor: 'cli',
        action: 'import-roster',
        detail: 'imported 5 roster rows (5 new, 0 updated) from roster.csv',
        at: now.toISOString(),
      },
    ]);
  });

  it('upserts by slack_user_id and role', () => {
    const db = freshDb();
    importRoster(db, rosterCsv, now);
    const result = importRoster(db, `${header}\nU01AE,alice@acme-sales.com,Alice A. Ae,ae,APAC,no\nU01AE,alice@acme-sales.com,Alice A. Ae,admin,,no\n`, now);
    expect(result.message).toBe('imported 2 roster rows (1 new, 1 updated)');
    expect(db.prepare(`SELECT role, name, region, eligible FROM people WHERE slack_user_id = 'U01AE' ORDER BY role`).all()).toEqual([
      { role: 'admin', name: 'Alice A. Ae', region: null, eligible: 0 },
      { role: 'ae', name: 'Alice A. Ae', region: 'APAC', eligible: 0 },
    ]);
    expect(db.prepare('SELECT COUNT(*) AS n FROM people').get()).toEqual({ n: 6 });
  });

  it('accepts the optional consultant column', () => {
    const db = freshDb();
    importRoster(db, `${header},consultant\nU09X,x@acme-sales.com,X,ce,,yes,Yes\nU08Y,y@acme-sales.com,Y,ce,,yes,\n`, now);
    expect(db.prepare('SELECT slack_user_id, consultant FROM people ORDER BY slack_user_id').all()).toEqual([
      { slack_user_id: 'U08Y', consultant: 0 },
      { slack_user_id: 'U09X', consultant: 1 },
    ]);
  });

  const badRows: [string, string, RegExp][] = [
    ['unknown role', 'U05Z,z@acme-sales.com,Zed,manager,,yes', /unknown role "manager"/],
    ['bad email', 'U05Z,not-an-email,Zed,ae,,yes', /email "not-an-email" is not a valid email/],
    ['bad yes/no', 'U05Z,z@acme-sales.com,Zed,ae,,true', /eligible must be yes or no, not "true"/],
    ['empty eligible', 'U05Z,z@acme-sales.com,Zed,ae,,', /eligible must be yes or no/],
    ['bad slack id', 'u05z,z@acme-sales.com,Zed,ae,,yes', /slack_user_id "u05z" is not a Slack user id/],
    ['empty name', 'U05Z,z@acme-sales.com,,ae,,yes', /name is empty/],
    ['same person and role twice', 'U01AE,alice@acme-sales.com,Alice,ae,,yes', /U01AE as ae already appears on line 2/],
    ['one person, two emails', 'U01AE,other@acme-sales.com,Alice,ce,,yes', /U01AE has email other@acme-sales.com here but alice@acme-sales.com on line 2/],
  ];
  for (const [what, row, problem] of badRows) {
    it(`fails the whole file on a row with ${what}, naming its line, and changes nothing`, () => {
      const db = freshDb();
      importRoster(db, rosterCsv, now);
      const before = snapshot(db);
      const csv = `${header}\nU01AE,alice@acme-sales.com,Alice New Name,ae,,yes\n\n${row}\nU07OK,ok@acme-sales.com,Ok,ce,,yes\n`;
      const err = importFailure(() => importRoster(db, csv, now));
      expect(err.line).toBe(4);
      expect(err.problem).toMatch(problem);
      expect(err.message).toMatch(/^line 4: /);
      expect(snapshot(db)).toEqual(before);
    });
  }

  it('fails on a missing column before reading rows', () => {
    const db = freshDb();
    const err = importFailure(() => importRoster(db, 'slack_user_id,email,name,role,region\nU01,a@b.com,A,ae,\n', now));
    expect(err.message).toBe('line 1: missing column "eligible"');
    expect(snapshot(db)).toEqual(snapshot(freshDb()));
  });
});
