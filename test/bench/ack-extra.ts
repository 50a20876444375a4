import type { TestBot } from '../support/test-bot.js';
import { backfillActivity } from '../../src/stores/activity-store.js';
import { untilQuiet, type AckMeasurement, type AckScenario } from './ack-latency.js';
import { runLoad, startLoad } from './load-generator.js';
import { activityRequest, signupRequest } from './requests.js';
import { summarize } from './stats.js';

/**
 * Acks while `signups` signups arrive at once (issue 15: not only while their alerts drain):
 * for each scenario a fresh burst is sent and the acks run at the same moment, from the
 * load generator's thread, so the acks queue behind the burst's writes if anything does.
 */
export async function acksWhileSignupsArrive(t: TestBot, scenarios: AckScenario[], signups: number, count: number, concurrency: number, tag: string) {
  const out: AckMeasurement[] = [];
  for (const scenario of scenarios) {
    await untilQuiet(t);
    // Each id becomes the signup's email domain: letters, digits and hyphens only (an underscore is no hostname, a 400).
    const ids = Array.from({ length: signups }, (_, i) => `${tag}-${scenario.kind.replace(/[^a-z0-9]+/gi, '')}-${i}`);
    // The signups come from a thread of their own, as the signup site would from elsewhere: sent
    // from this thread, 300 fetch clients shared the server's event loop and were measured as the
    // server. The acks' connections are open before the burst (as an app's are while it serves);
    // opened at the same instant as 300 others, some of their SYNs waited out the kernel's 1 s
    // retransmit, which measured loopback TCP, not trialbot. The burst starts as the counted acks do.
    const burst = startLoad(
      t.bot.url,
      ids.map((id) => signupRequest(id)),
      signups,
      { held: true },
    );
    const acks = startLoad(t.bot.url, Array.from({ length: count }, scenario.make), concurrency, {
      warmup: Array.from({ length: concurrency }, scenario.make),
      held: true,
    });
    await Promise.all([burst.warm, acks.warm]);
    acks.go();
    burst.go();
    const load = await acks.done;
    const refused = (await burst.done).errors;
    if (refused > 0 || load.errors > 0)
      process.stderr.write(`bench: while signups arrive (${scenario.kind}): ${load.errors} acks not 200, ${refused} signups not answered 200\n`);
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
