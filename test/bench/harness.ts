import type { TrialbotOptions } from '../../src/app.js';
import type { FakeSlack, SlackRateLimit } from '../../src/fakes/slack-api.js';
import { seedTeam } from '../support/seed.js';
import { TestBot } from '../support/test-bot.js';

/**
 * Slack's published limits, shaped for the fake: chat.postMessage about 1/s per channel
 * with a short burst; the rest by tier (Tier 2: 20/min, Tier 3: 50/min), per method.
 */
export const slackLimits: Record<string, SlackRateLimit> = {
  'chat.postMessage': { perChannel: true, ratePerSecond: 1, burst: 3 },
  'chat.update': { ratePerSecond: 50 / 60, burst: 5 },
  'conversations.create': { ratePerSecond: 20 / 60, burst: 3 },
  'conversations.invite': { ratePerSecond: 50 / 60, burst: 5 },
};

/** The limits `scale` times faster, so a burst drains in seconds rather than minutes. */
export function scaledLimits(scale: number): Record<string, SlackRateLimit> {
  return Object.fromEntries(Object.entries(slackLimits).map(([m, l]) => [m, { ...l, ratePerSecond: l.ratePerSecond * scale }]));
}

export function applyLimits(slack: FakeSlack, limits: Record<string, SlackRateLimit> | null): void {
  for (const method of Object.keys(slackLimits)) slack.setRateLimit(method, limits?.[method] ?? null);
}

export interface BenchBotOptions {
  env?: Record<string, string>;
  /** The worker's settings where they differ from production's; Slack pacing is off unless given (see startBenchBot). */
  outbox?: TrialbotOptions['outbox'];
  githubThrottle?: boolean;
}

/**
 * The real server (in this process) with the loopback fakes, configured like production:
 * GitHub pacing on, the worker's own defaults (concurrency 8, poll 1 s, its real backoff), no
 * client-side Slack retries, logs off. Slack pacing is off unless `outbox.pacing` is given,
 * because the fake's limits are scaled up and the pacing must be too (`scaledPacing`).
 */
export async function startBenchBot(opts: BenchBotOptions = {}): Promise<TestBot> {
  // TestBot sets test values (50 ms poll, 20 ms backoff, pacing off) under what it is given; an
  // explicit undefined wins over them and leaves the worker to its own default.
  const outbox: TrialbotOptions['outbox'] = { pollMs: undefined, backoff: undefined, ...opts.outbox };
  const t = await TestBot.start({
    env: opts.env,
    options: { schedule: false, githubThrottle: opts.githubThrottle ?? true, outbox },
  });
  seedTeam(t.db);
  return t;
}
