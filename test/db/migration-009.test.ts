import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { loadMigrations, migrate } from '../../src/db/migrate.js';

describe('migration 009 (the manager’s view)', () => {
  it('adds the funnel’s indexes and the digest’s table to a database holding trials, keeping them', () => {
    const db = new Database(':memory:');
    migrate(
      db,
      loadMigrations().filter((m) => m.version < 9),
    );
    db.prepare(
      `INSERT INTO trials (id, case_code, status, domain, prospect_email, created_at, updated_at)
       VALUES ('tr_1', '3', 'triage', 'initech.com', 'bob@initech.com', '2026-12-07T10:00:00.000Z', '2026-12-07T10:00:00.000Z')`,
    ).run();
    expect(
      migrate(
        db,
        loadMigrations().filter((m) => m.version <= 9),
      ),
    ).toEqual(['009_manager_view.sql']);
    const names = (db.prepare(`SELECT name FROM sqlite_master WHERE type IN ('index', 'table')`).all() as Array<{ name: string }>).map((r) => r.name);
    expect(names).toEqual(expect.arrayContaining(['trials_by_created_at', 'activity_by_instance_event', 'milestones_unanswered', 'weekly_digests']));
    expect(db.prepare('SELECT count(*) AS n FROM trials').get()).toEqual({ n: 1 });
    // One row per week: a second mark of the same week is refused by the key.
    db.prepare(`INSERT INTO weekly_digests (week_start, recorded_at) VALUES ('2026-12-07', '2026-12-14T08:00:00.000Z')`).run();
    expect(() => db.prepare(`INSERT INTO weekly_digests (week_start, recorded_at) VALUES ('2026-12-07', '2026-12-14T09:00:00.000Z')`).run()).toThrow(/UNIQUE/);
    db.close();
  });
});
