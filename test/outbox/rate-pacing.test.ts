import { afterEach, describe, expect, it } from 'vitest';
import { RatePacer } from '../../src/outbox/rate-pacing.js';
import { TestBot } from '../support/test-bot.js';

describe('RatePacer', () => {
  it('lets a burst through, then one call per 1/rate seconds, per channel', () => {
    const pacer = new RatePacer({ 'chat.postMessage': { ratePerSecond: 1, burst: 2, perKey: true } });
    expect(pacer.take('chat.postMessage:C1', 0)).toBe(0);
    expect(pacer.take('chat.postMessage:C1', 0)).toBe(0);
    expect(pacer.take('chat.postMessage:C1', 0)).toBe(1000);
    // Another channel has its own allowance.
    expect(pacer.take('chat.postMessage:C2', 0)).toBe(0);
    expect(pacer.take('chat.postMessage:C1', 400)).toBe(600);
    expect(pacer.take('chat.postMessage:C1', 1000)).toBe(0);
  });

  it('shares one allowance per method when limits are per method', () => {
    const pacer = new RatePacer({ 'chat.update': { ratePerSecond: 2, burst: 1 } });
    expect(pacer.take('chat.update:C1', 0)).toBe(0);
    expect(pacer.take('chat.update:C2', 0)).toBe(500);
  });

  it('leaves keys without a rule alone, and empties a bucket on a 429', () => {
    const pacer = new RatePacer({ 'chat.postMessage': { ratePerSecond: 1, burst: 5, perKey: true } });
    for (let i = 0; i < 100; i++) expect(pacer.take('github:create', 0)).toBe(0);
    pacer.drain('chat.postMessage:C1', 0);
    expect(pacer.take('chat.postMessage:C1', 0)).toBe(1000);
  });
});

describe('the outbox worker with pacing', () => {
  let t: TestBot;
  afterEach(async () => t?.close());

  it('posts a burst of alerts under the channel limit without a single 429, and none twice', async () => {
    // Slack tolerates a short burst; the worker keeps well inside it (half the rate, no burst of its own), so
    // jitter on a busy machine (the stand-in shares the test's event loop) does not tip it over.
    const limit = { perChannel: true, ratePerSecond: 40, burst: 4 };
    t = await TestBot.start({
      options: { schedule: false, outbox: { pollMs: 1000, pacing: { 'chat.postMessage': { ratePerSecond: 20, burst: 1, perKey: true } } } },
    });
    t.slack.setRateLimit('chat.postMessage', limit);
    await Promise.all(Array.from({ length: 20 }, (_, i) => t.signup({ id: `s${i}`, email: `pat@company${i}.com` })));
    await t.eventually(() => expect(t.alerts()).toHaveLength(20), 10_000);
    await t.settle();
    expect(t.slack.stats().rateLimited).toBe(0);
    expect(t.alerts()).toHaveLength(20);
  });

  it('a paced channel does not hold back effects for other keys queued behind it', async () => {
    t = await TestBot.start({
      options: { schedule: false, outbox: { pollMs: 60_000, pacing: { 'chat.postMessage': { ratePerSecond: 0.01, burst: 1, perKey: true } } } },
    });
    await Promise.all(Array.from({ length: 40 }, (_, i) => t.signup({ id: `s${i}`, email: `pat@company${i}.com` })));
    // One alert goes, the rest wait ~100 s for the channel; an effect on another key still runs now.
    await t.eventually(() => expect(t.alerts()).toHaveLength(1));
    t.db
      .prepare(`INSERT INTO outbox (key, kind, lane, payload, run_after, created_at, updated_at) VALUES ('other', 'slack.post', 'other', ?, ?, ?, ?)`)
      .run(JSON.stringify({ to: { channel: 'UCE1' }, text: 'hello' }), new Date().toISOString(), new Date().toISOString(), new Date().toISOString());
    t.bot.worker.kick();
    await t.eventually(() => expect(t.count('outbox', "key = 'other' AND status = 'done'")).toBe(1));
    expect(t.alerts()).toHaveLength(1);
  });

  it('the server paces by default (production wiring): a burst into one channel at Slack-shaped limits draws no 429', async () => {
    // pacing left out, so startTrialbot's default applies rather than the test bot's `false`.
    t = await TestBot.start({ options: { schedule: false, outbox: { pacing: undefined } } });
    // 1/s per channel with the short burst Slack tolerates (the bench's shape); the pacer keeps a smaller one.
    t.slack.setRateLimit('chat.postMessage', { perChannel: true, ratePerSecond: 1, burst: 3 });
    await Promise.all(Array.from({ length: 5 }, (_, i) => t.signup({ id: `s${i}`, email: `pat@company${i}.com` })));
    await t.eventually(() => expect(t.alerts()).toHaveLength(5), 15_000);
    expect(t.slack.stats().rateLimited).toBe(0);
  });
});
