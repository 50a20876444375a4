import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Statement } from 'better-sqlite3';
import { reminders } from '../../src/jobs/reminders.js';
import { deadlines } from '../../src/jobs/deadlines.js';
import type { DatabaseJobContext } from '../../src/jobs/job.js';
import { openDatabase, type Db } from '../../src/db/open-database.js';
import { createLogger } from '../../src/logger.js';
import { seedTeam, team } from '../support/seed.js';
import { median } from './stats.js';

export interface SweepResult {
  trials: number;
  due: number;
  idleMs: number;
  dueMs: number;
  /** Query plans of the job's statements that read trials or milestones, and whether each uses an index. */
  plans: Array<{ sql: string; plan: string; indexed: boolean }>;
}

const DAY = 86_400_000;

/**
 * `trials` active trials with their day-15 and day-30 milestones; `dueShare` of them have
 * day 15 due at `now`. `prompted`: their prompts already went out an hour ago.
 */
export function seedSweep(db: Db, trials: number, dueShare: number, now: Date, prompted: boolean): number {
  seedTeam(db);
  const insertTrial = db.prepare(
    // Running trials whose CE sent the welcome long ago (welcomed_at = started_at): what a deployment holds.
    `INSERT INTO trials (id, case_code, status, domain, prospect_email, company, ae_id, ce_id, sdr_id, space_name, space_channel_id, alert_channel, alert_ts, started_at, ends_at, created_at, updated_at, welcomed_at, welcomed_by)
     VALUES (?, '3', 'active', ?, ?, ?, ?, ?, ?, ?, ?, 'CALERTS', ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertMilestone = db.prepare(`INSERT INTO milestones (trial_id, kind, due_on, due_at, prompted_at) VALUES (?, ?, ?, ?, ?)`);
  const dueEvery = Math.round(1 / dueShare);
  let due = 0;
  db.transaction(() => {
    for (let i = 0; i < trials; i++) {
      const isDue = i % dueEvery === 0;
      if (isDue) due++;
      // Due trials started 15 days ago (day 15 is today); the rest started 1–14 days ago.
      const started = new Date(now.getTime() - (isDue ? 15 : 1 + (i % 14)) * DAY);
      const day15 = new Date(started.getTime() + 15 * DAY);
      const day30 = new Date(started.getTime() + 30 * DAY);
      const id = `T${String(i).padStart(7, '0')}`;
      const iso = started.toISOString();
      insertTrial.run(
        id,
        `c${i}.com`,
        `p@c${i}.com`,
        `Company ${i}`,
        team.ae1.id,
        team.ce1.id,
        team.sdr.id,
        `cloud-trial-c${i}`,
        `CSPACE${i}`,
        `${i}.000100`,
        iso,
        day15.toISOString().slice(0, 10),
        iso,
        iso,
        iso,
        team.ce1.id,
      );
      insertMilestone.run(
        id,
        'day15',
        day15.toISOString().slice(0, 10),
        new Date(Date.UTC(day15.getUTCFullYear(), day15.getUTCMonth(), day15.getUTCDate())).toISOString(),
        isDue && prompted ? new Date(now.getTime() - 3600_000).toISOString() : null,
      );
      insertMilestone.run(
        id,
        'day30',
        day30.toISOString().slice(0, 10),
        new Date(Date.UTC(day30.getUTCFullYear(), day30.getUTCMonth(), day30.getUTCDate())).toISOString(),
        null,
      );
    }
  })();
  db.pragma('optimize');
  return due;
}

/** Records every statement the job prepares, with the arguments of its last run. */
function recordStatements(db: Db): { statements: Map<string, unknown[]>; restore(): void } {
  const statements = new Map<string, unknown[]>();
  const prepare = db.prepare.bind(db);
  db.prepare = ((sql: string) => {
    const stmt = prepare(sql) as Statement;
    for (const method of ['run', 'get', 'all', 'iterate'] as const) {
      const original = (stmt[method] as (...a: unknown[]) => unknown).bind(stmt);
      (stmt as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
        statements.set(sql, args);
        return original(...args);
      };
    }
    return stmt;
  }) as typeof db.prepare;
  return { statements, restore: () => void (db.prepare = prepare as typeof db.prepare) };
}

function explain(db: Db, statements: Map<string, unknown[]>): SweepResult['plans'] {
  const plans: SweepResult['plans'] = [];
  for (const [sql, args] of statements) {
    if (!/\b(milestones|trials)\b/i.test(sql) || !/^\s*(SELECT|WITH)/i.test(sql)) continue;
    try {
      const rows = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...(args as never[])) as Array<{ detail: string }>;
      const plan = rows.map((r) => r.detail).join('; ');
      // Any SCAN of either big table reads all of it, through an index or not; only SEARCH is a lookup.
      const indexed = !rows.some((r) => /^SCAN (milestones|trials|m|t)\b/i.test(r.detail));
      plans.push({ sql: sql.replace(/\s+/g, ' ').trim(), plan, indexed });
    } catch (error) {
      plans.push({ sql: sql.replace(/\s+/g, ' ').trim(), plan: `could not explain: ${(error as Error).message}`, indexed: false });
    }
  }
  return plans;
}

/** One `deadlines` pass over `trials` trials with 5 % due: idle (already prompted) and due. */
export async function measureSweep(trials: number, runs: number): Promise<SweepResult> {
  const dir = mkdtempSync(join(tmpdir(), 'trialbot-sweep-'));
  const now = new Date('2026-06-15T09:00:00Z');
  try {
    // The job reads the database only (a DatabaseJob): no Slack, GitHub or secrets to set up.
    const logger = createLogger('silent');
    const pass = async (db: Db) => {
      const ctx: DatabaseJobContext = {
        db,
        config: {
          TIMEZONE: 'UTC',
          LICENSE_ROTATION_DAYS: 7,
          RETENTION_DAYS: 90,
          BUSINESS_HOURS: 'Mon-Fri 09:00-18:00',
          ARCHIVE_AFTER_DAYS: 14,
          TRIAGE_SLA_MINUTES: 5,
          PROVISIONING_SLA_HOURS: 24,
        },
        logger,
      };
      const started = performance.now();
      await deadlines.run(ctx, now);
      // The loop-closing reminders (issue 12) sweep the same database on their own indexes.
      await reminders.run(ctx, now);
      return performance.now() - started;
    };

    const idleDb = openDatabase(join(dir, 'idle.db'));
    const due = seedSweep(idleDb, trials, 0.05, now, true);
    await pass(idleDb); // warm the page cache and the statement cache, like a running server
    const idleTimes: number[] = [];
    for (let i = 0; i < runs; i++) idleTimes.push(await pass(idleDb));
    const recorder = recordStatements(idleDb);
    await pass(idleDb);
    recorder.restore();
    const plans = explain(idleDb, recorder.statements);
    idleDb.close();

    const dueDb = openDatabase(join(dir, 'due.db'));
    seedSweep(dueDb, trials, 0.05, now, false);
    dueDb.prepare('SELECT count(*) FROM milestones').get(); // same warm cache as the idle pass
    const dueMs = await pass(dueDb);
    dueDb.close();
    return { trials, due, idleMs: median(idleTimes), dueMs, plans };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
