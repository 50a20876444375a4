import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FakeGitHub } from '../../src/fakes/github-api.js';
import { FakeSlack } from '../../src/fakes/slack-api.js';
import { REPO, secrets } from '../support/test-bot.js';
import { send, signupRequest } from './requests.js';
import { median, sleep, waitUntil } from './stats.js';
import { alertSignupId } from './signup-alert.js';

function repoRoot(): string {
  // From dist/test/bench/*.js and from test/bench/*.ts (vitest) alike.
  const here = fileURLToPath(import.meta.url);
  return here.includes('/dist/test/') ? here.slice(0, here.indexOf('/dist/test/')) : here.slice(0, here.indexOf('/test/bench/'));
}

function distMain(): string {
  return join(repoRoot(), 'dist', 'src', 'main.js');
}

/** `npm run --silent <args>` to its exit, in ms. */
function timeNpm(args: string[], env: Record<string, string>): number {
  const started = performance.now();
  const run = spawnSync('npm', ['run', '--silent', ...args], {
    cwd: repoRoot(),
    env: { ...env, PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
    stdio: 'ignore',
  });
  if (run.status !== 0) throw new Error(`npm run ${args.join(' ')} exited with ${run.status}`);
  return performance.now() - started;
}

/** `npm start` as a person runs it (npm, the launcher, the built server), to /healthz 200; stopped as a group. */
async function timeNpmStart(env: Record<string, string>, port: number): Promise<number> {
  const started = performance.now();
  const child = spawn('npm', ['start', '--silent'], {
    cwd: repoRoot(),
    env: { ...env, PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
    stdio: 'ignore',
    detached: true,
  });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}`);
      if (performance.now() - started > 30_000) throw new Error('npm start: no /healthz after 30 s');
      try {
        const res = await fetch(`http://127.0.0.1:${port}/healthz`);
        await res.arrayBuffer();
        if (res.status === 200) return performance.now() - started;
      } catch {
        // not listening yet
      }
      await sleep(5);
    }
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      /* gone */
    }
    await Promise.race([exited, sleep(5000)]);
  }
}

