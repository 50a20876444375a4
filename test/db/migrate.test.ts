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
    expect(tables).toEqual(expect.arrayContaining(['people', 'accounts', 'instances', 'trials', 'signups', 'outbox', 'audit', 'milestones', 'touches', 'rotation']));
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
});
