import type { SlackChange } from '../../src/fakes/slack-api.js';
import type { TestBot } from '../support/test-bot.js';
import { send, signupRequest } from './requests.js';
import { sleep, summarize, waitUntil, type Summary } from './stats.js';

export interface SignupAlertResult {
  summary: Summary;
  sent: number;
  arrived: number;
  refused: number;
  ratePerSecond: number;
}

/** The signup whose alert a stored message is, by the effect key in its metadata (`alert:<signup id>`). */
export function alertSignupId(message: { metadata?: { event_payload: unknown } }): string | undefined {
  const effect = (message.metadata?.event_payload as { effect?: string } | undefined)?.effect;
  return effect?.startsWith('alert:') ? effect.slice('alert:'.length) : undefined;
}

/**
 * `count` signups at `ratePerSecond`, each a new company: time from sending the webhook
 * request to the alert being stored by the Slack fake (its 'change' event).
 */
export async function measureSignupToAlert(t: TestBot, count: number, ratePerSecond: number, prefix = 'sa'): Promise<SignupAlertResult> {
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const alerts = t.alertsChannel;
  const onChange = (change: SlackChange) => {
    if (change.kind !== 'message' || change.channel !== alerts) return;
    const message = t.slack.messagesIn(alerts).find((m) => m.ts === change.ts);
    const id = message && alertSignupId(message);
    const started = id ? sentAt.get(id) : undefined;
    if (started !== undefined) latencies.push(performance.now() - started);
  };
  t.slack.on('change', onChange);
  let refused = 0;
  const inFlight: Promise<void>[] = [];
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    // Paced against the schedule, not the previous send, so a slow answer does not slow the rate.
    const due = t0 + (i * 1000) / ratePerSecond;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const id = `${prefix}-${String(i).padStart(5, '0')}`;
    const request = signupRequest(id);
    sentAt.set(id, performance.now());
    inFlight.push(send(t.bot.url, request).then((status) => void (status !== 200 && refused++)));
  }
  await Promise.all(inFlight);
  await waitUntil(() => latencies.length >= count - refused, 30_000, 10);
  t.slack.off('change', onChange);
  return { summary: summarize(latencies), sent: count, arrived: latencies.length, refused, ratePerSecond };
}
