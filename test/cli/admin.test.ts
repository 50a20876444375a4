import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/admin.js';
import { openDatabase } from '../../src/db/open-database.js';
import { addEffect, addTrial, rosterCsv } from '../admin/helpers.js';

let dir: string;
let dbPath: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'trialbot-admin-'));
  dbPath = join(dir, 'data', 'trialbot.db');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: { DATABASE_PATH: dbPath, TIMEZONE: 'UTC' },
    now: () => new Date('2026-03-02T10:00:00.000Z'),
  });
  return { code, stdout, stderr };
}

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function query<T>(sql: string): T[] {
  const db = openDatabase(dbPath);
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

describe('admin CLI', () => {
  it('imports roster, accounts and instances from files', async () => {
    expect(await run('import-roster', file('roster.csv', rosterCsv))).toEqual({
      code: 0,
      stdout: 'imported 5 roster rows (5 new, 0 updated)\n',
      stderr: '',
    });
    const accounts = file('accounts.csv', 'domain,account_name,prequalified,named,named_sdr,ae,ce\nacme.com,Acme,yes,no,,,\n');
    expect((await run('import-accounts', accounts)).stdout).toBe('imported 1 account row (1 new, 0 updated)\n');
    const instances = file('instances.csv', 'url,domain,admin_email\nhttps://pool-1.example.com,,\n');
    expect((await run('import-instances', instances)).stdout).toBe('imported 1 instance row (1 new, 0 updated)\n');
    expect(query<{ action: string; detail: string }>('SELECT action, detail FROM audit ORDER BY id')).toEqual([
      { action: 'import-roster', detail: 'imported 5 roster rows (5 new, 0 updated) from roster.csv' },
      { action: 'import-accounts', detail: 'imported 1 account row (1 new, 0 updated) from accounts.csv' },
      { action: 'import-instances', detail: 'imported 1 instance row (1 new, 0 updated) from instances.csv' },
    ]);
  });

  it('fails a bad file with one line naming the file and line, exit 1, importing nothing', async () => {
    await run('import-roster', file('roster.csv', rosterCsv));
    const accounts = file(
      'accounts.csv',
      'domain,account_name,prequalified,named,named_sdr,ae,ce\nacme.com,Acme,yes,no,,,\n\nglobex.com,Globex,yes,no,,bob@x.com,\n',
    );
    const result = await run('import-accounts', accounts);
    expect(result).toEqual({ code: 1, stdout: '', stderr: `${accounts}: line 4: ae bob@x.com is not in the roster\n` });
    expect(query('SELECT * FROM accounts')).toEqual([]);
  });

  it('fails on a missing file with exit 1', async () => {
    const result = await run('import-roster', join(dir, 'nope.csv'));
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`cannot read ${join(dir, 'nope.csv')}: ENOENT\n`);
  });

  it('answers usage errors with exit 2 and the list of commands', async () => {
    for (const argv of [
      [],
      ['frobnicate'],
      ['import-roster'],
      ['ooo', 'a@b.com'],
      ['outbox', '--some'],
      ['audit'],
      ['assign', 't-1', 'ce'],
      ['assign', 't-1', 'cto', 'a@b.com'],
    ]) {
      const result = await run(...argv);
      expect(result.code, argv.join(' ')).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/import-roster FILE[\s\S]*outbox retry ID/);
    }
    expect((await run('frobnicate')).stderr.split('\n')[0]).toBe('unknown command: frobnicate');
    const help = await run('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: npm run admin/);
    expect(help.stdout).toContain('assign TRIAL ae|ce EMAIL');
  });

  it('marks, lists and clears out of office', async () => {
    await run('import-roster', file('roster.csv', rosterCsv));
    expect(await run('ooo', 'alice@acme-sales.com', '2026-03-05', '2026-03-06')).toEqual({
      code: 0,
      stdout: 'Alice Ae (alice@acme-sales.com) is out of office from 2026-03-05 to 2026-03-06\n',
      stderr: '',
    });
    expect(await run('ooo', 'nobody@acme-sales.com', '2026-03-05', '2026-03-06')).toEqual({
      code: 1,
      stdout: '',
      stderr: 'nobody@acme-sales.com is not in the roster\n',
    });
    expect((await run('ooo', 'list')).stdout).toBe('email                 name      from        to\nalice@acme-sales.com  Alice Ae  2026-03-05  2026-03-06\n');
    expect((await run('ooo', 'clear', 'alice@acme-sales.com')).stdout).toBe('removed 1 out-of-office entry for alice@acme-sales.com\n');
    expect((await run('ooo', 'list')).stdout).toBe('no one is out of office today or later\n');
  });

  it('prints a trial audit trail, and refuses an unknown trial', async () => {
    const db = openDatabase(dbPath);
    addTrial(db, 't-1', 'acme.com', 'cloud-trial-acme', '2026-01-01T00:00:00.000Z');
    db.prepare(`INSERT INTO audit (trial_id, actor, action, detail, at) VALUES ('t-1', 'signup', 'created', 'case 3', '2026-01-01T00:00:00.000Z')`).run();
    db.close();
    expect(await run('audit', 'acme')).toEqual({
      code: 0,
      stdout: 'time                      actor   action   detail\n2026-01-01T00:00:00.000Z  signup  created  case 3\n',
      stderr: '',
    });
    expect(await run('audit', 'hooli')).toEqual({ code: 1, stdout: '', stderr: 'unknown trial: hooli\n' });
  });

  it('lists the outbox and retries a failed effect', async () => {
    const db = openDatabase(dbPath);
    addEffect(db, 1, 'done', 1, null);
    addEffect(db, 7, 'failed', 3, 'boom');
    db.close();
    const list = await run('outbox');
    expect(list.code).toBe(0);
    expect(
      list.stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split(/\s+/)[0]),
    ).toEqual(['id', '7']);
    expect((await run('outbox', '--all')).stdout.split('\n').filter(Boolean)).toHaveLength(3);
    expect(await run('outbox', 'retry', '7')).toEqual({
      code: 0,
      stdout: "outbox effect 7 (slack.post) is pending again after 3 attempts; the server's worker will run it next\n",
      stderr: '',
    });
    expect(await run('outbox', 'retry', '7')).toEqual({
      code: 1,
      stdout: '',
      stderr: 'outbox effect 7 is pending, not failed; only failed effects can be retried\n',
    });
    expect(query('SELECT status, attempts, run_after FROM outbox WHERE id = 7')).toEqual([
      { status: 'pending', attempts: 1, run_after: '2026-03-02T10:00:00.000Z' },
    ]);
  });
});

