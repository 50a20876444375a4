import { pino, type Logger, type DestinationStream } from 'pino';
import { scrubLogLine } from './secrets.js';

export type { Logger };

/**
 * Paths pino blanks out wherever they appear in a log line: the settings that
 * are secrets, and the request headers and client options that carry them.
 */
export const redactedPaths = [
  'config.SLACK_BOT_TOKEN',
  'config.SLACK_SIGNING_SECRET',
  'config.GITHUB_TOKEN',
  'config.GITHUB_WEBHOOK_SECRET',
  'config.WEBHOOK_SECRET',
  'config.SMTP_URL',
  'token',
  '*.token',
  'auth',
  '*.auth',
  'authorization',
  '*.authorization',
  '*.headers.authorization',
  '*.headers["x-slack-signature"]',
  '*.headers["x-hub-signature-256"]',
  '*.headers["x-signature-256"]',
  'smtpUrl',
  '*.smtpUrl',
  'password',
  '*.password',
];

export function createLogger(level = 'info', destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: 'trialbot' },
      redact: { paths: redactedPaths, censor: '[redacted]' },
      // Redaction works by key; a secret inside an error's message or a client's echo has none.
      hooks: { streamWrite: scrubLogLine },
    },
    destination,
  );
}
