import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { main as admin } from '../../src/cli/admin.js';
import { TestBot } from '../support/test-bot.js';
import { seedTeam } from '../support/seed.js';

const bots: TestBot[] = [];
let dir: string;
afterEach(async () => {
  for (const b of bots.splice(0)) await b.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function run(env: Record<string, string>, ...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await admin(argv, { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, env });
  return { code, stdout, stderr };
}

const signup = (i: number) => ({ id: `s-${i}`, email: `pat${i}@company${i}.com`, name: `Pat ${i}`, company: `Company ${i}` });

describe('admin -- backup FILE', () => {
  it('taken while signups arrive, restored into a fresh start: every signup committed before it began is there, and answers as before', async () => {
    dir = mkdtempSync(join(tmpdir(), 'trialbot-backup-'));
    const t = await TestBot.start({ options: { schedule: false } });
    bots.push(t);
    seedTeam(t.db);

    const answers = new Map<string, unknown>();
    let stop = false;
    // Signups keep arriving, one after another, for as long as the backup runs (and a while before).
    const load = (async () => {
      for (let i = 0; !stop || i < 30; i++) {
        const s = signup(i);
        const res = await t.signup(s);
        expect(res.status).toBe(200);
        answers.set(s.id, res.body);
      }
    })();
    await t.eventually(() => expect(answers.size).toBeGreaterThanOrEqual(15));
    const committedBeforeBackup = [...answers.keys()];
    const file = join(dir, 'backup.db');
    const backup = await run(t.env, 'backup', file);
    stop = true;
    await load;
    expect(backup).toMatchObject({ code: 0, stderr: '' });
    expect(backup.stdout).toMatch(/^backed up .* to .*backup\.db \(schema version \d+, \d+ trials, \d+ signups, \d+ bytes\)\n$/);
    // One self-contained file: no -wal, no leftovers beside it.
    expect(readdirSync(dir)).toEqual(['backup.db']);
    const copy = new Database(file, { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    // One moment of the database: every signup in it has its trial.
    expect(copy.prepare('SELECT count(*) FROM signups WHERE trial_id NOT IN (SELECT id FROM trials)').pluck().get()).toBe(0);
    copy.close();

    // Restore (README): stop the server, put the file at DATABASE_PATH, start.
    await t.bot.close();
    mkdirSync(join(dir, 'restored'));
    const restoredPath = join(dir, 'restored', 'trialbot.db');
    copyFileSync(file, restoredPath);
    const again = await TestBot.start({ env: { DATABASE_PATH: restoredPath }, options: { schedule: false } });
    bots.push(again);
    const restored = new Set(again.db.prepare('SELECT id FROM signups').pluck().all() as string[]);
    for (const id of committedBeforeBackup) expect(restored.has(id), id).toBe(true);
    // The sender retries what the backup missed; what it had answers exactly as before.
    for (const [id, body] of answers) {
      const i = Number(id.slice(2));
      const res = await again.signup(signup(i));
      expect(res.status).toBe(200);
      if (restored.has(id)) expect(res.body).toEqual(body);
    }
    expect(again.count('signups')).toBe(answers.size);
  });

  it('never overwrites a file, and says so', async () => {
    dir = mkdtempSync(join(tmpdir(), 'trialbot-backup-'));
    const env = { DATABASE_PATH: join(dir, 'trialbot.db') };
    expect((await run(env, 'backup', join(dir, 'one.db'))).code).toBe(0);
    const second = await run(env, 'backup', join(dir, 'one.db'));
    expect(second).toMatchObject({ code: 1, stdout: '' });
    expect(second.stderr).toMatch(/one\.db already exists: a backup never overwrites a file/);
    expect(existsSync(join(dir, 'one.db'))).toBe(true);
    expect((await run(env, 'help')).stdout).toContain('backup FILE');
  });
});
