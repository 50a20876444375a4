import { WebClient, LogLevel, type WebClientOptions } from '@slack/web-api';
import type { Logger } from '../logger.js';
import { slackLogger } from './slack-logger.js';

export interface SlackClientOptions {
  token: string;
  apiUrl?: string;
  /** Attempts the client makes itself; the outbox retries durably after that. */
  retries?: number;
  /** Where the client's own warnings go: pino (scrubbed), never the console. */
  logger?: Logger;
}

/**
 * The Web API client used by the outbox worker. It does not retry for half an
 * hour like the default: a failed call goes back to the outbox, which waits out
 * Retry-After and backs off without holding a connection or a worker slot.
 */
export function createSlackClient(options: SlackClientOptions): WebClient {
  return new WebClient(options.token, slackClientOptions(options));
}

export function slackClientOptions(options: Omit<SlackClientOptions, 'token'>): WebClientOptions {
  return {
    slackApiUrl: options.apiUrl,
    logLevel: LogLevel.ERROR,
    ...(options.logger ? { logger: slackLogger(options.logger, 'slack-web-api') } : {}),
    rejectRateLimitedCalls: true,
    retryConfig: { retries: options.retries ?? 0, factor: 2, minTimeout: 200, maxTimeout: 1000 },
    timeout: 10_000,
  };
}
