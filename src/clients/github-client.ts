import { Octokit } from '@octokit/rest';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import type { Logger } from '../logger.js';

/** The request's own deadline fired (see fetchWithDeadline): @octokit/request reports it as a 500 caused by it. */
function deadlinePassed(error: unknown): boolean {
  const cause = (error as { cause?: { name?: string } } | null)?.cause;
  return cause?.name === 'TimeoutError';
}

/**
 * plugin-retry retries any 5xx, and a timed-out request surfaces as a 500: each attempt gets
 * its own deadline, so one hung read took three deadlines and the backoff between them (~50 s
 * a page). A timeout is not retried here; the outbox retries it durably, after a grace period
 * in which an abandoned create can land. Registered before plugin-retry so its error hook runs
 * first and sets the attempt's `retries`, which plugin-retry reads from the same options.
 */
function noRetryAfterTimeout(octokit: Pick<Octokit, 'hook'>): void {
  octokit.hook.error('request', (error, options) => {
    if (deadlinePassed(error)) options.request = { ...options.request, retries: 0 };
    throw error;
  });
}

const TrialbotOctokit = Octokit.plugin(throttling, noRetryAfterTimeout, retry);
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
  /** Attempts plugin-retry makes on a 5xx answer before the outbox takes over (never after a timeout). */
  retries?: number;
  /** How long one request may take, answer included, before it is abandoned (default 15 s). */
  timeoutMs?: number;
}

export const GITHUB_TIMEOUT_MS = 15_000;

/**
 * fetch with a deadline. @octokit/request 10 has no timeout option of its own (its old
 * `request.timeout` is silently ignored), so without this a GitHub that stops answering
 * holds an outbox slot, and its lane, until the socket gives up minutes later. The
 * deadline covers reading the answer too. A caller's own signal still aborts it.
 */
export function fetchWithDeadline(timeoutMs: number, base: typeof fetch = fetch): typeof fetch {
  return (input, init = {}) => {
    const deadline = AbortSignal.timeout(timeoutMs);
    return base(input, { ...init, signal: init.signal ? AbortSignal.any([init.signal, deadline]) : deadline });
  };
}

export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
  const { logger } = options;
  return new TrialbotOctokit({
    auth: options.token,
    baseUrl: options.baseUrl,
    userAgent: 'trialbot',
    // A timed-out create may still land on GitHub's side: the outbox waits a moment, then looks
    // for it by its marker before creating again (see effects/github-issue.ts).
    request: { fetch: fetchWithDeadline(options.timeoutMs ?? GITHUB_TIMEOUT_MS) },
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
