import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open-database.js';
import { FakeGitHub } from '../../src/fakes/github-api.js';
import { FakeSlack } from '../../src/fakes/slack-api.js';
import { ChildBot } from '../support/child-bot.js';
import { seedTeam, team } from '../support/seed.js';
import { webhookSignature } from '../support/sign.js';
import { REPO, secrets } from '../support/test-bot.js';

/**
 * Issue 16.1: another process (an `admin` import, a `job` run, a `sqlite3` shell) holds the write
 * lock for 10 s while signups arrive, and the server is killed (SIGKILL) and restarted in the middle
 * of it. No crash, no lost signup (the webhook answers 503 + Retry-After and the sender retries),
 * none twice. The server is the built one (`npm test` builds first), a process of its own.
 */

const root = fileURLToPath(new URL('../../', import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/** A second process that takes the write lock (BEGIN IMMEDIATE) and holds it for `ms`. */
function holdWriteLock(dbPath: string, ms: number): { held: Promise<void>; released: Promise<void>; child: ChildProcess } {
  const script = `
    import Database from 'better-sqlite3';
    const db = new Database(process.env.DB_PATH);
    db.exec('BEGIN IMMEDIATE');
    db.prepare("INSERT OR REPLACE INTO bot_state (name, value) VALUES ('lock-test', 'held')").run();
    process.stdout.write('held\\n');
    setTimeout(() => { db.exec('COMMIT'); db.close(); }, ${ms});
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: root, env: { PATH: process.env.PATH ?? '', DB_PATH: dbPath } });
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  const held = new Promise<void>((resolve, reject) => {
    child.stdout!.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`lock holder exited with ${code}: ${err}`)));
  });
  const released = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { held, released, child };
}

const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

describe('another process holds the write lock for 10 s', () => {
  it('costs no crash, no lost signup and no duplicate, even when the server is killed meanwhile', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trialbot-lock-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const slack = await FakeSlack.start({ token: secrets.slackToken });
    const github = await FakeGitHub.start({ token: secrets.githubToken, repos: [REPO] });
    cleanups.push(
      () => slack.close(),
      () => github.close(),
    );
    for (const p of Object.values(team)) slack.addUser({ id: p.id, name: p.email.split('@')[0]!, email: p.email });
    const alerts = slack.createChannel({ name: 'cloud-trial-alerts', botIsMember: true }).id;
    const dbPath = join(dir, 'trialbot.db');
    const db = openDatabase(dbPath);
    seedTeam(db);
    db.close();
    const port = await freePort();
    const bot = new ChildBot(
      {
        SLACK_BOT_TOKEN: secrets.slackToken,
        SLACK_SIGNING_SECRET: secrets.signing,
        SLACK_API_URL: `${slack.url}/api/`,
        ALERTS_CHANNEL: alerts,
        GITHUB_TOKEN: secrets.githubToken,
        GITHUB_API_URL: github.url,
        GITHUB_REPO: REPO,
        GITHUB_WEBHOOK_SECRET: secrets.github,
        WEBHOOK_SECRET: secrets.webhook,
        DATABASE_PATH: dbPath,
        PORT: String(port),
        LOG_LEVEL: 'warn',
      },
      `http://127.0.0.1:${port}`,
    );
    cleanups.push(() => bot.kill());
    await bot.start();

    const statuses: number[] = [];
    let retryAfterSeen = false;
    /** The signup site: retries a 503 after Retry-After, and a request the dead server never answered. */
    const signUp = async (i: number) => {
      const body = JSON.stringify({ id: `lock-${i}`, email: `p${i}@company-${i}.com`, name: `P ${i}`, company: `Company ${i}` });
      for (let attempt = 0; attempt < 200; attempt++) {
        try {
          const res = await fetch(`${bot.url}/webhooks/signup`, {
            method: 'POST',
            body,
            headers: { 'content-type': 'application/json', 'x-signature-256': webhookSignature(secrets.webhook, body) },
          });
          statuses.push(res.status);
          if (res.status === 200) return;
          expect(res.status).toBe(503);
          const after = Number(res.headers.get('retry-after'));
          expect(after).toBeGreaterThan(0);
          retryAfterSeen = true;
          await sleep(Math.min(after * 1000, 1000));
        } catch {
          await sleep(100);
        }
      }
      throw new Error(`signup ${i} never got through:\n${bot.output}`);
    };

    // Some signups are already in the outbox when the lock is taken: the worker's bookkeeping meets it.
    for (let i = 0; i < 3; i++) await signUp(i);
    const lock = holdWriteLock(dbPath, 10_000);
    await lock.held;
    const before = Date.now();
    const during = Array.from({ length: 6 }, (_, k) => signUp(3 + k));
    await sleep(3000);
    // The server still answers its health check while locked (reads do not wait for the writer).
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
    await bot.kill();
    await bot.start();
    const after = Array.from({ length: 3 }, (_, k) => signUp(9 + k));
    await Promise.all([...during, ...after]);
    await lock.released;
    expect(Date.now() - before).toBeGreaterThan(5000);
    expect(retryAfterSeen).toBe(true);

    // Every signup once, every alert once, and the server still up.
    const read = new Database(dbPath, { readonly: true });
    const deadline = Date.now() + 30_000;
    const alertsPosted = () => slack.messagesIn(alerts).filter((m) => /company-\d+\.com|Company \d+/.test(JSON.stringify(m))).length;
    while (Date.now() < deadline) {
      const open = read.prepare(`SELECT count(*) AS n FROM outbox WHERE status IN ('pending','running')`).get() as { n: number };
      if (open.n === 0 && alertsPosted() >= 12) break;
      await sleep(100);
    }
    const trials = read.prepare(`SELECT count(*) AS n FROM signups`).get() as { n: number };
    read.close();
    expect(trials.n).toBe(12);
    expect(alertsPosted()).toBe(12);
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
    expect(bot.output).not.toMatch(/failed to start|uncaught exception/);
  }, 120_000);
});
