import { cpus, freemem, loadavg, platform, release, totalmem } from 'node:os';
import type { BenchResults } from './benchmarks.js';
import type { BurstResult, DrainResult } from './burst.js';
import { slackLimits } from './harness.js';

export interface Row {
  measure: string;
  result: string;
  baseline: string;
  ratio: string;
  target: string;
  met: boolean | null;
}

const ms = (v: number, digits = 1) => (Number.isFinite(v) ? `${v.toFixed(digits)} ms` : 'n/a');
const s = (v: number) => (Number.isFinite(v) ? `${(v / 1000).toFixed(1)} s` : 'n/a');
const x = (v: number) => (Number.isFinite(v) ? `${v.toFixed(2)}×` : 'n/a');
const pct = (a: number, b: number) => (b > 0 ? `${((a / b) * 100).toFixed(1)} %` : 'n/a');

export function rows(r: BenchResults): Row[] {
  const out: Row[] = [];
  const baseline = (kind: string, concurrency: number) =>
    r.ack.measurements.find((m) => m.target === 'minimal Bolt' && m.kind === kind && m.concurrency === concurrency && !m.during);
  const idleTrialbot = (kind: string, concurrency: number) =>
    r.ack.measurements.find((m) => m.target === 'trialbot' && m.kind === kind && m.concurrency === concurrency && !m.during);
  for (const m of r.ack.measurements.filter((m) => m.target === 'trialbot')) {
    const base = baseline(m.kind, m.concurrency);
    const ratio = base ? m.summary.p99 / base.summary.p99 : NaN;
    if (m.during) {
      // Issue 15's target under load: < 50 ms, and at most 1.5× the same ack with nothing else going on.
      const idle = idleTrialbot(m.kind, m.concurrency);
      const toIdle = idle ? m.summary.p99 / idle.summary.p99 : NaN;
      out.push({
        measure: `ack ${m.kind}, ${m.concurrency === 1 ? 'sequential' : `${m.concurrency} concurrent`}, during ${m.during} (n=${m.summary.n}) p50 / p99 / max, errors`,
        result: `${ms(m.summary.p50, 2)} / ${ms(m.summary.p99, 2)} / ${ms(m.summary.max)}, ${m.errors} errors`,
        baseline: `${idle ? `trialbot idle: ${ms(idle.summary.p50, 2)} / ${ms(idle.summary.p99, 2)} / ${ms(idle.summary.max)}` : 'trialbot idle: n/a'}${
          base ? `; minimal Bolt idle p99 ${ms(base.summary.p99, 2)}` : ''
        }`,
        ratio: `p99 ${x(toIdle)} idle (${x(ratio)} minimal)`,
        target: 'p99 < 50 ms and ≤ 1.5× idle, no errors',
        met: m.errors > 0 ? false : Number.isFinite(toIdle) ? toIdle <= 1.5 && m.summary.p99 < 50 : null,
      });
      continue;
    }
    out.push({
      measure: `ack ${m.kind}, ${m.concurrency === 1 ? 'sequential' : `${m.concurrency} concurrent`} (n=${m.summary.n}) p50 / p99 / max, errors`,
      result: `${ms(m.summary.p50, 2)} / ${ms(m.summary.p99, 2)} / ${ms(m.summary.max)}, ${m.errors} errors`,
      baseline: base ? `minimal Bolt: ${ms(base.summary.p50, 2)} / ${ms(base.summary.p99, 2)} / ${ms(base.summary.max)}` : '—',
      ratio: `p99 ${x(ratio)}`,
      target: 'p99 ≤ 1.2× and < 50 ms, no errors',
      // An error is a request Slack would have retried or shown as failed: no latency makes up for it.
      met: m.errors > 0 ? false : Number.isFinite(ratio) ? ratio <= 1.2 && m.summary.p99 < 50 : null,
    });
  }

  const act = r.ack.activity;
  out.push({
    measure: `activity webhook, the next 200 events of an instance holding ${act.events.toLocaleString('en')} (sequential) p50 / p99 / max`,
    result: `${ms(act.webhook.p50, 2)} / ${ms(act.webhook.p99, 2)} / ${ms(act.webhook.max)}`,
    baseline: '—',
    ratio: '—',
    target: 'O(1) per event: p99 < 50 ms',
    met: act.webhook.p99 < 50,
  });

  const sa = r.signupAlert;
  out.push({
    measure: `signup → alert, ${sa.sent} signups at ${sa.ratePerSecond}/s, paced as in production (worker's pacing and the fake's Slack limits ×${r.settings.scale}) p50 / p99 / max`,
    result: `${ms(sa.summary.p50)} / ${ms(sa.summary.p99)} / ${ms(sa.summary.max)} (${sa.arrived} of ${sa.sent} arrived)`,
    baseline: '—',
    ratio: '—',
    target: 'p99 < 250 ms',
    met: sa.arrived === sa.sent ? sa.summary.p99 < 250 : false,
  });

  const drainRows = (label: string, b: BurstResult) => {
    const row = (what: string, d: DrainResult) => {
      const ratio = d.floorMs > 0 ? d.drainMs / d.floorMs : NaN;
      const rate = d.calls > 0 ? d.rateLimited / d.calls : 0;
      out.push({
        measure: `${what}, ${label}: drain ÷ floor, 429s ÷ calls, lost, duplicated`,
        result: `${s(d.drainMs)}${d.unfinished ? ` (timed out: ${d.unfinished} effects still waiting)` : ''}; 429s ${d.rateLimited} of ${d.calls} (${pct(d.rateLimited, d.calls)}); lost ${d.lost}; dup ${d.duplicated}`,
        baseline: `floor ${s(d.floorMs)} (${d.bottleneck})`,
        ratio: x(ratio),
        target: 'drain ≤ 1.2× floor, 429s ≤ 1 %, lost 0, dup 0',
        met: (Number.isFinite(ratio) ? ratio <= 1.2 : true) && rate <= 0.01 && d.lost === 0 && d.unfinished === 0 && d.duplicated === 0 && !b.timedOut,
      });
    };
    row(`${b.alerts.signups} signups at once → alerts`, b.alerts);
    row(`${b.qualifies.trials} qualifies at once → channels, invites, cards (trials without a GitHub issue)`, b.qualifies);
    const gRatio = b.github.floorMs > 0 ? b.github.drainMs / b.github.floorMs : NaN;
    out.push({
      measure: `GitHub instance requests, ${label} (${b.github.issues} issues, plugin-throttling on)`,
      result: `all open after ${s(b.github.drainMs)}; those trials fully onboarded after ${s(b.github.readyMaxMs)}`,
      baseline: `floor ${s(b.github.floorMs)} (3 s between content-creating writes)`,
      ratio: x(gRatio),
      target: 'reported separately',
      met: null,
    });
  };
  drainRows('worker without pacing (pacing: false)', r.burst.unpaced);
  drainRows('worker with Slack pacing (as in production)', r.burst.paced);

  for (const sw of r.sweeps) {
    const indexed = sw.plans.every((p) => p.indexed);
    out.push({
      measure: `deadline and reminders sweep, ${sw.trials.toLocaleString('en')} trials (${sw.due.toLocaleString('en')} due): pass with nothing to send / pass that sends`,
      result: `${ms(sw.idleMs, 2)} / ${ms(sw.dueMs)}; query plan: ${
        indexed
          ? 'index lookups only'
          : 'full scan (' +
            sw.plans
              .filter((p) => !p.indexed)
              .flatMap((p) => p.plan.split('; ').filter((d) => /^SCAN (milestones|trials|m|t)\b/.test(d)))
              .join(', ') +
            ')'
      }`,
      baseline: '—',
      ratio: '—',
      target: sw.trials >= 100_000 ? '< 50 ms, by index' : 'by index',
      met: indexed && (sw.trials >= 100_000 ? sw.idleMs < 50 : true),
    });
  }

  const f = r.footprint;
  if ('missing' in f) {
    out.push({ measure: 'footprint', result: `not measured: ${f.missing}`, baseline: '—', ratio: '—', target: 'RSS < 150 MB, start < 1.5 s', met: null });
  } else {
    out.push({
      measure: 'start: spawn → /healthz 200 (fresh database, migrations included)',
      result: ms(f.startMs, 0),
      baseline: `bare node HTTP server: ${ms(f.baselineStartMs, 0)}`,
      ratio: x(f.startMs / f.baselineStartMs),
      target: '< 1.5 s',
      met: f.startMs < 1500,
    });
    out.push({
      measure: '`npm start` → /healthz 200 (built, nothing newer: no compile)',
      result: ms(f.npmStartMs, 0),
      baseline: '—',
      ratio: '—',
      target: '< 1.5 s',
      met: f.npmStartMs < 1500,
    });
    out.push({
      measure: '`npm run admin -- help` / `npm run job -- help` (median of 3)',
      result: `${ms(f.adminHelpMs, 0)} / ${ms(f.jobHelpMs, 0)}`,
      baseline: '—',
      ratio: '—',
      target: '< 1 s',
      met: f.adminHelpMs < 1000 && f.jobHelpMs < 1000,
    });
    out.push({
      measure: 'RSS idle',
      result: `${f.rssIdleMb.toFixed(0)} MB`,
      baseline: `bare node HTTP server: ${f.baselineRssMb.toFixed(0)} MB`,
      ratio: x(f.rssIdleMb / f.baselineRssMb),
      target: '< 150 MB',
      met: f.rssIdleMb < 150,
    });
    out.push({
      measure: `RSS after a ${f.burstSignups}-signup burst (peak while draining)`,
      result: `${f.rssAfterBurstMb.toFixed(0)} MB (peak ${f.rssPeakMb.toFixed(0)} MB)${f.burstDrained ? '' : ", sampled while still draining at Slack's pace"}`,
      baseline: '—',
      ratio: '—',
      target: '< 150 MB',
      met: f.rssPeakMb < 150,
    });
  }
  return out;
}

