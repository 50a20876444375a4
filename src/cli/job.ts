import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from '../config.js';
import { openDatabase } from '../db/open-database.js';
import { createGitHubClient } from '../github/github-client.js';
import { createLogger } from '../logger.js';
import { jobNamed, jobs } from '../../jobs/index.js';

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
`;

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
  let now = new Date();
  if (rest.length > 0) {
    if (rest[0] !== '--now' || rest.length !== 2 || Number.isNaN(Date.parse(rest[1]!)) || !/^\d{4}-\d{2}-\d{2}/.test(rest[1]!)) {
      io.stderr.write(`--now takes one ISO-8601 date-time, e.g. --now 2026-12-07T09:00:00Z\n${JOB_USAGE}`);
      return 2;
    }
    now = new Date(rest[1]!);
  }
  let config;
  try {
    config = loadConfig({ ...io.env });
  } catch (error) {
    io.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
    return 1;
  }
  const logger = createLogger(io.env.LOG_LEVEL || 'warn');
  const db = openDatabase(config.DATABASE_PATH);
  try {
    const github = createGitHubClient({ token: config.GITHUB_TOKEN, baseUrl: config.GITHUB_API_URL, logger });
    const summary = await job.run({ db, config, logger, github }, now);
    io.stdout.write(`${job.name}: ${summary}\n`);
    return 0;
  } catch (error) {
    io.stderr.write(`${job.name} failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    db.close();
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
