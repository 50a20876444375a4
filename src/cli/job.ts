import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ConfigError, loadConfig } from '../config.js';
import { openDatabase } from '../db/open-database.js';
import { createGitHubClient } from '../github/github-client.js';
import { createLogger } from '../logger.js';
import { SANDBOX_DATABASE_PATH, standInStatePath } from '../sandbox/sandbox-paths.js';
import { jobNamed, jobs } from '../../jobs/index.js';
import { isDatabaseJob, type DatabaseJob, type Job } from '../../jobs/job.js';

export interface JobIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  env: Record<string, string | undefined>;
}

export const JOB_USAGE = `usage: npm run job -- <name> [--now <ISO-8601>]

${jobs.map((j) => `  ${j.name}`).join('\n')}

Runs one job once against DATABASE_PATH, the database the server uses. What it
decides to send is recorded in the outbox, and the running server sends it.
--now stands in for the clock.

With no SLACK_BOT_TOKEN (the local sandbox of \`npm start\`), deadlines and
license-rotation run against the sandbox's database (DATABASE_PATH, default
./data/sandbox.db) at the sandbox's clock, and the sandbox sends what they recorded.
`;

export { SANDBOX_DATABASE_PATH };

const given = (env: JobIo['env'], name: string) => (env[name] === undefined || env[name] === '' ? undefined : env[name]);

/** No Slack token: `npm start` runs the local sandbox, with generated secrets and its own database. */
export const isSandbox = (env: JobIo['env']) => given(env, 'SLACK_BOT_TOKEN') === undefined;

/** The database the server uses: DATABASE_PATH, else the sandbox's or the server's default. */
export function jobDatabasePath(env: JobIo['env']): string {
  return given(env, 'DATABASE_PATH') ?? (isSandbox(env) ? SANDBOX_DATABASE_PATH : './data/trialbot.db');
}

const databaseSettings = z.object({
  TIMEZONE: z
    .string()
    .default('UTC')
    .refine((zone) => {
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: zone });
        return true;
      } catch {
        return false;
      }
    }, 'must be an IANA time zone such as Europe/Berlin'),
  LICENSE_ROTATION_DAYS: z.coerce.number().int().positive().default(7),
});

/** The settings a database job reads, checked as the server checks them; secrets are not needed. */
function loadDatabaseSettings(env: JobIo['env']) {
  const parsed = databaseSettings.safeParse({ TIMEZONE: given(env, 'TIMEZONE'), LICENSE_ROTATION_DAYS: given(env, 'LICENSE_ROTATION_DAYS') });
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new ConfigError(`invalid setting ${String(issue.path[0])}: ${issue.message}`);
}

/**
 * The sandbox's clock: real time moved by however far the page moved it, as it
 * last saved it next to its database. Null when there is no sandbox state.
 */
function sandboxNow(databasePath: string): Date | null {
  const path = standInStatePath(databasePath);
  if (!existsSync(path)) return null;
  try {
    const offset = (JSON.parse(readFileSync(path, 'utf8')) as { clockOffsetMs?: unknown }).clockOffsetMs;
    return typeof offset === 'number' && Number.isFinite(offset) ? new Date(Date.now() + offset) : null;
  } catch {
    return null;
  }
}

async function runDatabaseJob(job: DatabaseJob, io: JobIo, now: Date | null): Promise<number> {
  const settings = loadDatabaseSettings(io.env);
  const databasePath = jobDatabasePath(io.env);
  // A sandbox's database has its stand-ins' state beside it, clock included: its time is the sandbox's.
  const clock = sandboxNow(databasePath);
  const at = now ?? clock ?? new Date();
  if (clock) {
    io.stderr.write(`sandbox database ${databasePath}, at ${now ? '--now' : 'the sandbox’s clock'} ${at.toISOString()}\n`);
    if (now && now.getTime() > clock.getTime() + 60_000) {
      io.stderr.write(`the sandbox’s clock is at ${clock.toISOString()}: it sends what this run records once its clock reaches --now (move it on the page)\n`);
    }
  }
  const logger = createLogger(io.env.LOG_LEVEL || 'warn');
  const db = openDatabase(databasePath);
  try {
    io.stdout.write(`${job.name}: ${await job.run({ db, config: settings, logger }, at)}\n`);
    return 0;
  } finally {
    db.close();
  }
}

async function runServerJob(job: Job, io: JobIo, now: Date | null): Promise<number> {
  let config;
  try {
    config = loadConfig({ ...io.env });
  } catch (error) {
    if (!(error instanceof ConfigError) || !isSandbox(io.env)) throw error;
    throw new ConfigError(
      `${error.message}: ${job.name} talks to GitHub, and in the local sandbox (no SLACK_BOT_TOKEN) GitHub is a stand-in inside \`npm start\`; run it from the sandbox page (Clock & jobs)`,
    );
  }
  const logger = createLogger(io.env.LOG_LEVEL || 'warn');
  const db = openDatabase(config.DATABASE_PATH);
  try {
    const github = createGitHubClient({ token: config.GITHUB_TOKEN, baseUrl: config.GITHUB_API_URL, logger });
    io.stdout.write(`${job.name}: ${await job.run({ db, config, logger, github }, now ?? new Date())}\n`);
    return 0;
  } finally {
    db.close();
  }
}

/**
 * `npm run job -- <name> [--now ISO]`: the same `run(now)` cron and start-up
 * call, once, by hand. Returns the exit code (0 ok, 1 failed, 2 usage).
 */
export async function main(argv: string[], io: JobIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help') {
    (name ? io.stdout : io.stderr).write(JOB_USAGE);
    return name ? 0 : 2;
  }
  const job = jobNamed(name);
  if (!job) {
    io.stderr.write(`unknown job: ${name}\n${JOB_USAGE}`);
    return 2;
  }
  let now: Date | null = null;
  if (rest.length > 0) {
    if (rest[0] !== '--now' || rest.length !== 2 || Number.isNaN(Date.parse(rest[1]!)) || !/^\d{4}-\d{2}-\d{2}/.test(rest[1]!)) {
      io.stderr.write(`--now takes one ISO-8601 date-time, e.g. --now 2026-12-07T09:00:00Z\n${JOB_USAGE}`);
      return 2;
    }
    now = new Date(rest[1]!);
  }
  try {
    return await (isDatabaseJob(job) ? runDatabaseJob(job, io, now) : runServerJob(job, io, now));
  } catch (error) {
    if (error instanceof ConfigError) io.stderr.write(`${error.message}\n`);
    else io.stderr.write(`${job.name} failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

function runsDirectly(): boolean {
  try {
    return !!process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

if (runsDirectly()) {
  main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
