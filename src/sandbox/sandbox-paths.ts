// Where the sandbox keeps its files: shared by `npm start` and the job CLI, which must
// not load the sandbox (its stand-ins and page) just to find them.
import { existsSync, readFileSync } from 'node:fs';
import { givenSettings } from '../config.js';

/** The sandbox's database when DATABASE_PATH is unset. */
export const SANDBOX_DATABASE_PATH = './data/sandbox.db';

/**
 * The database `npm start` uses, for the job and admin CLIs: DATABASE_PATH, else the sandbox's
 * when there is no SLACK_BOT_TOKEN (the sandbox), else the server's default.
 */
export function serverDatabasePath(env: Record<string, string | undefined>): string {
  const given = givenSettings(env);
  return given.DATABASE_PATH ?? (given.SLACK_BOT_TOKEN === undefined ? SANDBOX_DATABASE_PATH : './data/trialbot.db');
}

/** The stand-ins' channels, messages, issues and clock, kept beside the database. */
export function standInStatePath(databasePath: string): string {
  return `${databasePath.replace(/\.db$/, '')}.stand-ins.json`;
}

/**
 * How far the sandbox's page moved its clock from real time, as it last saved it beside
 * `databasePath`; null when nothing readable was saved.
 */
export function readSandboxClockOffset(databasePath: string): number | null {
  const path = standInStatePath(databasePath);
  if (!existsSync(path)) return null;
  try {
    const state = JSON.parse(readFileSync(path, 'utf8')) as { version?: unknown; clockOffsetMs?: unknown };
    const offset = state.clockOffsetMs;
    return state.version === 1 && typeof offset === 'number' && Number.isFinite(offset) ? offset : null;
  } catch {
    return null;
  }
}
