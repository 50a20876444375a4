import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reportRows, reportTable } from '../../src/admin/funnel-report.js';
import { weekOf } from '../../src/core/funnel-weeks.js';
import { openDatabase, type Db } from '../../src/db/open-database.js';
import { ACTIVITY_MOMENTS_SQL, backfillActivity } from '../../src/stores/activity-store.js';
import { FUNNEL_TRIALS_SQL, OVERDUE_DECISIONS_SQL, STALLED_PROVISIONING_SQL } from '../../src/stores/funnel-store.js';
import { loadWeeklyDigest } from '../../src/stores/views/weekly-digest-view.js';
import { seedTeam, team } from '../support/seed.js';
import { median } from './stats.js';
import type { Row } from './report.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A small deterministic generator, so every run seeds the same history. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const reasons = ['Student', 'Job seeker', 'Competitor', 'Too small / not a fit', 'Spam', 'Other: wants self-hosted'];

/**
 * `trials` trials signed up evenly over the `weeks` weeks before `now`, in the mix the pipeline
 * sees (Case 3 most of them, triaged in minutes, most qualified leads getting their instance within
 * two days, some extended, converted or terminated), and `events` activity events spread over the
 * instances of the trials that got one, seven in ten of them used at all. Raw inserts: it is the read that is measured.
 */
export function seedFunnel(db: Db, opts: { trials: number; events: number; now: Date; weeks?: number; seed?: number; zone?: string }): void {
  const rnd = random(opts.seed ?? 42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const span = (opts.weeks ?? 4) * 7 * DAY;
  const start = opts.now.getTime() - span;
  if (!db.prepare('SELECT 1 FROM people LIMIT 1').get()) seedTeam(db);
  const insertTrial = db.prepare(
    `INSERT INTO trials (id, case_code, status, domain, prospect_email, company, instance_url, ae_id, ce_id, sdr_id, decision, decided_by, decided_at,
                         disqualify_reason, started_at, ended_at, created_at, updated_at)
     VALUES (@id, @caseCode, @status, @domain, @email, @company, @url, @ae, @ce, @sdr, @decision, @sdr, @decidedAt, @reason, @startedAt, @endedAt, @createdAt, @createdAt)`,
  );
  const insertInstance = db.prepare(`INSERT INTO instances (url, domain, admin_email, trial_id, created_at) VALUES (?, ?, ?, ?, ?)`);
  const insertAudit = db.prepare(`INSERT INTO audit (trial_id, actor, action, at) VALUES (?, ?, ?, ?)`);
  const insertMilestone = db.prepare(`INSERT INTO milestones (trial_id, kind, due_on, due_at, prompted_at) VALUES (?, 'day15', ?, ?, ?)`);
  const insertEvent = db.prepare(`INSERT INTO activity_events (id, instance_url, event, private, at, received_at) VALUES (?, ?, ?, ?, ?, ?)`);
  const live: Array<{ url: string; from: number }> = [];
  db.transaction(() => {
    for (let i = 0; i < opts.trials; i++) {
      const created = start + (span * (i + 0.5)) / opts.trials;
      const r = rnd();
      const caseCode = r < 0.1 ? '1' : r < 0.2 ? '2.1' : r < 0.4 ? '2.2' : '3';
      const iso = (ms: number | null) => (ms === null || ms > opts.now.getTime() ? null : new Date(ms).toISOString());
      let decision: string | null = null;
      let decidedAt: number | null = null;
      let reason: string | null = null;
      let startedAt: number | null = null;
      let status = 'triage';
      if (caseCode === '1') status = 'existing';
      if (caseCode === '3' && rnd() < 0.95) {
        decidedAt = created + (1 + rnd() * (rnd() < 0.8 ? 5 : 60)) * 60_000;
        decision = rnd() < 0.6 ? 'qualified' : 'disqualified';
        if (decision === 'disqualified') [reason, status] = [pick(reasons), 'disqualified'];
        else status = 'provisioning';
      }
      if (caseCode === '2.1' || caseCode === '2.2') status = 'provisioning';
      if (status === 'provisioning' && rnd() < 0.85) {
        startedAt = caseCode === '3' ? decidedAt! + (1 + rnd() * 47) * HOUR : rnd() < 0.8 ? created : created + rnd() * 24 * HOUR;
        status = startedAt <= opts.now.getTime() ? 'active' : 'provisioning';
      }
      const id = `tr_${String(i).padStart(8, '0')}`;
      const url = status === 'active' || caseCode === '1' ? `https://i${i}.sourcegraph.test` : null;
      let endedAt: number | null = null;
      if (status === 'active') {
        const outcome = rnd();
        if (outcome < 0.08) [status, endedAt] = ['converted', startedAt! + (15 + rnd() * 15) * DAY];
        else if (outcome < 0.38) [status, endedAt] = ['terminated', startedAt! + (5 + rnd() * 20) * DAY];
        if (endedAt !== null && endedAt > opts.now.getTime()) [status, endedAt] = ['active', null];
      }
      insertTrial.run({
        id,
        caseCode,
        status,
        domain: `c${i}.example.com`,
        email: `p@c${i}.example.com`,
        company: `Company ${i}`,
        url,
        ae: team.ae1.id,
        ce: team.ce1.id,
        sdr: team.sdr.id,
        decision,
        decidedAt: iso(decidedAt),
        reason,
        startedAt: iso(startedAt),
        endedAt: iso(endedAt),
        createdAt: new Date(created).toISOString(),
      });
      if (url) {
        insertInstance.run(url, `c${i}.example.com`, `p@c${i}.example.com`, id, new Date(created).toISOString());
        // Many self-serve trials are never used at all.
        if (rnd() < 0.7) live.push({ url, from: startedAt ?? created });
      }
      if (status !== 'provisioning' && startedAt !== null && rnd() < 0.1)
        insertAudit.run(id, team.ce1.id, 'extended', new Date(startedAt + 15 * DAY).toISOString());
      if (status === 'active' && startedAt !== null && startedAt + 15 * DAY < opts.now.getTime() && rnd() < 0.2) {
        const due = new Date(startedAt + 15 * DAY);
        insertMilestone.run(id, due.toISOString().slice(0, 10), due.toISOString(), due.toISOString());
      }
    }
    const kinds = ['visit', 'visit', 'visit', 'visit', 'search', 'search', 'search', 'code_host_added', 'repo_added', 'repo_added'];
    for (let e = 0; e < opts.events && live.length > 0; e++) {
      const instance = live[Math.floor(rnd() * live.length)]!;
      const at = new Date(Math.min(opts.now.getTime() - 1000, instance.from + rnd() * 20 * DAY)).toISOString();
      insertEvent.run(`e${e}`, instance.url, pick(kinds), rnd() < 0.5 ? 1 : 0, at, at);
    }
  })();
  // The events were written raw: count them as the webhook would have (migration 010's counters).
  backfillActivity(db, opts.zone ?? 'UTC');
  db.pragma('optimize');
}

export interface FunnelReportResult {
  trials: number;
  events: number;
  /** `admin -- report` (default 4 weeks): every row computed and printed, median of the runs. */
  reportMs: number;
  /** The weekly digest's view (5 weeks, overdue decisions, stalled instances). */
  digestMs: number;
  plans: Array<{ name: string; plan: string; indexed: boolean }>;
}

/** Plans of the funnel's statements; a SCAN of trials, audit, milestones or activity_events reads all of it. */
export function funnelPlans(db: Db): FunnelReportResult['plans'] {
  const statements: Array<[string, string, unknown]> = [
    ['trials signed up in the weeks', FUNNEL_TRIALS_SQL, { from: '2026-01-01', to: '2026-02-01' }],
    ['first use and PQL of instances linked after their events', ACTIVITY_MOMENTS_SQL, '["https://x.test"]'],
    ['decisions past due', OVERDUE_DECISIONS_SQL, { before: '2026-01-01' }],
    ['instances waiting', STALLED_PROVISIONING_SQL, { before: '2026-01-01' }],
  ];
  return statements.map(([name, sql, params]) => {
    const rows = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params as never) as Array<{ detail: string }>;
    return {
      name,
      plan: rows.map((r) => r.detail).join('; '),
      indexed: !rows.some((r) => /^SCAN (trials|audit|milestones|activity_events|t|a|m|e)\b/.test(r.detail)),
    };
  });
}

