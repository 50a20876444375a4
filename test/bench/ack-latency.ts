import { team } from '../support/seed.js';
import type { TestBot } from '../support/test-bot.js';
import { secrets } from '../support/test-bot.js';
import { runLoad, type LoadResult, type PreparedRequest } from './load-generator.js';
import { startMinimalBolt } from './minimal-bolt.js';
import { buttonClick, send, signupRequest, slashCommand } from './requests.js';
import { summarize, waitUntil, type Summary } from './stats.js';
import { ActionId } from '../../src/messages/slack/ids.js';

export interface AckTarget {
  name: 'trialbot' | 'minimal Bolt';
  url: string;
}

export interface AckScenario {
  /** What is being acknowledged. */
  kind: '/trial status' | 'trial_qualify click';
  make: () => PreparedRequest;
}

export interface AckMeasurement {
  target: AckTarget['name'];
  kind: AckScenario['kind'];
  concurrency: number;
  during?: string;
  summary: Summary;
  errors: number;
}

/**
 * A trial to act on: a Case 3 lead, qualified, with its channel open. The status command
 * is typed in that channel; the click is another SDR's click on its (already decided)
 * qualify button: the whole answer path (signature, lookup, refusal, ephemeral) runs.
 */
export async function prepareAckScenarios(t: TestBot): Promise<AckScenario[]> {
  const signup = signupRequest('ack-setup');
  if ((await send(t.bot.url, signup)) !== 200) throw new Error('setup signup refused');
  await t.settle();
  const trial = t.db.prepare(`SELECT * FROM trials ORDER BY created_at LIMIT 1`).get() as { id: string; alert_channel: string; alert_ts: string };
  await t.clickButton(team.sdr.id, ActionId.Qualify, trial.id, { channel: trial.alert_channel, ts: trial.alert_ts });
  await waitUntil(
    () => !!(t.db.prepare('SELECT space_channel_id FROM trials WHERE id = ?').get(trial.id) as { space_channel_id: string | null }).space_channel_id,
    10_000,
  );
  await t.settle();
  const space = (t.db.prepare('SELECT space_channel_id FROM trials WHERE id = ?').get(trial.id) as { space_channel_id: string }).space_channel_id;
  return [
    { kind: '/trial status', make: () => slashCommand(team.ce1.id, space, 'status') },
    { kind: 'trial_qualify click', make: () => buttonClick(team.sdr2.id, ActionId.Qualify, trial.id, trial.alert_channel, trial.alert_ts) },
  ];
}

export async function measureAck(target: AckTarget, scenario: AckScenario, count: number, concurrency: number): Promise<AckMeasurement> {
  const requests = Array.from({ length: count }, scenario.make);
  const result: LoadResult = await runLoad(target.url, requests, concurrency);
  return { target: target.name, kind: scenario.kind, concurrency, summary: summarize(result.latencies), errors: result.errors };
}

export async function withMinimalBolt<T>(t: TestBot, fn: (target: AckTarget) => Promise<T>): Promise<T> {
  const minimal = await startMinimalBolt({ signingSecret: secrets.signing, token: secrets.slackToken, slackApiUrl: t.slack.apiUrl });
  try {
    return await fn({ name: 'minimal Bolt', url: minimal.url });
  } finally {
    await minimal.close();
  }
}

/** Warms both servers (JIT, Bolt's cached auth.test, SQLite page cache) before anything counts. */
export async function warmUp(targets: AckTarget[], scenarios: AckScenario[], count: number): Promise<void> {
  for (const target of targets) for (const s of scenarios) await runLoad(target.url, Array.from({ length: count }, s.make), 8);
}

/**
 * Waits until the bot has finished what earlier lines left it: 2,000 clicks leave their ephemeral
 * answers still being sent (to the fake, in this process) after the last ack, and a line started
 * then measured that backlog (p99 × 5), not its own requests. Quiet = no Slack call for 250 ms.
 */
export async function untilQuiet(t: TestBot, timeoutMs = 30_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  let last = t.slack.stats().calls;
  let stillSince = performance.now();
  while (performance.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    const now = t.slack.stats().calls;
    if (now !== last) {
      last = now;
      stillSince = performance.now();
    } else if (performance.now() - stillSince >= 250) break;
  }
  await t.settle();
}
