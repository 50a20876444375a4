import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jobDatabasePath, main } from '../../src/cli/job.js';
import { openDatabase } from '../../src/db/open-database.js';
import { SANDBOX_MARKER } from '../../src/sandbox/sandbox-guard.js';
import { SANDBOX_DATABASE_PATH, standInStatePath } from '../../src/sandbox/sandbox-paths.js';
import { eventually } from '../support/eventually.js';
import { startTestSandbox, testDir } from '../support/sandbox.js';

const DAY = 86_400_000;

/** `npm run job -- …` in-process, with only the environment given (no Slack token: the sandbox's). */
async function job(argv: string[], env: Record<string, string>) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, env });
  return { code, stdout, stderr };
}

/** Runs `fn` with `dir` as the working directory, as `npm run job` in a checkout would. */
async function inDir<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  const cwd = process.cwd();
  process.chdir(dir);
  try {
    return await fn();
  } finally {
    process.chdir(cwd);
  }
}

/** A database as the sandbox leaves it: its marker row in bot_state. */
function sandboxDatabase(path: string): void {
  const db = openDatabase(path);
  db.prepare('INSERT OR IGNORE INTO bot_state (name, value) VALUES (?, ?)').run(SANDBOX_MARKER, 'made by the test');
  db.close();
}

const sandbox = (databasePath: string) => startTestSandbox({ DATABASE_PATH: databasePath });

