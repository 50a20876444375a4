// The sandbox is chosen by one missing variable (SLACK_BOT_TOKEN). A production deploy that
// loses it must stop, not become an open demo page on the real database whose jobs send the
// real deadline prompts into a fake Slack. So the sandbox starts only where nothing says
// "production": no production setting in the environment, and a database it made itself.
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';

/** Settings only a deployment has; the sandbox would ignore them, so their presence means a mistake. */
export const productionSettings = [
  'SLACK_SIGNING_SECRET',
  'SLACK_API_URL',
  'ALERTS_CHANNEL',
  'GITHUB_TOKEN',
  'GITHUB_API_URL',
  'GITHUB_REPO',
  'GITHUB_WEBHOOK_SECRET',
  'WEBHOOK_SECRET',
  'SMTP_URL',
  'EMAIL_FROM',
] as const;

/** The bot_state row the sandbox writes when it seeds a database, and looks for before using one. */
export const SANDBOX_MARKER = 'sandbox_database';

export class SandboxRefused extends Error {}

/** Throws SandboxRefused (one line: what to set or unset) unless the sandbox may start here. */
export function refuseUnlessSandboxSafe(env: NodeJS.ProcessEnv, databasePath: string): void {
  // Empty counts as unset, as in loadConfig.
  const present = productionSettings.filter((name) => env[name] !== undefined && env[name] !== '');
  if (present.length > 0) {
    throw new SandboxRefused(
      `SLACK_BOT_TOKEN is not set, but ${present.join(', ')} ${present.length === 1 ? 'is' : 'are'} set (production settings): ` +
        'set SLACK_BOT_TOKEN to run against Slack, or unset them to run the local sandbox',
    );
  }
  const verdict = databaseVerdict(databasePath);
  if (verdict !== 'ok') {
    throw new SandboxRefused(
      `SLACK_BOT_TOKEN is not set and DATABASE_PATH=${databasePath} ${verdict}: ` +
        'set SLACK_BOT_TOKEN to run against Slack, or point DATABASE_PATH at a new file (or unset it) to run the local sandbox',
    );
  }
}

/** 'ok', or why the file at `path` is not the sandbox's to use. */
function databaseVerdict(path: string): 'ok' | string {
  if (path === ':memory:' || !existsSync(path)) return 'ok';
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
  } catch {
    return 'is not a database the sandbox made';
  }
  try {
    const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).all() as Array<{ name: string }>).map(
      (t) => t.name,
    );
    if (tables.includes('bot_state') && db.prepare('SELECT 1 FROM bot_state WHERE name = ?').get(SANDBOX_MARKER)) return 'ok';
    // A start that stopped between creating the file and seeding it left no data behind: carry on.
    const hasData = tables.some((t) => db.prepare(`SELECT 1 FROM "${t.replace(/"/g, '""')}" LIMIT 1`).get() !== undefined);
    return hasData ? 'holds data the sandbox did not make' : 'ok';
  } catch {
    return 'is not a database the sandbox made';
  } finally {
    db.close();
  }
}
