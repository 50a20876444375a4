import { describe, expect, it } from 'vitest';
import { importInstances } from '../../src/admin/import-instances.js';
import { normaliseInstanceUrl } from '../../src/core/instance-url.js';
import { freshDb, importFailure, now, snapshot } from './helpers.js';

const header = 'url,domain,admin_email';
const instancesCsv = [
  header,
  'https://Acme.Sourcegraph.com/,acme.com,admin@acme.com',
  'https://pool-1.sourcegraph.com,,',
  'http://pool-2.sourcegraph.com//,,',
  'https://globex.sourcegraph.com,globex.co.uk,it@eng.globex.co.uk',
].join('\n');

describe('normaliseInstanceUrl', () => {
  it('lowercases the host and drops trailing slashes', () => {
    expect(normaliseInstanceUrl('HTTPS://Acme.Example.COM/')).toBe('https://acme.example.com');
    expect(normaliseInstanceUrl('http://acme.example.com:8080/Path/')).toBe('http://acme.example.com:8080/Path');
  });

  it('refuses what is not a plain http(s) URL', () => {
    for (const bad of ['acme.example.com', 'ftp://acme.example.com', 'https://u:p@acme.example.com', 'https://acme.example.com/?x=1', 'https://']) {
      expect(normaliseInstanceUrl(bad), bad).toBeNull();
    }
  });
});

describe('importInstances', () => {
  it('imports owned and pool instances with normalised urls', () => {
    const db = freshDb();
    expect(importInstances(db, instancesCsv, now).message).toBe('imported 4 instance rows (4 new, 0 updated)');
    expect(db.prepare('SELECT url, domain, admin_email, status, trial_id, created_at FROM instances ORDER BY url').all()).toEqual([
      { url: 'http://pool-2.sourcegraph.com', domain: null, admin_email: null, status: 'live', trial_id: null, created_at: now.toISOString() },
      { url: 'https://acme.sourcegraph.com', domain: 'acme.com', admin_email: 'admin@acme.com', status: 'live', trial_id: null, created_at: now.toISOString() },
      {
        url: 'https://globex.sourcegraph.com',
        domain: 'globex.co.uk',
        admin_email: 'it@eng.globex.co.uk',
        status: 'live',
        trial_id: null,
        created_at: now.toISOString(),
      },
      { url: 'https://pool-1.sourcegraph.com', domain: null, admin_email: null, status: 'live', trial_id: null, created_at: now.toISOString() },
    ]);
  });

  it('upserts by url, keeping created_at and status', () => {
    const db = freshDb();
    importInstances(db, instancesCsv, now);
    db.prepare(`UPDATE instances SET status = 'terminated' WHERE url = 'https://acme.sourcegraph.com'`).run();
    const later = new Date('2026-04-01T00:00:00.000Z');
    const result = importInstances(
      db,
      `${header}\nhttps://acme.sourcegraph.com,acme.com,root@acme.com\nhttps://pool-1.sourcegraph.com,initech.com,ops@initech.com\nhttps://new.sourcegraph.com,acme.com,admin@acme.com\n`,
      later,
    );
    expect(result.message).toBe('imported 3 instance rows (1 new, 2 updated)');
    expect(
      db.prepare(`SELECT url, domain, admin_email, status, created_at FROM instances WHERE domain IN ('acme.com', 'initech.com') ORDER BY url`).all(),
    ).toEqual([
      { url: 'https://acme.sourcegraph.com', domain: 'acme.com', admin_email: 'root@acme.com', status: 'terminated', created_at: now.toISOString() },
      { url: 'https://new.sourcegraph.com', domain: 'acme.com', admin_email: 'admin@acme.com', status: 'live', created_at: later.toISOString() },
      { url: 'https://pool-1.sourcegraph.com', domain: 'initech.com', admin_email: 'ops@initech.com', status: 'live', created_at: now.toISOString() },
    ]);
  });

  it('does not unlink an instance the bot has linked when the pool file is imported again', () => {
    const db = freshDb();
    importInstances(db, instancesCsv, now);
    db.prepare(`UPDATE instances SET domain = 'hooli.com', admin_email = 'a@hooli.com' WHERE url = 'https://pool-1.sourcegraph.com'`).run();
    importInstances(db, instancesCsv, now);
    expect(db.prepare(`SELECT domain FROM instances WHERE url = 'https://pool-1.sourcegraph.com'`).get()).toEqual({ domain: 'hooli.com' });
  });

  const badRows: [string, string, string][] = [
    ['a bad url', 'acme2.sourcegraph.com,,', 'url "acme2.sourcegraph.com" is not an http(s) URL (like https://acme.example.com)'],
    [
      'a pool instance with only a domain',
      'https://x.sourcegraph.com,hooli.com,',
      'admin_email is empty but domain is not (leave both empty for a pool instance)',
    ],
    [
      'a pool instance with only an admin',
      'https://x.sourcegraph.com,,a@hooli.com',
      'domain is empty but admin_email is not (leave both empty for a pool instance)',
    ],
    ['an admin at another domain', 'https://x.sourcegraph.com,hooli.com,a@hooli.org', 'admin_email a@hooli.org is not at hooli.com'],
    ['a subdomain', 'https://x.sourcegraph.com,eng.hooli.com,a@eng.hooli.com', 'domain must be the registrable domain (hooli.com), not eng.hooli.com'],
    ['a bad admin email', 'https://x.sourcegraph.com,hooli.com,hooli.com', 'admin_email "hooli.com" is not a valid email'],
    [
      'a second live instance for a domain in the database',
      'https://x.sourcegraph.com,acme.com,b@acme.com',
      'acme.com already has a live instance, https://acme.sourcegraph.com (already in the database)',
    ],
    [
      'a second live instance for a domain in the file',
      'https://x.sourcegraph.com,initech.com,b@initech.com',
      'initech.com already has a live instance, https://initech.sourcegraph.com (on line 2)',
    ],
    ['a repeated url', 'https://INITECH.sourcegraph.com/,initech.com,a@initech.com', 'url https://initech.sourcegraph.com already appears on line 2'],
  ];
  for (const [what, row, problem] of badRows) {
    it(`fails the whole file on ${what}, naming its line, and changes nothing`, () => {
      const db = freshDb();
      importInstances(db, instancesCsv, now);
      const before = snapshot(db);
      const csv = `${header}\nhttps://initech.sourcegraph.com,initech.com,a@initech.com\n${row}\nhttps://pool-9.sourcegraph.com,,\n`;
      const err = importFailure(() => importInstances(db, csv, now));
      expect(err.message).toBe(`line 3: ${problem}`);
      expect(snapshot(db)).toEqual(before);
    });
  }
});
