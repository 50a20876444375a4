import type { TestBot } from '../support/test-bot.js';
import { backfillActivity } from '../../src/stores/activity-store.js';
import type { AckMeasurement, AckScenario } from './ack-latency.js';
import { runLoad } from './load-generator.js';
import { activityRequest, send, signupRequest } from './requests.js';
import { summarize } from './stats.js';

/**
 * Acks while `signups` signups arrive at once (issue 15: not only while their alerts drain):
 * for each scenario a fresh burst is sent and the acks run at the same moment, from the
 * load generator's thread, so the acks queue behind the burst's writes if anything does.
 */
export async function acksWhileSignupsArrive(t: TestBot, scenarios: AckScenario[], signups: number, count: number, concurrency: number, tag: string) {
  const out: AckMeasurement[] = [];
  for (const scenario of scenarios) {
    // Each id becomes the signup's email domain: letters, digits and hyphens only (an underscore is no hostname, a 400).
    const ids = Array.from({ length: signups }, (_, i) => `${tag}-${scenario.kind.replace(/[^a-z0-9]+/gi, '')}-${i}`);
    const burst = Promise.all(ids.map((id) => send(t.bot.url, signupRequest(id))));
    const load = await runLoad(t.bot.url, Array.from({ length: count }, scenario.make), concurrency);
    const statuses = await burst;
    const refused = statuses.filter((s) => s !== 200).length;
    if (refused > 0 || load.errors > 0)
      process.stderr.write(
        `bench: while signups arrive (${scenario.kind}): ${load.errors} acks not 200, signups answered ${JSON.stringify(countBy(statuses))}\n`,
      );
    out.push({
      target: 'trialbot',
      kind: scenario.kind,
      concurrency,
      during: `${signups} signups arriving at once`,
      summary: summarize(load.latencies),
      errors: load.errors + refused,
    });
  }
  return out;
}

export interface ActivityBench {
  events: number;
  status: AckMeasurement;
  /** Latency of the next events sent to the same instance (webhook answer, sequential). */
  webhook: ReturnType<typeof summarize>;
}

/**
 * An instance with `events` usage events: `/trial status` (which shows the grade) and the activity
 * webhook itself, measured after them. Before migration 010 each event and each status re-read all of them.
 */
export async function activityAtScale(t: TestBot, status: AckScenario, events: number, count: number, concurrency: number): Promise<ActivityBench> {
  const trial = t.db.prepare(`SELECT id, instance_url FROM trials WHERE space_channel_id IS NOT NULL ORDER BY created_at LIMIT 1`).get() as {
    id: string;
    instance_url: string | null;
  };
  let url = trial.instance_url;
  if (!url) {
    url = 'https://bench-activity.sourcegraph.test';
    const now = new Date().toISOString();
    t.db
      .prepare(`INSERT OR IGNORE INTO instances (url, domain, admin_email, trial_id, created_at) VALUES (?, 'bench.test', 'a@bench.test', ?, ?)`)
      .run(url, trial.id, now);
    t.db.prepare(`UPDATE trials SET instance_url = ? WHERE id = ?`).run(url, trial.id);
  }
  const kinds = ['search', 'visit', 'search', 'visit', 'code_host_added', 'repo_added'] as const;
  const start = Date.now() - 30 * 86_400_000;
  const insert = t.db.prepare(`INSERT INTO activity_events (id, instance_url, event, private, at, received_at) VALUES (?, ?, ?, ?, ?, ?)`);
  t.db.transaction(() => {
    for (let i = 0; i < events; i++) {
      const at = new Date(start + (i * 29 * 86_400_000) / events).toISOString();
      insert.run(`bench-act-${i}`, url, kinds[i % kinds.length], i % 2, at, at);
    }
  })();
  // Counted as the webhook would have counted them.
  backfillActivity(t.db, 'UTC');
  const load = await runLoad(t.bot.url, Array.from({ length: count }, status.make), concurrency);
  const hooks = Array.from({ length: 200 }, (_, i) => activityRequest(`bench-act-next-${i}`, url, kinds[i % kinds.length], new Date()));
  const webhook = await runLoad(t.bot.url, hooks, 1);
  return {
    events,
    status: {
      target: 'trialbot',
      kind: status.kind,
      concurrency,
      during: `its instance holding ${events.toLocaleString('en')} activity events`,
      summary: summarize(load.latencies),
      errors: load.errors,
    },
    webhook: summarize(webhook.latencies),
  };
}

function countBy(xs: number[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of xs) out[x] = (out[x] ?? 0) + 1;
  return out;
}