export interface FootprintResult {
  startMs: number;
  baselineStartMs: number;
  rssIdleMb: number;
  baselineRssMb: number;
  rssAfterBurstMb: number;
  rssPeakMb: number;
  burstSignups: number;
  burstDrained: boolean;
  /** `npm start` (launcher, build up to date) → /healthz 200. */
  npmStartMs: number;
  adminHelpMs: number;
  jobHelpMs: number;
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

async function freePort(): Promise<number> {
  const net = await import('node:net');
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Spawns `args`, and measures from spawn to the first 200 on /healthz. */
async function startChild(args: string[], env: Record<string, string>, port: number): Promise<{ child: ChildProcess; ms: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, args, { env: { ...env, PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  for (;;) {
    if (child.exitCode !== null) throw new Error(`child exited with ${child.exitCode}: ${stderr}`);
    if (performance.now() - started > 20_000) {
      child.kill('SIGKILL');
      throw new Error(`no /healthz after 20 s: ${stderr}`);
    }
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      await res.arrayBuffer();
      if (res.status === 200) return { child, ms: performance.now() - started };
    } catch {
      // not listening yet
    }
    await sleep(2);
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(5000)]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

// The baseline: node itself starting an HTTP server that answers /healthz.
const bareServer = `require('node:http').createServer((q, s) => s.end('ok')).listen(Number(process.env.PORT), '0.0.0.0')`;

/**
 * `node dist/src/main.js` as production runs it, with a full environment pointing at the
 * fakes: time to /healthz 200 (median of `starts`), RSS idle, then during and after `burst` signups.
 */
export async function measureFootprint(opts: {
  starts: number;
  burst: number;
  timeoutMs: number;
  settleMs: number;
  drainWaitMs: number;
}): Promise<FootprintResult | { missing: string }> {
  const script = distMain();
  if (!existsSync(script)) return { missing: `${script} is missing: build first (npm run bench builds)` };
  const slack = await FakeSlack.start({ token: secrets.slackToken });
  const github = await FakeGitHub.start({ token: secrets.githubToken, repos: [REPO] });
  const alerts = slack.createChannel({ name: 'cloud-trial-alerts' });
  const dir = mkdtempSync(join(tmpdir(), 'trialbot-footprint-'));
  const children: ChildProcess[] = [];
  try {
    const envFor = (port: number, n: number): Record<string, string> => ({
      NODE_ENV: 'production',
      SLACK_BOT_TOKEN: secrets.slackToken,
      SLACK_SIGNING_SECRET: secrets.signing,
      SLACK_API_URL: slack.apiUrl,
      ALERTS_CHANNEL: alerts.id,
      GITHUB_TOKEN: secrets.githubToken,
      GITHUB_API_URL: github.url,
      GITHUB_REPO: REPO,
      GITHUB_WEBHOOK_SECRET: secrets.github,
      WEBHOOK_SECRET: secrets.webhook,
      DATABASE_PATH: join(dir, `trialbot-${n}.db`),
      PORT: String(port),
      TIMEZONE: 'UTC',
      LOG_LEVEL: 'info',
    });
    const startTimes: number[] = [];
    const baselineTimes: number[] = [];
    let baselineRss = NaN;
    let lastPort = 0;
    for (let i = 0; i < opts.starts; i++) {
      const bPort = await freePort();
      const bare = await startChild(['-e', bareServer], { PORT: String(bPort) }, bPort);
      baselineTimes.push(bare.ms);
      if (i === 0) {
        await sleep(300);
        baselineRss = rssMb(bare.child.pid!);
      }
      await stop(bare.child);
      const port = (lastPort = await freePort());
      // A fresh database each time: the first start of a deployment also migrates.
      const run = await startChild([script], envFor(port, i), port);
      children.push(run.child);
      startTimes.push(run.ms);
      if (i < opts.starts - 1) await stop(run.child);
    }
    // As a person runs it: the build is up to date (the first run after an edit compiles, once).
    spawnSync(process.execPath, [join(repoRoot(), 'scripts', 'launch.mjs'), '--build'], { stdio: 'ignore' });
    const npmPort = await freePort();
    const npmStartMs = await timeNpmStart(envFor(npmPort, 99), npmPort);
    const cliEnv = { DATABASE_PATH: join(dir, 'cli.db') };
    const adminHelpMs = median([0, 1, 2].map(() => timeNpm(['admin', '--', 'help'], cliEnv)));
    const jobHelpMs = median([0, 1, 2].map(() => timeNpm(['job', '--', 'help'], cliEnv)));
    const child = children.at(-1)!;
    const url = `http://127.0.0.1:${lastPort}`;
    await sleep(opts.settleMs);
    const rssIdleMb = rssMb(child.pid!);

    const ids = Array.from({ length: opts.burst }, (_, i) => `fp-${i}`);
    let peak = rssIdleMb;
    const sampler = setInterval(() => {
      try {
        peak = Math.max(peak, rssMb(child.pid!));
      } catch {
        /* exited */
      }
    }, 50);
    await Promise.all(ids.map((id) => send(url, signupRequest(id))));
    // The server paces alerts at Slack's 1/s per channel, so a big burst drains for minutes:
    // sample while it drains for `drainWaitMs`, not until it is done.
    const drained = await waitUntil(
      () => slack.messagesIn(alerts.id).filter((m) => alertSignupId(m)?.startsWith('fp-')).length >= opts.burst,
      Math.min(opts.drainWaitMs, opts.timeoutMs),
      50,
    );
    await sleep(500);
    clearInterval(sampler);
    const rssAfterBurstMb = rssMb(child.pid!);
    return {
      startMs: median(startTimes),
      baselineStartMs: median(baselineTimes),
      rssIdleMb,
      baselineRssMb: baselineRss,
      rssAfterBurstMb,
      rssPeakMb: Math.max(peak, rssAfterBurstMb),
      burstSignups: opts.burst,
      burstDrained: drained,
      npmStartMs,
      adminHelpMs,
      jobHelpMs,
    };
  } finally {
    for (const c of children) await stop(c);
    await slack.close();
    await github.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
