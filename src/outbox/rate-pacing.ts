/**
 * How fast the worker starts effects of one rate-key family, so that it stays under the
 * other side's limit instead of finding it with 429s. A rate key is `method` or
 * `method:channel` (see EffectHandler.rateKey); the rule is looked up by the method.
 */
export interface PacingRule {
  /** Sustained calls per second. */
  ratePerSecond: number;
  /** Calls that may go at once after a quiet spell. */
  burst: number;
  /** One bucket per full rate key (per channel) rather than one per method. */
  perKey?: boolean;
}

export type Pacing = Record<string, PacingRule>;

/**
 * Slack's published limits for the methods the outbox calls in bulk:
 * chat.postMessage about 1 per second per channel (short bursts tolerated),
 * chat.update and conversations.invite Tier 3 (50/min), conversations.create Tier 2 (20/min),
 * views.publish Tier 4 (100/min).
 * Bursts are kept small: Slack does not publish them.
 */
export const slackPacing: Pacing = {
  'chat.postMessage': { ratePerSecond: 1, burst: 2, perKey: true },
  'chat.update': { ratePerSecond: 50 / 60, burst: 3 },
  'conversations.create': { ratePerSecond: 20 / 60, burst: 2 },
  'conversations.invite': { ratePerSecond: 50 / 60, burst: 4 },
  // Tier 4 (100/min): Home tabs redrawn after a change.
  'views.publish': { ratePerSecond: 100 / 60, burst: 5 },
};

/** Token buckets per rate key: `take` says how long to wait, or spends and says 0. */
export class RatePacer {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly rules: Pacing) {}

  private bucketOf(key: string, nowMs: number): { rule: PacingRule; bucket: { tokens: number; at: number } } | undefined {
    const [method = key] = key.split(':');
    const rule = this.rules[method];
    if (!rule) return undefined;
    const id = rule.perKey ? key : method;
    let bucket = this.buckets.get(id);
    if (!bucket) {
      bucket = { tokens: rule.burst, at: nowMs };
      this.buckets.set(id, bucket);
    }
    bucket.tokens = Math.min(rule.burst, bucket.tokens + ((nowMs - bucket.at) / 1000) * rule.ratePerSecond);
    bucket.at = nowMs;
    return { rule, bucket };
  }

  /** 0 when an effect with this rate key may start now (and counts it), else milliseconds to wait. */
  take(key: string, nowMs: number): number {
    const found = this.bucketOf(key, nowMs);
    if (!found) return 0;
    const { rule, bucket } = found;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - bucket.tokens) / rule.ratePerSecond) * 1000);
  }

  /** The other side said 429: whatever we thought was left, nothing is. */
  drain(key: string, nowMs: number): void {
    const found = this.bucketOf(key, nowMs);
    if (found) found.bucket.tokens = Math.min(found.bucket.tokens, 0);
  }
}
