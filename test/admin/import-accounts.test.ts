import { describe, expect, it } from 'vitest';
import { importAccounts } from '../../src/admin/import-accounts.js';
import { importRoster } from '../../src/admin/import-roster.js';
import { freshDb, importFailure, now, rosterCsv, snapshot } from './helpers.js';

const header = 'domain,account_name,prequalified,named,named_sdr,ae,ce';
const accountsCsv = [
  header,
  'Acme.com,Acme Corp,yes,yes,sam@acme-sales.com,ALICE@acme-sales.com,carol@acme-sales.com',
  'globex.co.uk,Globex,yes,no,,,',
  'initech.com,Initech,no,no,,alice@acme-sales.com,',
].join('\n');

function withRoster() {
  const db = freshDb();
  importRoster(db, rosterCsv, now);
  return db;
}

describe('importAccounts', () => {
  it('imports accounts with lowercased domains and people by email', () => {
    const db = withRoster();
    expect(importAccounts(db, accountsCsv, now).message).toBe('imported 3 account rows (3 new, 0 updated)');
    // owner_ae_email and open_opportunity (migration 015) are optional columns, absent from this file.
    expect(
      db.prepare('SELECT domain, account_name, prequalified, named, named_sdr_email, ae_email, ce_email, region FROM accounts ORDER BY domain').all(),
    ).toEqual([
      {
        domain: 'acme.com',
        account_name: 'Acme Corp',
        prequalified: 1,
        named: 1,
        named_sdr_email: 'sam@acme-sales.com',
        ae_email: 'alice@acme-sales.com',
        ce_email: 'carol@acme-sales.com',
        region: null,
      },
      { domain: 'globex.co.uk', account_name: 'Globex', prequalified: 1, named: 0, named_sdr_email: null, ae_email: null, ce_email: null, region: null },
      {
        domain: 'initech.com',
        account_name: 'Initech',
        prequalified: 0,
        named: 0,
        named_sdr_email: null,
        ae_email: 'alice@acme-sales.com',
        ce_email: null,
        region: null,
      },
    ]);
    expect(db.prepare(`SELECT actor, action, detail FROM audit WHERE action = 'import-accounts'`).all()).toEqual([
      { actor: 'cli', action: 'import-accounts', detail: 'imported 3 account rows (3 new, 0 updated)' },
    ]);
  });

  it('upserts by domain and takes the optional region column', () => {
    const db = withRoster();
    importAccounts(db, accountsCsv, now);
    const result = importAccounts(db, `${header},region\nacme.com,Acme Inc,yes,no,,,,EMEA\numbrella.com,Umbrella,no,no,,,,\n`, now);
    expect(result.message).toBe('imported 2 account rows (1 new, 1 updated)');
    expect(db.prepare(`SELECT account_name, named, ae_email, region FROM accounts WHERE domain = 'acme.com'`).get()).toEqual({
      account_name: 'Acme Inc',
      named: 0,
      ae_email: null,
      region: 'EMEA',
    });
    expect(db.prepare('SELECT COUNT(*) AS n FROM accounts').get()).toEqual({ n: 4 });
  });

  const badRows: [string, string, string][] = [
    ['an unknown person', 'hooli.com,Hooli,yes,no,,bob@x.com,', 'ae bob@x.com is not in the roster'],
    ['a bad email', 'hooli.com,Hooli,yes,no,,,bob', 'ce "bob" is not a valid email'],
    ['a subdomain', 'eng.hooli.com,Hooli,yes,no,,,', 'domain must be the registrable domain (hooli.com), not eng.hooli.com'],
    ['not a domain', 'hooli,Hooli,yes,no,,,', '"hooli" is not a domain'],
    ['a bad yes/no', 'hooli.com,Hooli,y,no,,,', 'prequalified must be yes or no, not "y"'],
    ['a named account without a ce', 'hooli.com,Hooli,yes,yes,,alice@acme-sales.com,', 'a named account needs a ce'],
    ['a named account not prequalified', 'hooli.com,Hooli,no,yes,,alice@acme-sales.com,carol@acme-sales.com', 'a named account must be prequalified'],
    ['a repeated domain', 'ACME.com,Acme,no,no,,,', 'domain acme.com already appears on line 2'],
    ['no account name', 'hooli.com,,no,no,,,', 'account_name is empty'],
  ];
  for (const [what, row, problem] of badRows) {
    it(`fails the whole file on ${what}, naming its line, and changes nothing`, () => {
      const db = withRoster();
      importAccounts(db, accountsCsv, now);
      const before = snapshot(db);
      const csv = `${header}\nacme.com,Renamed,yes,no,,,\n${row}\numbrella.com,Umbrella,no,no,,,\n`;
      const err = importFailure(() => importAccounts(db, csv, now));
      expect(err.message).toBe(`line 3: ${problem}`);
      expect(snapshot(db)).toEqual(before);
    });
  }

  it('fails on a missing column', () => {
    const db = withRoster();
    const err = importFailure(() => importAccounts(db, 'domain,account_name,prequalified,named,ae,ce\n', now));
    expect(err.message).toBe('line 1: missing column "named_sdr"');
  });
});
