import type { TestBot } from '../support/test-bot.js';
import { acksWhileSignupsArrive, activityAtScale, type ActivityBench } from './ack-extra.js';
import { measureAck, prepareAckScenarios, untilQuiet, warmUp, withMinimalBolt, type AckMeasurement, type AckTarget } from './ack-latency.js';
import { measureBurst, scaledPacing, type BurstResult } from './burst.js';
import { measureFootprint, type FootprintResult } from './footprint.js';
import { applyLimits, scaledLimits, startBenchBot } from './harness.js';
import { runLoad } from './load-generator.js';
import { send, signupRequest } from './requests.js';
import { measureSignupToAlert, alertSignupId, type SignupAlertResult } from './signup-alert.js';
import { summarize, type Summary } from './stats.js';
import { measureSweep, type SweepResult } from './sweep.js';

export interface BenchSettings {
  quick: boolean;
  ackRequests: number;
  ackConcurrency: number;
  warmup: number;
  signupAlerts: number;
  /** Signups a second for signup → alert: at most the paced per-channel alert rate (1/s × scale), so it measures the bot, not a queue. */
  signupRate: number;
  burstSignups: number;
  burstQualifies: number;
  /** Qualified trials that raise an instance request (MAX_ACTIVE_INSTANCES): each costs 3 s of GitHub pacing. */
  githubIssues: number;
  /** The fake's Slack limits (and the worker's pacing) run this many times faster than Slack's. */
  scale: number;
  sweepSizes: number[];
  sweepRuns: number;
  starts: number;
  footprintBurst: number;
  /** Activity events of one instance for the activity line. */
  activityEvents: number;
  timeoutMs: number;
  log: (line: string) => void;
}

export function settingsFor(quick: boolean, overrides: Partial<BenchSettings> = {}): BenchSettings {
  const full: BenchSettings = {
    quick: false,
    ackRequests: 2000,
    ackConcurrency: 32,
    warmup: 200,
    signupAlerts: 1000,
    signupRate: 15,
    burstSignups: 300,
    burstQualifies: 60,
    githubIssues: 10,
    scale: 20,
    sweepSizes: [1_000, 10_000, 100_000],
    sweepRuns: 5,
    starts: 3,
    footprintBurst: 300,
    activityEvents: 50_000,
    timeoutMs: 90_000,
    log: () => {},
  };
  const quickSettings: Partial<BenchSettings> = {
    quick: true,
    ackRequests: 50,
    warmup: 10,
    signupAlerts: 20,
    burstSignups: 10,
    burstQualifies: 3,
    githubIssues: 1,
    sweepSizes: [1_000],
    sweepRuns: 2,
    starts: 1,
    footprintBurst: 20,
    activityEvents: 2_000,
    timeoutMs: 20_000,
  };
  return { ...full, ...(quick ? quickSettings : {}), ...overrides };
}

export interface BenchResults {
  settings: Omit<BenchSettings, 'log'>;
  /** `stillDrainingAtEnd`: the burst outlasted the during-burst measurement (so all of it was during the burst). */
  ack: { measurements: AckMeasurement[]; stillDrainingAtEnd: boolean; activity: ActivityBench };
  signupAlert: SignupAlertResult;
  burst: { unpaced: BurstResult; paced: BurstResult };
  sweeps: SweepResult[];
  footprint: FootprintResult | { missing: string };
  startedAt: Date;
  durationMs: number;
}

async function withBot<T>(opts: Parameters<typeof startBenchBot>[0], fn: (t: TestBot) => Promise<T>): Promise<T> {
  const t = await startBenchBot(opts);
  try {
    return await fn(t);
  } finally {
    await t.close();
  }
}

async function benchAck(s: BenchSettings): Promise<BenchResults['ack']> {
  return withBot({ outbox: { pacing: scaledPacing(s.scale) } }, async (t) => {
    const scenarios = await prepareAckScenarios(t);
    const trialbot: AckTarget = { name: 'trialbot', url: t.bot.url };
    return withMinimalBolt(t, async (minimal) => {
      await warmUp([trialbot, minimal], scenarios, s.warmup);
      const measurements: AckMeasurement[] = [];
      for (const concurrency of [1, s.ackConcurrency]) {
        for (const scenario of scenarios) {
          // Alternating targets, so drift in the machine's load hits both alike.
          for (const target of [minimal, trialbot]) {
            await untilQuiet(t);
            const m = await measureAck(target, scenario, s.ackRequests, concurrency);
            measurements.push(m);
            s.log(
              `ack ${m.target} ${m.kind} ×${concurrency}: p50 ${m.summary.p50.toFixed(2)} p99 ${m.summary.p99.toFixed(2)} max ${m.summary.max.toFixed(1)} ms`,
            );
          }
        }
      }
      // An instance with 50k activity events: the status shows its grade, and its next events arrive.
      await untilQuiet(t);
      const activity = await activityAtScale(t, scenarios[0]!, s.activityEvents, s.ackRequests, s.ackConcurrency);
      measurements.push(activity.status);
      s.log(
        `activity ${activity.events}: status p99 ${activity.status.summary.p99.toFixed(2)} ms; webhook p50 ${activity.webhook.p50.toFixed(2)} p99 ${activity.webhook.p99.toFixed(2)} ms`,
      );
      await untilQuiet(t);
      applyLimits(t.slack, scaledLimits(s.scale));
      // While 300 signups arrive at once (each scenario its own burst), paced as in production.
      for (const m of await acksWhileSignupsArrive(t, scenarios, s.burstSignups, Math.min(s.ackRequests, 400), s.ackConcurrency, 'arrive')) {
        measurements.push(m);
        s.log(
          `ack while signups arrive ${m.kind}: n ${m.summary.n} p50 ${m.summary.p50.toFixed(2)} p99 ${m.summary.p99.toFixed(2)} max ${m.summary.max.toFixed(1)} ms, ${m.errors} errors`,
        );
      }
      // During a burst: 300 alerts draining against Slack's limits, paced as in production.
      const ids = Array.from({ length: s.burstSignups }, (_, i) => `ackburst-${i}`);
      await Promise.all(ids.map((id) => send(t.bot.url, signupRequest(id))));
      const drained = () => t.slack.messagesIn(t.alertsChannel).filter((m) => alertSignupId(m)?.startsWith('ackburst-')).length >= ids.length;
      const during: Record<string, { latencies: number[]; errors: number }> = {};
      const deadline = performance.now() + s.timeoutMs;
      // Batches of both kinds until the burst has drained or each kind has its count.
      do {
        for (const scenario of scenarios) {
          const r = await runLoad(trialbot.url, Array.from({ length: Math.min(200, s.ackRequests) }, scenario.make), s.ackConcurrency);
          const d = (during[scenario.kind] ??= { latencies: [], errors: 0 });
          d.latencies.push(...r.latencies);
          d.errors += r.errors;
        }
      } while (!drained() && performance.now() < deadline && during[scenarios[0]!.kind]!.latencies.length < s.ackRequests);
      const stillDrainingAtEnd = !drained();
      for (const scenario of scenarios) {
        const { latencies, errors } = during[scenario.kind]!;
        const summary: Summary = summarize(latencies);
        measurements.push({
          target: 'trialbot',
          kind: scenario.kind,
          concurrency: s.ackConcurrency,
          during: `${s.burstSignups}-signup burst draining`,
          summary,
          errors,
        });
        s.log(
          `ack during burst ${scenario.kind}: n ${summary.n} p50 ${summary.p50.toFixed(2)} p99 ${summary.p99.toFixed(2)} max ${summary.max.toFixed(1)} ms, ${errors} errors`,
        );
      }
      applyLimits(t.slack, null);
      return { measurements, stillDrainingAtEnd, activity };
    });
  });
}

