import { openDatabase, type Db } from '../../src/db/open-database.js';
import { ImportError } from '../../src/admin/csv-import.js';

export const now = new Date('2026-03-02T10:00:00.000Z');

export function freshDb(): Db {
  return openDatabase(':memory:');
}

/** Everything an import may touch, to show a failed import changed nothing. */
export function snapshot(db: Db): unknown {
  return {
    people: db.prepare('SELECT * FROM people ORDER BY slack_user_id, role').all(),
    accounts: db.prepare('SELECT * FROM accounts ORDER BY domain').all(),
    instances: db.prepare('SELECT * FROM instances ORDER BY url').all(),
    audit: db.prepare('SELECT * FROM audit ORDER BY id').all(),
  };
}

export function importFailure(fn: () => unknown): ImportError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ImportError) return err;
    throw err;
  }
  throw new Error('expected the import to fail');
}

export const rosterCsv = [
  'slack_user_id,email,name,role,region,eligible',
  'U01AE,Alice@Acme-Sales.com,Alice Ae,ae,EMEA,yes',
  'U02CE,carol@acme-sales.com,Carol Ce,ce,,yes',
  'U02CE,carol@acme-sales.com,Carol Ce,license_owner,,no',
  'W03SDR,sam@acme-sales.com,Sam Sdr,sdr,AMER,no',
  'U04IN,ivy@acme-sales.com,Ivy Inbound,inbound_sdr,AMER,YES',
  '',
].join('\n');

export function addTrial(db: Db, id: string, domain: string, spaceName: string | null, createdAt: string): void {
  db.prepare(
    `INSERT INTO trials (id, case_code, status, domain, prospect_email, space_name, created_at, updated_at)
     VALUES (?, '3', 'active', ?, ?, ?, ?, ?)`,
  ).run(id, domain, `p@${domain}`, spaceName, createdAt, createdAt);
}

export function addEffect(db: Db, id: number, status: string, attempts: number, lastError: string | null): void {
  db.prepare(
    `INSERT INTO outbox (id, key, kind, lane, trial_id, payload, status, attempts, run_after, last_error, created_at, updated_at)
     VALUES (?, ?, 'slack.post', 'trial:t-1', 't-1', '{}', ?, ?, '2026-03-01T00:00:00.000Z', ?, '2026-03-01T00:00:00.000Z', '2026-03-01T01:00:00.000Z')`,
  ).run(id, `key-${id}`, status, attempts, lastError);
}
