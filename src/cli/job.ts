import { effectsAfter, lastEffectId } from '../stores/outbox-store.js';
import { loadEnvFile } from '../env-file.js';
import type { Config } from '../config.js';
import { registerSecrets } from '../secrets.js';
import { existsSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ConfigError, givenSettings, loadConfig, loadDatabaseSettings } from '../config.js';
import { openDatabase, type Db } from '../db/open-database.js';
import { createGitHubClient } from '../clients/github-client.js';
import { createLogger } from '../logger.js';
import { isSandboxDatabase, refuseProductionSettings } from '../sandbox/sandbox-guard.js';
import { readSandboxClockOffset, serverDatabasePath } from '../sandbox/sandbox-paths.js';
import { effectsDueBy } from '../stores/effect-clock.js';
import { jobNamed, jobs } from '../jobs/index.js';
import { isDatabaseJob, type DatabaseJob, type Job } from '../jobs/job.js';

export interface JobIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  env: Record<string, string | undefined>;
}

export const JOB_USAGE = `usage: npm run job -- <name> [--now <ISO-8601>]

${jobs.map((j) => `  ${j.name}`).join('\n')}

Runs one job once against DATABASE_PATH, the database the server uses. What it
decides to send is recorded in the outbox, due at once, and the running server
sends it within seconds. --now stands in for the clock of the decisions (which
prompts are due), not for when they are sent. It never creates a database: one
that does not exist yet is named and the run stops.

With no SLACK_BOT_TOKEN (the local sandbox of \`npm start\`), deadlines and
license-rotation run against the sandbox's database (DATABASE_PATH, default
./data/sandbox.db) at the sandbox's clock, and the sandbox sends what they recorded.
`;

/** No Slack token: `npm start` runs the local sandbox, with generated secrets and its own database. */
const isSandbox = (env: JobIo['env']) => givenSettings(env).SLACK_BOT_TOKEN === undefined;

/** The database the server uses: DATABASE_PATH, else the sandbox's or the server's default. */
export const jobDatabasePath = serverDatabasePath;

/** The server's (or the sandbox's) database; a job run never creates one, since a new one would hold nothing to act on. */
function openExistingDatabase(path: string, env: JobIo['env']): Db {
  if (!existsSync(path)) {
    throw new ConfigError(
      isSandbox(env)
        ? `no database at ${path}: the sandbox makes it when it first starts (npm start); a job run creates none`
        : `no database at ${path}: set DATABASE_PATH to the database the server uses; a job run creates none`,
    );
  }
  return openDatabase(path);
}

async function runDatabaseJob(job: DatabaseJob, io: JobIo, now: Date | null): Promise<number> {
  const settings = loadDatabaseSettings({ ...io.env, DATABASE_PATH: jobDatabasePath(io.env) });
  const databasePath = settings.DATABASE_PATH;
  const db = openExistingDatabase(databasePath, io.env);
  try {
    // The sandbox's own database (its marker row) runs at the sandbox's clock: real time moved
    // by however far the page moved it, as saved beside the database.
    const offset = isSandbox(io.env) && isSandboxDatabase(databasePath) ? (readSandboxClockOffset(databasePath) ?? 0) : null;
    const clock = () => new Date(Date.now() + (offset ?? 0));
    const at = now ?? clock();
    if (offset !== null) io.stderr.write(`sandbox database ${databasePath}, at ${now ? '--now' : 'the sandbox’s clock'} ${at.toISOString()}\n`);
    registerSecrets(io.env as Partial<Config>);
    const logger = createLogger(io.env.LOG_LEVEL || 'warn');
    return await runRecorded(db, clock, io, job.name, () => job.run({ db, config: settings, logger }, at));
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
  const db = openExistingDatabase(config.DATABASE_PATH, io.env);
  const logger = createLogger(io.env.LOG_LEVEL || 'warn');
  try {
    const github = createGitHubClient({ token: config.GITHUB_TOKEN, baseUrl: config.GITHUB_API_URL, logger });
    return await runRecorded(
      db,
      () => new Date(),
      io,
      job.name,
      () => job.run({ db, config, logger, github }, now ?? new Date()),
    );
  } finally {
    db.close();
  }
}

/**
 * Runs a job with what it records due by `clock` (the real clock, or the sandbox's), whatever
 * `--now` said, and reports the job's summary and how many effects it left for the server.
 */
async function runRecorded(db: Db, clock: () => Date, io: JobIo, name: string, run: () => Promise<string>): Promise<number> {
  effectsDueBy(db, clock);
  const before = lastEffectId(db);
  const summary = await run();
  const recorded = effectsAfter(db, before);
  io.stdout.write(`${name}: ${summary}\n`);
  io.stdout.write(
    recorded === 0
      ? 'nothing recorded to send\n'
      : `recorded ${recorded} to send (messages, issues, emails), due now: the running server sends ${recorded === 1 ? 'it' : 'them'} within seconds\n`,
  );
  return 0;
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
    const [flag, at = ''] = rest;
    if (flag !== '--now' || rest.length !== 2 || Number.isNaN(Date.parse(at)) || !/^\d{4}-\d{2}-\d{2}/.test(at)) {
      io.stderr.write(`--now takes one ISO-8601 date-time, e.g. --now 2026-12-07T09:00:00Z\n${JOB_USAGE}`);
      return 2;
    }
    now = new Date(at);
  }
  try {
    // The same rule as `npm start`: no token but production settings is a deployment that lost its token.
    if (isSandbox(io.env)) refuseProductionSettings(io.env);
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
  loadEnvFile(process.env);
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