export function table(list: Row[]): string {
  const mark = (m: boolean | null) => (m === null ? '—' : m ? 'met' : '**missed**');
  const lines = ['| measure | result | baseline (same run) | ratio | target | |', '|---|---|---|---|---|---|'];
  for (const r of list) lines.push(`| ${r.measure} | ${r.result} | ${r.baseline} | ${r.ratio} | ${r.target} | ${mark(r.met)} |`);
  return lines.join('\n');
}

export function machine(): string {
  const cpu = cpus();
  const [l1, l5] = loadavg();
  return [
    `- CPU: ${cpu[0]?.model ?? 'unknown'}, ${cpu.length} cores`,
    `- memory: ${(totalmem() / 2 ** 30).toFixed(1)} GiB (${(freemem() / 2 ** 30).toFixed(1)} GiB free at the end)`,
    `- node ${process.version}, ${platform()} ${release()}`,
    `- load average at the end: ${l1!.toFixed(2)} (1 min), ${l5!.toFixed(2)} (5 min) — other work on the machine shows up in every figure; ratios are measured side by side to cancel most of it`,
  ].join('\n');
}

/** The fake's limits before scaling (`slackLimits`), as a person reads them: `chat.update 50/min, burst 5; …`. */
export function limitsText(): string {
  const rate = (perSecond: number) => (Number.isInteger(perSecond) ? `${perSecond}/s` : `${Math.round(perSecond * 60)}/min`);
  return Object.entries(slackLimits)
    .map(([method, l]) => `${method} ${rate(l.ratePerSecond)}${l.perChannel ? ' per channel' : ''}, burst ${l.burst}`)
    .join('; ');
}

