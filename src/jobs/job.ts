import type { Config, DatabaseSettings } from '../config.js';
import type { Db } from '../db/open-database.js';
import type { GitHubClient } from '../clients/github-client.js';
import type { Logger } from '../logger.js';

/** What a job that only reads and writes the database needs: no Slack, GitHub or webhook secrets. */
export interface DatabaseJobContext {
  db: Db;
  config: Omit<DatabaseSettings, 'DATABASE_PATH'>;
  logger: Logger;
}

export interface JobContext extends DatabaseJobContext {
  config: Config;
  github: GitHubClient;
}

/** A named unit of scheduled work: cron, start-up catch-up and the CLI all call `run`. */
export interface Job {
  name: string;
  /** Cron expression in TIMEZONE, or null for jobs driven by an interval. */
  schedule: string;
  /**
   * `database`: the job decides from the database and records what to send in the outbox,
   * so the CLI can run it with the database alone (the sandbox has no secrets to give it).
   */
  needs?: 'database';
  run(ctx: JobContext, now: Date): Promise<string>;
}

/** A job that needs only the database: runs with a `DatabaseJobContext`. */
export interface DatabaseJob extends Job {
  needs: 'database';
  run(ctx: DatabaseJobContext, now: Date): Promise<string>;
}

export const isDatabaseJob = (job: Job): job is DatabaseJob => job.needs === 'database';