/** Seeds a file database and times the report and the digest's view on it. */
export async function measureFunnelReport(trials: number, events: number, runs = 5): Promise<FunnelReportResult> {
  const dir = mkdtempSync(join(tmpdir(), 'trialbot-funnel-'));
  const now = new Date('2026-06-17T12:00:00Z');
  const zone = 'Europe/Berlin';
  try {
    const db = openDatabase(join(dir, 'funnel.db'));
    seedFunnel(db, { trials, events, now, zone });
    const timed = (fn: () => unknown) => {
      fn(); // warm the page cache and the statement cache, like a running server
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const started = performance.now();
        fn();
        times.push(performance.now() - started);
        // Let the event loop breathe between runs, as a server would.
      }
      return median(times);
    };
    const reportMs = timed(() => reportTable(reportRows(db, 4, zone, now), zone, now));
    const digestMs = timed(() => loadWeeklyDigest(db, weekOf(new Date(now.getTime() - 7 * DAY), zone), zone, now));
    const plans = funnelPlans(db);
    db.close();
    return { trials, events, reportMs, digestMs, plans };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The benchmark table's line for it. */
export function funnelReportRows(r: FunnelReportResult): Row[] {
  const indexed = r.plans.every((p) => p.indexed);
  return [
    {
      measure: `funnel, ${r.trials.toLocaleString('en')} trials in 4 weeks and ${r.events.toLocaleString('en')} activity events: \`admin -- report\` / the weekly digest's figures`,
      result: `${r.reportMs.toFixed(0)} ms / ${r.digestMs.toFixed(0)} ms; query plan: ${
        indexed
          ? 'index lookups only'
          : `full scan (${r.plans
              .filter((p) => !p.indexed)
              .map((p) => p.name)
              .join(', ')})`
      }`,
      baseline: '—',
      ratio: '—',
      target: '< 1 s, by index',
      met: indexed && r.reportMs < 1000 && r.digestMs < 1000,
    },
  ];
}