describe('npm run job in sandbox mode (no SLACK_BOT_TOKEN)', () => {
  it('runs deadlines against the sandbox’s database at the sandbox’s clock, and the sandbox sends the prompt when it runs', async () => {
    const databasePath = join(testDir('trialbot-job-'), 'sandbox.db');
    let box = await sandbox(databasePath);
    const signup = await fetch(`${box.bot.url}/sandbox/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'hank@globex.com', name: 'Hank Scorpio', company: 'Globex' }),
    });
    const trialId = ((await signup.json()) as any).answer.body.trialId as string;
    const row = await eventually(() => {
      const r = box.bot.db.prepare('SELECT status, ce_id FROM trials WHERE id = ?').get(trialId) as { status: string; ce_id: string };
      expect(r.status).toBe('active');
      return r;
    });
    // Someone moved the sandbox's clock to day 16 on the page, then stopped it.
    box.clock.advance(16 * DAY);
    await box.close();

    const ran = await job(['deadlines'], { DATABASE_PATH: databasePath });
    expect(ran).toMatchObject({ code: 0 });
    expect(ran.stdout).toMatch(
      /^deadlines: prompted 1, escalated 0, superseded 0\nrecorded \d+ to send \(messages, issues, emails\), due now: the running server sends them within seconds\n$/,
    );
    expect(ran.stderr).toContain('the sandbox’s clock');
    expect(ran.stderr).not.toMatch(/missing required setting/);
    expect((await job(['license-rotation'], { DATABASE_PATH: databasePath })).stdout).toMatch(/^license-rotation: reminded 1, escalated 0/);

    box = await sandbox(databasePath);
    await eventually(() => {
      const dm = box.slack.dmWith(row.ce_id);
      expect(dm && box.slack.messagesIn(dm).some((m) => /Day 15 of the cloud trial/.test(m.text))).toBe(true);
    });
  });

  it('uses ./data/sandbox.db, not ./data/trialbot.db, when DATABASE_PATH is unset', async () => {
    expect(SANDBOX_DATABASE_PATH).toBe('./data/sandbox.db');
    expect(jobDatabasePath({})).toBe('./data/sandbox.db');
    expect(jobDatabasePath({ SLACK_BOT_TOKEN: '' })).toBe('./data/sandbox.db');
    expect(jobDatabasePath({ SLACK_BOT_TOKEN: 'xoxb-1' })).toBe('./data/trialbot.db');
    expect(jobDatabasePath({ DATABASE_PATH: '/srv/bot.db' })).toBe('/srv/bot.db');

    const dir = testDir('trialbot-job-');
    sandboxDatabase(join(dir, 'data', 'sandbox.db'));
    const ran = await inDir(dir, () => job(['deadlines', '--now', '2026-03-16T09:00:00Z'], {}));
    expect(ran).toMatchObject({ code: 0, stdout: 'deadlines: prompted 0, escalated 0, superseded 0\nnothing recorded to send\n' });
    expect(ran.stderr).toMatch(/^sandbox database \.\/data\/sandbox\.db, at --now 2026-03-16T09:00:00\.000Z\n$/);
    expect(existsSync(join(dir, 'data', 'trialbot.db'))).toBe(false);
  });

  it('creates no database: where there is none it says so and stops', async () => {
    const dir = testDir('trialbot-job-');
    const none = await inDir(dir, () => job(['deadlines'], {}));
    expect(none).toMatchObject({ code: 1, stdout: '' });
    expect(none.stderr).toMatch(/^no database at \.\/data\/sandbox\.db: .*npm start/);
    expect(none.stderr.split('\n')).toHaveLength(2);
    const server = await job(['license-rotation'], { SLACK_BOT_TOKEN: 'xoxb-1', DATABASE_PATH: join(dir, 'bot.db') });
    expect(server).toMatchObject({ code: 1, stdout: '' });
    expect(server.stderr).toMatch(/^no database at .*bot\.db: /);
    expect(existsSync(join(dir, 'data'))).toBe(false);
    expect(existsSync(join(dir, 'bot.db'))).toBe(false);
  });

  it('with production settings but no token: refuses as npm start does, and creates nothing', async () => {
    const dir = testDir('trialbot-job-');
    for (const name of ['deadlines', 'reconcile-instances']) {
      const ran = await inDir(dir, () => job([name], { SLACK_SIGNING_SECRET: 'real', WEBHOOK_SECRET: 'real', ALERTS_CHANNEL: 'C0REAL', SMTP_URL: '' }));
      expect(ran).toEqual({
        code: 1,
        stdout: '',
        stderr:
          'SLACK_BOT_TOKEN is not set, but SLACK_SIGNING_SECRET, ALERTS_CHANNEL, WEBHOOK_SECRET are set (production settings): ' +
          'set SLACK_BOT_TOKEN to run against Slack, or unset them to run the local sandbox\n',
      });
    }
    expect(existsSync(join(dir, 'data'))).toBe(false);
  });

  it('runs at the sandbox’s clock only on a database the sandbox marked as its own', async () => {
    const dir = testDir('trialbot-job-');
    // A server's database, with a sandbox's saved clock beside it (copied in by hand, say).
    const databasePath = join(dir, 'trialbot.db');
    openDatabase(databasePath).close();
    writeFileSync(standInStatePath(databasePath), JSON.stringify({ version: 1, clockOffsetMs: 16 * DAY }));
    expect(await job(['deadlines'], { DATABASE_PATH: databasePath })).toEqual({
      code: 0,
      stdout: 'deadlines: prompted 0, escalated 0, superseded 0\nnothing recorded to send\n',
      stderr: '',
    });

    sandboxDatabase(databasePath);
    const marked = await job(['deadlines'], { DATABASE_PATH: databasePath });
    expect(marked.code).toBe(0);
    const at = Date.parse(/the sandbox’s clock (\S+)/.exec(marked.stderr)?.[1] ?? '');
    expect(at - Date.now()).toBeGreaterThan(15 * DAY);
  });

  it('a job that talks to GitHub says where to run it instead; a bad TIMEZONE is named', async () => {
    const dir = testDir('trialbot-job-');
    const reconcile = await job(['reconcile-instances'], { DATABASE_PATH: join(dir, 'sandbox.db') });
    expect(reconcile.code).toBe(1);
    expect(reconcile.stderr).toMatch(/^missing required setting SLACK_SIGNING_SECRET: reconcile-instances talks to GitHub.*sandbox page/);
    const zone = await job(['deadlines'], { DATABASE_PATH: join(dir, 'sandbox.db'), TIMEZONE: 'Mars/Olympus' });
    expect(zone).toMatchObject({ code: 1, stdout: '' });
    expect(zone.stderr).toContain('invalid setting TIMEZONE');
  });
});
