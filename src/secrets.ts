import { secretSettings, type Config } from './config.js';

/**
 * Replaces any secret value (tokens, signing secrets, the SMTP password) found
 * in a text with `[redacted]`. Used on every error message that leaves the
 * process: logs, Slack reports, the outbox's last_error column.
 */
export function scrubSecrets(text: string, config: Partial<Config> = knownSecrets): string {
  let out = text;
  for (const name of secretSettings) {
    const value = config[name];
    if (typeof value === 'string' && value.length >= 4) out = out.split(value).join('[redacted]');
  }
  if (config.SMTP_URL) {
    const password = safeUrlPassword(config.SMTP_URL);
    if (password) out = out.split(password).join('[redacted]');
  }
  return out.replace(/xox[abprs]-[A-Za-z0-9-]+/g, '[redacted]').replace(/gh[pousr]_[A-Za-z0-9]{20,}/g, '[redacted]');
}

function safeUrlPassword(url: string): string | null {
  try {
    const p = decodeURIComponent(new URL(url).password);
    return p.length >= 3 ? p : null;
  } catch {
    return null;
  }
}

/**
 * The running process's secrets, for the logger: every line pino writes is scrubbed of them (and of
 * token-shaped strings) whatever path logged it, an error's message and stack included.
 */
const knownSecrets: Partial<Config> = {};

export function registerSecrets(config: Partial<Config>): void {
  for (const name of secretSettings) {
    const value = config[name];
    if (typeof value === 'string' && value) (knownSecrets as Record<string, string>)[name] = value;
  }
  if (config.SMTP_URL) knownSecrets.SMTP_URL = config.SMTP_URL;
}

/** A JSON log line scrubbed: secrets as they appear inside a JSON string (escaped) too. */
export function scrubLogLine(line: string): string {
  let out = scrubSecrets(line);
  for (const value of Object.values(knownSecrets)) {
    if (typeof value !== 'string' || value.length < 4) continue;
    const escaped = JSON.stringify(value).slice(1, -1);
    if (escaped !== value) out = out.split(escaped).join('[redacted]');
  }
  return out;
}