describe('the sandbox database', () => {
  async function runIn(cwd: string, env: Record<string, string>, ...argv: string[]) {
    const before = process.cwd();
    process.chdir(cwd);
    try {
      let stdout = '';
      let stderr = '';
      const code = await main(argv, { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, env });
      return { code, stdout, stderr };
    } finally {
      process.chdir(before);
    }
  }

  it('with no SLACK_BOT_TOKEN and no DATABASE_PATH, the admin CLI uses the sandbox database, as `npm run job` does', async () => {
    const sandbox = openDatabase(join(dir, 'data', 'sandbox.db'));
    sandbox.close();
    const out = await runIn(dir, { TIMEZONE: 'UTC' }, 'import-roster', file('roster.csv', rosterCsv));
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    const db = openDatabase(join(dir, 'data', 'sandbox.db'));
    try {
      expect((db.prepare('SELECT count(*) FROM people').pluck().get() as number) > 0).toBe(true);
    } finally {
      db.close();
    }
  });

  it('says to start the sandbox first when it has made no database yet, and creates none', async () => {
    const out = await runIn(dir, { TIMEZONE: 'UTC' }, 'ooo', 'list');
    expect(out.code).toBe(1);
    expect(out.stderr).toContain('start the sandbox first (npm start)');
    expect(existsSync(join(dir, 'data', 'sandbox.db'))).toBe(false);
  });
});
