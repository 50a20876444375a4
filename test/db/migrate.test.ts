import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open-database.js';
import { loadMigrations, migrate } from '../../src/db/migrate.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'trialbot-db-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('opening the database', () => {
  it('a fresh file is migrated to the latest version, in WAL with synchronous=FULL and foreign keys on', () => {
    const db = openDatabase(join(dir, 'nested', 'trialbot.db'));
    const latest = loadMigrations().at(-1)!.version;
    expect(db.pragma('user_version', { simple: true })).toBe(latest);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
    const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as Array<{ name: string }>).map((t) => t.name);
    expect(tables).toEqual(
      expect.arrayContaining(['people', 'accounts', 'instances', 'trials', 'signups', 'outbox', 'audit', 'milestones', 'touches', 'rotation']),
    );
    db.close();
  });

  it('a migrated database is left alone, data included', () => {
    const path = join(dir, 't.db');
    const db = openDatabase(path);
    db.prepare(`INSERT INTO bot_state (name, value) VALUES ('x', 'kept')`).run();
    db.close();
    const again = new Database(path);
    expect(migrate(again)).toEqual([]);
    expect(again.prepare(`SELECT value FROM bot_state WHERE name = 'x'`).get()).toEqual({ value: 'kept' });
    again.close();
  });

  it('migrations apply in number order, each once, and a failing one leaves the database at the last whole version', () => {
    const migrations = join(dir, 'migrations');
    mkdirSync(migrations);
    writeFileSync(join(migrations, '001_a.sql'), 'CREATE TABLE a (x INTEGER);');
    writeFileSync(join(migrations, '010_c.sql'), 'CREATE TABLE c (x INTEGER); INSERT INTO nope VALUES (1);');
    writeFileSync(join(migrations, '002_b.sql'), 'CREATE TABLE b (x INTEGER);');
    writeFileSync(join(migrations, 'README.md'), 'not a migration');
    const db = new Database(join(dir, 'm.db'));
    expect(() => migrate(db, loadMigrations(migrations))).toThrow(/nope/);
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as Array<{ name: string }>).map((t) => t.name);
    expect(tables).toEqual(['a', 'b']);
    writeFileSync(join(migrations, '010_c.sql'), 'CREATE TABLE c (x INTEGER);');
    expect(migrate(db, loadMigrations(migrations))).toEqual(['010_c.sql']);
    expect(migrate(db, loadMigrations(migrations))).toEqual([]);
    db.close();
  });

  it('004 moves manual-retry counts out of bot_state onto the outbox row, and indexes seen events by age', () => {
    const db = new Database(join(dir, 'old.db'));
    migrate(
      db,
      loadMigrations().filter((m) => m.version <= 3),
    );
    const insert = db.prepare(
      `INSERT INTO outbox (key, kind, lane, payload, status, attempts, run_after, last_error, created_at, updated_at)
       VALUES (?, 'slack.post', ?, '{}', ?, 3, '2026-03-01T00:00:00.000Z', ?, '2026-03-01T00:00:00.000Z', '2026-03-01T00:00:00.000Z')`,
    );
    insert.run('failed-twice', 'a', 'failed', 'Slack: is_archived');
    insert.run('retrying', 'b', 'pending', 'Slack HTTP 503');
    insert.run('never-failed', 'c', 'pending', null);
    const state = db.prepare(`INSERT INTO bot_state (name, value) VALUES (?, ?)`);
    state.run('outbox-retry:failed-twice', JSON.stringify({ retries: 2, at: '2026-03-02T00:00:00.000Z' }));
    state.run('outbox-retry:retrying', JSON.stringify({ retries: 1, at: '2026-03-03T00:00:00.000Z' }));
    state.run('pool-low', 'kept');

    expect(
      migrate(
        db,
        loadMigrations().filter((m) => m.version <= 4),
      ),
    ).toEqual(['004_outbox_retries.sql']);
    expect(db.prepare(`SELECT key, manual_retries, failing_since FROM outbox ORDER BY id`).all()).toEqual([
      { key: 'failed-twice', manual_retries: 2, failing_since: null },
      // Still retrying: its budget runs from its last manual retry, as before.
      { key: 'retrying', manual_retries: 1, failing_since: '2026-03-03T00:00:00.000Z' },
      { key: 'never-failed', manual_retries: 0, failing_since: null },
    ]);
    expect(db.prepare(`SELECT name FROM bot_state`).all()).toEqual([{ name: 'pool-low' }]);
    const plan = db.prepare(`EXPLAIN QUERY PLAN DELETE FROM seen_slack_events WHERE seen_at < ?`).all('2026-03-01') as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail).join('\n')).toMatch(/USING (COVERING )?INDEX seen_slack_events_by_seen_at/);
    db.close();
  });
});
