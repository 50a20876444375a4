import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/job.js';
import { openDatabase, type Db } from '../../src/db/open-database.js';
import { jobNamed } from '../../src/jobs/index.js';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

const NOW = '2026-09-01T09:00:00.000Z';
const daysAgo = (n: number) => new Date(Date.parse(NOW) - n * 86_400_000).toISOString();

async function job(argv: string[], env: Record<string, string>) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, env });
  return { code, stdout, stderr };
}

function seed(db: Db): void {
  const effect = db.prepare(
    `INSERT INTO outbox (key, kind, lane, trial_id, payload, status, run_after, created_at, updated_at)
     VALUES (?, 'email.send', 'l', 't-old', '{"to":"prospect@acme.com"}', ?, ?, ?, ?)`,
  );
  for (const [key, status, age] of [
    ['done-old', 'done', 100],
    ['done-recent', 'done', 20],
    ['failed-old', 'failed', 100],
    ['pending-old', 'pending', 100],
  ] as const) {
    effect.run(key, status, daysAgo(age), daysAgo(age), daysAgo(age));
  }
  db.prepare(
    `INSERT INTO trials (id, case_code, status, domain, prospect_email, created_at, updated_at) VALUES ('t-old', '3', 'terminated', 'acme.com', 'p@acme.com', ?, ?)`,
  ).run(daysAgo(400), daysAgo(300));
  db.prepare(`INSERT INTO audit (trial_id, actor, action, at) VALUES ('t-old', 'cli', 'terminated', ?)`).run(daysAgo(300));
  db.prepare(`INSERT INTO instances (url, domain, created_at) VALUES ('https://acme.test', 'acme.com', ?)`).run(daysAgo(400));
  const event = db.prepare(`INSERT INTO activity_events (id, instance_url, event, at, received_at) VALUES (?, 'https://acme.test', 'search', ?, ?)`);
  event.run('e-old', daysAgo(100), daysAgo(100));
  event.run('e-recent', daysAgo(10), daysAgo(10));
}

describe('retention job', () => {
  it('is registered, daily, in the jobs the scheduler and the CLI run', () => {
    expect(jobNamed('retention')).toMatchObject({ name: 'retention', schedule: '30 3 * * *', needs: 'database' });
  });

  it('deletes done outbox effects (prospects’ emails) older than RETENTION_DAYS; keeps the rest, trials, audit and recent activity', async () => {
    dir = mkdtempSync(join(tmpdir(), 'trialbot-retention-'));
    const path = join(dir, 'trialbot.db');
    const db = openDatabase(path);
    seed(db);
    db.close();

    const ran = await job(['retention', '--now', NOW], { SLACK_BOT_TOKEN: 'xoxb-1', DATABASE_PATH: path, RETENTION_DAYS: '30' });
    expect(ran.code).toBe(0);
    expect(ran.stdout.split('\n')[0]).toBe('retention: deleted 1 done outbox effect and 1 raw activity event older than 30 days');
    const after = openDatabase(path);
    expect(after.prepare('SELECT key FROM outbox ORDER BY key').pluck().all()).toEqual(['done-recent', 'failed-old', 'pending-old']);
    expect(after.prepare('SELECT id FROM activity_events ORDER BY id').pluck().all()).toEqual(['e-recent']);
    expect(after.prepare('SELECT count(*) FROM trials').pluck().get()).toBe(1);
    expect(after.prepare('SELECT count(*) FROM audit').pluck().get()).toBe(1);
    after.close();
  });

  it('by default keeps 90 days, and reads the outbox by its index, not the whole table', async () => {
    dir = mkdtempSync(join(tmpdir(), 'trialbot-retention-'));
    const path = join(dir, 'trialbot.db');
    const db = openDatabase(path);
    seed(db);
    const plan = db
      .prepare(`EXPLAIN QUERY PLAN SELECT rowid FROM outbox WHERE status = 'done' AND updated_at < ? LIMIT 10`)
      .all(NOW)
      .map((r) => (r as { detail: string }).detail)
      .join('\n');
    expect(plan).toMatch(/USING (COVERING )?INDEX outbox_done_by_age/);
    const events = db.prepare(`EXPLAIN QUERY PLAN SELECT rowid FROM activity_events WHERE received_at < ? LIMIT 10`).all(NOW);
    expect(events.map((r) => (r as { detail: string }).detail).join('\n')).toMatch(/USING (COVERING )?INDEX activity_by_received/);
    db.close();
    const ran = await job(['retention', '--now', NOW], { SLACK_BOT_TOKEN: 'xoxb-1', DATABASE_PATH: path });
    expect(ran.stdout).toMatch(/^retention: deleted 1 done outbox effect and \d raw activity events? older than 90 days/);
  });
});
