import { Octokit } from '@octokit/rest';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import type { Logger } from '../logger.js';

const TrialbotOctokit = Octokit.plugin(throttling, retry);
export type GitHubClient = InstanceType<typeof TrialbotOctokit>;

export interface GitHubClientOptions {
  token: string;
  baseUrl?: string;
  logger: Logger;
  /**
   * Keep on in production: GitHub asks for content-creating writes to be
   * spaced out (plugin-throttling holds them ~3 s apart). Tests switch it off.
   */
  throttle?: boolean;
  /** Attempts plugin-retry makes on 5xx before the outbox takes over. */
  retries?: number;
}

export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
  const { logger } = options;
  return new TrialbotOctokit({
    auth: options.token,
    baseUrl: options.baseUrl,
    userAgent: 'trialbot',
    request: { timeout: 15_000 },
    log: {
      debug: () => {},
      info: () => {},
      warn: (msg: string) => logger.warn({ github: true }, msg),
      error: (msg: string) => logger.error({ github: true }, msg),
    },
    retry: { retries: options.retries ?? 2, doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451] },
    throttle: {
      enabled: options.throttle ?? true,
      onRateLimit: (retryAfter: number, opts: { method: string; url: string }, _o: unknown, retryCount: number) => {
        logger.warn({ retryAfter, url: opts.url }, 'GitHub rate limit');
        return retryCount < 2;
      },
      onSecondaryRateLimit: (retryAfter: number, opts: { method: string; url: string }, _o: unknown, retryCount: number) => {
        logger.warn({ retryAfter, url: opts.url }, 'GitHub secondary rate limit');
        return retryCount < 2;
      },
    },
  });
}
