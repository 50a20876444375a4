// The sandbox is chosen by one missing variable (SLACK_BOT_TOKEN). A production deploy that
// loses it must stop, not become an open demo page on the real database whose jobs send the
// real deadline prompts into a fake Slack. So the sandbox starts only where nothing says
// "production": no production setting in the environment, and a database it made itself.
import { existsSync } from 'node:fs';
import { databaseFileVerdict, hasMarkerRow } from '../db/database-file.js';
import { ConfigError, givenSettings, settingNames, type SettingName } from '../config.js';

/** The settings the sandbox reads itself (SLACK_BOT_TOKEN by its absence); it makes up the rest. */
const sandboxSettings: readonly SettingName[] = [
  'SLACK_BOT_TOKEN',
  'DATABASE_PATH',
  'PORT',
  'TIMEZONE',
  'MAX_ACTIVE_INSTANCES',
  'TRIAL_SPACE',
  'LICENSE_ROTATION_DAYS',
  'RETENTION_DAYS',
  'COMPANY_NAME',
  'PRODUCT_NAME',
  'SELF_HOST_URL',
  'BUSINESS_HOURS',
  'TRIAGE_SLA_MINUTES',
  'PROVISIONING_SLA_HOURS',
  'ARCHIVE_AFTER_DAYS',
  'LOG_LEVEL',
];

/**
 * Settings only a deployment has: every other one loadConfig reads. The sandbox would
 * ignore them, so their presence means a mistake.
 */
export const productionSettings: readonly SettingName[] = settingNames.filter((name) => !sandboxSettings.includes(name));

/** The bot_state row the sandbox writes when it seeds a database, and looks for before using one. */
export const SANDBOX_MARKER = 'sandbox_database';

/** A configuration mistake, said in one line: what to set or unset. */
export class SandboxRefused extends ConfigError {}

/** Throws SandboxRefused if the environment has any production setting (with no SLACK_BOT_TOKEN, that is a mistake). */
export function refuseProductionSettings(env: Record<string, string | undefined>): void {
  const given = givenSettings(env);
  const present = productionSettings.filter((name) => given[name] !== undefined);
  if (present.length > 0) {
    throw new SandboxRefused(
      `SLACK_BOT_TOKEN is not set, but ${present.join(', ')} ${present.length === 1 ? 'is' : 'are'} set (production settings): ` +
        'set SLACK_BOT_TOKEN to run against Slack, or unset them to run the local sandbox',
    );
  }
}

/** Throws SandboxRefused (one line: what to set or unset) unless the sandbox may start here. */
export function refuseUnlessSandboxSafe(env: NodeJS.ProcessEnv, databasePath: string): void {
  refuseProductionSettings(env);
  const verdict = databaseFileVerdict(databasePath, SANDBOX_MARKER);
  if (verdict !== 'ok') {
    throw new SandboxRefused(
      `SLACK_BOT_TOKEN is not set and DATABASE_PATH=${databasePath} ${verdict}: ` +
        'set SLACK_BOT_TOKEN to run against Slack, or point DATABASE_PATH at a new file (or unset it) to run the local sandbox',
    );
  }
}

/** True when the file at `path` is a database the sandbox made (its marker row); never creates it. */
export function isSandboxDatabase(path: string): boolean {
  return path !== ':memory:' && existsSync(path) && hasMarkerRow(path, SANDBOX_MARKER);
}
