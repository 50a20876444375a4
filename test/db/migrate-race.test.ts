import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config.js';
import { openDatabase } from '../../src/db/open-database.js';
import { loadMigrations, migrate } from '../../src/db/migrate.js';

// The compiled modules (npm test builds them first): each process is a connection of its own.
const distModule = (path: string) => pathToFileURL(fileURLToPath(new URL(`../../dist/${path}`, import.meta.url))).href;

/** Opens the database when the test says "go" on stdin; prints what it applied, or its error. */
const childScript = `
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { openDatabase, useWriteAheadLog } from ${JSON.stringify(distModule('src/db/open-database.js'))};
import { loadMigrations, migrate } from ${JSON.stringify(distModule('src/db/migrate.js'))};
const { DB_PATH, MIGRATIONS } = process.env;
process.stdout.write('ready\\n');
for await (const line of createInterface({ input: process.stdin })) {
  try {
    if (MIGRATIONS) {
      // A generous wait: on a loaded machine the other process's slow migration can outlast the 5 s default.
      const db = new Database(DB_PATH, { timeout: 60000 });
      useWriteAheadLog(db);
      process.stdout.write(JSON.stringify({ applied: migrate(db, loadMigrations(MIGRATIONS)) }) + '\\n');
      db.close();
    } else {
      const db = openDatabase(DB_PATH);
      process.stdout.write(JSON.stringify({ version: db.pragma('user_version', { simple: true }) }) + '\\n');
      db.close();
    }
  } catch (error) {
    process.stdout.write(JSON.stringify({ error: String(error.message) }) + '\\n');
  }
  break;
}
`;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'trialbot-migrate-race-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Starts two processes, waits until both are ready, then tells both to open the database at once. */
async function race(env: Record<string, string>): Promise<unknown[]> {
  const children = [0, 1].map(() => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', childScript], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['pipe', 'pipe', 'inherit'],
      cwd: fileURLToPath(new URL('../../', import.meta.url)),
    });
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    return { child, next: async () => (await lines.next()).value as string };
  });
  for (const c of children) expect(await c.next()).toBe('ready');
  for (const c of children) c.child.stdin.write('go\n');
  const answers = await Promise.all(children.map(async (c) => JSON.parse(await c.next()) as unknown));
  for (const c of children) c.child.stdin.end();
  return answers;
}

describe('two processes opening an older database at once', () => {
  it('one applies a (slow) migration, the other waits for its lock and finds it applied: neither fails', async () => {
    const migrations = join(dir, 'migrations');
    mkdirSync(migrations);
    writeFileSync(join(migrations, '001_a.sql'), 'CREATE TABLE a (x INTEGER);');
    // Slow enough (~0.5 s) that the second process reads the version while the first is applying it.
    writeFileSync(
      join(migrations, '002_b.sql'),
      'CREATE TABLE b AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 2000000) SELECT count(*) AS n FROM c;',
    );
    // A file still in rollback mode, as an old deployment's may be: both processes convert it to WAL.
    const path = join(dir, 'old.db');
    const old = new Database(path);
    migrate(old, loadMigrations(migrations).slice(0, 1));
    old.close();

    const answers = await race({ DB_PATH: path, MIGRATIONS: migrations });
    expect(answers).toEqual(expect.arrayContaining([{ applied: ['002_b.sql'] }, { applied: [] }]));
    const db = new Database(path);
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    expect(db.prepare('SELECT n FROM b').all()).toEqual([{ n: 2000000 }]);
    db.close();
  });

  it('the real migrations: a database from 003 opened by two servers at once ends at the latest version, both open', async () => {
    const path = join(dir, 'trialbot.db');
    const old = new Database(path);
    old.pragma('journal_mode = WAL');
    migrate(
      old,
      loadMigrations().filter((m) => m.version <= 3),
    );
    old.close();
    const latest = loadMigrations().at(-1)!.version;
    expect(await race({ DB_PATH: path })).toEqual([{ version: latest }, { version: latest }]);
  });
});

describe('a database newer than the code', () => {
  it('is refused with one line naming both versions, and left as it was', () => {
    const path = join(dir, 'newer.db');
    const latest = loadMigrations().at(-1)!.version;
    const newer = new Database(path);
    newer.pragma(`user_version = ${latest + 1}`);
    newer.close();
    let error: unknown;
    try {
      openDatabase(path).close();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain(`schema version ${latest + 1}, newer than this trialbot knows (${latest})`);
    expect(message.split('\n')).toHaveLength(1);
    const after = new Database(path);
    expect(after.pragma('user_version', { simple: true })).toBe(latest + 1);
    after.close();
  });
});