export function markdown(r: BenchResults, analysis: string): string {
  const st = r.settings;
  return `# Benchmarks

Written by \`npm run bench\` on ${r.startedAt.toISOString()} (run took ${s(r.durationMs)}). Every figure with a
baseline was measured in the same run, next to it; the machine is shared and noisy, so read the ratios.

## Machine

${machine()}

## How it was run

- trialbot: the real server in-process (\`startTrialbot\`), production settings (outbox concurrency 8, poll 1 s,
  GitHub pacing on, no client-side Slack retries, Slack pacing × scale where the fake enforces limits), logs off;
  the loopback fakes of Slack and GitHub in the same process.
- Load comes from a worker thread (\`test/bench/load-generator.ts\`), keep-alive HTTP, signed like Slack signs. While signups
  arrive, the signups come from a second worker thread, and the acks' connections are open before the burst starts.
- Ack: ${st.ackRequests} requests per line after ${st.warmup} warm-up requests. The baseline is a minimal app on the same
  @slack/bolt (5.1.0) and HTTPReceiver with one listener that only acks, on its own port.
  The click is an SDR clicking Qualify on a lead already qualified (refusal + ephemeral answer path);
  \`/trial status\` is typed in the trial's channel.
- Signup → alert: ${st.signupAlerts} signups at ${st.signupRate}/s, each a new company, with the worker paced as in production and the
  fake enforcing Slack's limits, both × ${st.scale}; from sending the webhook request to the alert stored by the Slack fake.
- Burst: the Slack fake enforces Slack-shaped limits × ${st.scale} (${limitsText()}) and answers 429 with
  Retry-After in whole seconds (at least 1 s, i.e. ${st.scale} × what a 429 costs against real Slack).
  ${st.burstSignups} signups at once, then ${st.burstQualifies} qualify clicks at once; MAX_ACTIVE_INSTANCES=${st.githubIssues}, so ${st.githubIssues}
  of them raise an instance-request issue through the paced GitHub client and the rest wait in the capacity queue.
  Run twice: with the worker's pacing off, and with the pacing production uses (\`slackPacing\` in \`src/outbox/rate-pacing.ts\`, rates × ${st.scale}
  like the fake's limits).
- Floors: for each limited bucket, (successful calls − burst) ÷ rate; the slowest bucket is the floor.
- Sweep: \`jobs/deadlines.ts\` \`run(ctx, now)\` on a file database with N active trials (day-15 and day-30 milestones, 5 % with day 15 due);
  the idle pass is the median of ${st.sweepRuns} after a warm-up; the due pass runs once on a fresh copy. Query plans come from
  EXPLAIN QUERY PLAN of every statement the job ran against trials or milestones.
- Footprint: \`node dist/src/main.js\` spawned with a full environment pointing at the fakes (LOG_LEVEL=info), median of ${st.starts} starts,
  RSS from /proc; the baseline is node starting a bare HTTP server.

## Results

${table(rows(r))}

## Targets

ack p99 ≤ 1.2× the minimal Bolt app and < 50 ms with no request failing; during a burst, p99 < 50 ms and ≤ 1.5× the same ack idle; signup → alert p99 < 250 ms; burst drain ≤ 1.2× the
floor with 429s ≤ 1 % of calls, none lost or duplicated; sweep at 100k < 50 ms by index; RSS < 150 MB; start < 1.5 s.

${analysis.trim()}
`;
}
