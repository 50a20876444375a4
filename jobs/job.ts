import type { Config } from '../src/config.js';
import type { Db } from '../src/db/open-database.js';
import type { GitHubClient } from '../src/github/github-client.js';
import type { Logger } from '../src/logger.js';

export interface JobContext {
  db: Db;
  config: Config;
  logger: Logger;
  github: GitHubClient;
}

/** A named unit of scheduled work: cron, start-up catch-up and the CLI all call `run`. */
export interface Job {
  name: string;
  /** Cron expression in TIMEZONE, or null for jobs driven by an interval. */
  schedule: string;
  run(ctx: JobContext, now: Date): Promise<string>;
}