/**
 * Signup → alert as production wires it: the worker paced at Slack's limits and the fake
 * enforcing them, both × scale, at a signup rate the paced channel keeps up with.
 */
async function benchSignupAlert(s: BenchSettings): Promise<SignupAlertResult> {
  const pacing = scaledPacing(s.scale);
  const perChannel = pacing['chat.postMessage']!.ratePerSecond;
  if (s.signupRate > perChannel) {
    throw new Error(`signup → alert at ${s.signupRate}/s is over the ${perChannel}/s the worker paces one channel at: it would measure the queue, not the bot`);
  }
  return withBot({ outbox: { pacing } }, (t) => {
    applyLimits(t.slack, scaledLimits(s.scale));
    return measureSignupToAlert(t, s.signupAlerts, s.signupRate);
  });
}

export async function runBenchmarks(s: BenchSettings): Promise<BenchResults> {
  const startedAt = new Date();
  const t0 = performance.now();
  const { log, ...settings } = s;

  log('1/5 ack latency');
  const ack = await benchAck(s);

  log('2/5 signup → alert');
  const signupAlert = await benchSignupAlert(s);
  log(`signup→alert: p50 ${signupAlert.summary.p50.toFixed(1)} p99 ${signupAlert.summary.p99.toFixed(1)} ms (${signupAlert.arrived}/${signupAlert.sent})`);

  log('3/5 burst under Slack-shaped limits');
  const burstOpts = { signups: s.burstSignups, qualifies: s.burstQualifies, githubIssues: s.githubIssues, scale: s.scale, timeoutMs: s.timeoutMs };
  const env = { MAX_ACTIVE_INSTANCES: String(s.githubIssues) };
  const unpaced = await withBot({ env }, (t) => measureBurst(t, burstOpts));
  log(
    `burst, worker without pacing: alerts ${(unpaced.alerts.drainMs / 1000).toFixed(1)} s (floor ${(unpaced.alerts.floorMs / 1000).toFixed(1)} s), 429s ${unpaced.alerts.rateLimited}/${unpaced.alerts.calls}`,
  );
  const paced = await withBot({ env, outbox: { pacing: scaledPacing(s.scale) } }, (t) => measureBurst(t, burstOpts));
  log(
    `burst, worker with Slack pacing: alerts ${(paced.alerts.drainMs / 1000).toFixed(1)} s (floor ${(paced.alerts.floorMs / 1000).toFixed(1)} s), 429s ${paced.alerts.rateLimited}/${paced.alerts.calls}`,
  );

  log('4/5 deadline sweep');
  const sweeps: SweepResult[] = [];
  for (const trials of s.sweepSizes) {
    const r = await measureSweep(trials, s.sweepRuns);
    sweeps.push(r);
    log(`sweep ${trials}: idle ${r.idleMs.toFixed(2)} ms, due ${r.dueMs.toFixed(1)} ms (${r.due} due)`);
  }

  log('5/5 footprint');
  const footprint = await measureFootprint({
    starts: s.starts,
    burst: s.footprintBurst,
    timeoutMs: s.timeoutMs,
    settleMs: s.quick ? 200 : 1000,
    drainWaitMs: s.quick ? 2000 : 20_000,
  });
  log(
    'missing' in footprint
      ? `footprint: ${footprint.missing}`
      : `footprint: start ${footprint.startMs.toFixed(0)} ms, RSS idle ${footprint.rssIdleMb.toFixed(0)} MB, after burst ${footprint.rssAfterBurstMb.toFixed(0)} MB`,
  );

  return { settings, ack, signupAlert, burst: { unpaced, paced }, sweeps, footprint, startedAt, durationMs: performance.now() - t0 };
}
