// `npm start` with no SLACK_BOT_TOKEN, as a person runs it: `node dist/src/main.js` (npm test
// builds dist first). On a fresh checkout it opens the sandbox; where anything says
// "production" it stops with one line saying what to set or unset.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { mainScript } from '../support/child-bot.js';
import { eventually } from '../support/eventually.js';

let dir: string | undefined;
let child: ChildProcess | undefined;

afterEach(async () => {
  if (child && child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((r) => child!.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }
  child = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

interface Run {
  stdout: string;
  stderr: string;
  exit: Promise<number | null>;
}

/** The bot as `npm start` runs it, in `cwd`, with only PATH and `env` set. */
function npmStart(cwd: string, env: Record<string, string>): Run {
  if (!existsSync(mainScript)) throw new Error(`${mainScript} is missing: run "npm run build" (npm test builds first)`);
  const run = { stdout: '', stderr: '' } as Run;
  child = spawn(process.execPath, [mainScript], { cwd, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d) => (run.stdout += d));
  child.stderr!.on('data', (d) => (run.stderr += d));
  const c = child;
  run.exit = new Promise((resolve) => c.once('exit', (code) => resolve(code)));
  return run;
}

/** How it exited; a refusal is immediate, so one still running after 15 s started anyway. */
async function exitOf(run: Run): Promise<number | null> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still running after 15 s (it should have refused); stdout: ${run.stdout} stderr: ${run.stderr}`)), 15_000);
  });
  try {
    return await Promise.race([run.exit, late]);
  } finally {
    clearTimeout(timer);
  }
}

const tmp = () => (dir = mkdtempSync(join(tmpdir(), 'trialbot-npm-start-')));

describe('npm start with no SLACK_BOT_TOKEN', () => {
  it('on a fresh checkout: the sandbox, its address printed, a database under ./data/', async () => {
    const cwd = tmp();
    const run = npmStart(cwd, { PORT: '0' });
    const url = await eventually(() => {
      const printed = /open (http:\/\/127\.0\.0\.1:\d+\/)/.exec(run.stdout)?.[1];
      if (!printed) throw new Error(`no address printed; stdout: ${run.stdout} stderr: ${run.stderr}`);
      return printed;
    }, 20_000);
    expect(run.stdout).toContain('trialbot sandbox (SLACK_BOT_TOKEN is not set, so not connected to Slack)');
    const health = await fetch(`${url}healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true });
    expect((await fetch(url)).status).toBe(200);
    expect(existsSync(join(cwd, 'data', 'sandbox.db'))).toBe(true);
    child!.kill('SIGTERM');
    expect(await exitOf(run)).toBe(0);
  }, 30_000);

  it('with production settings: stops, naming them, and creates nothing', async () => {
    const cwd = tmp();
    const run = npmStart(cwd, { PORT: '0', SLACK_SIGNING_SECRET: 'real', WEBHOOK_SECRET: 'real', ALERTS_CHANNEL: 'C0REAL' });
    expect(await exitOf(run)).toBe(1);
    expect(run.stderr).toBe(
      'trialbot: SLACK_BOT_TOKEN is not set, but SLACK_SIGNING_SECRET, ALERTS_CHANNEL, WEBHOOK_SECRET are set (production settings): ' +
        'set SLACK_BOT_TOKEN to run against Slack, or unset them to run the local sandbox\n',
    );
    expect(run.stdout).toBe('');
    expect(existsSync(join(cwd, 'data'))).toBe(false);
  }, 30_000);
});
