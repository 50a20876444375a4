import type { Pacing } from '../../src/outbox/rate-pacing.js';
import { slackPacing } from '../../src/outbox/rate-pacing.js';
import type { SlackRateLimit } from '../../src/fakes/slack-api.js';
import { team } from '../support/seed.js';
import { REPO, type TestBot } from '../support/test-bot.js';
import { applyLimits, scaledLimits } from './harness.js';
import { buttonClick, send, signupRequest } from './requests.js';
import { sleep, waitUntil } from './stats.js';
import { alertSignupId } from './signup-alert.js';
import { ActionId } from '../../src/messages/slack/ids.js';

/** Slack's pacing the worker keeps to, `scale` times faster like the fake's limits. */
export function scaledPacing(scale: number): Pacing {
  return Object.fromEntries(Object.entries(slackPacing).map(([m, r]) => [m, { ...r, ratePerSecond: r.ratePerSecond * scale }]));
}

export interface DrainResult {
  drainMs: number;
  floorMs: number;
  calls: number;
  rateLimited: number;
  /** Given up for good (failed) or never recorded. */
  lost: number;
  /** Still waiting when the measurement timed out (a 429 storm can outlast it). */
  unfinished: number;
  duplicated: number;
  /** The limit that sets the floor. */
  bottleneck: string;
}

export interface BurstResult {
  alerts: DrainResult & { signups: number };
  qualifies: DrainResult & { trials: number; channels: number };
  github: { issues: number; drainMs: number; floorMs: number; readyMaxMs: number };
  timedOut: boolean;
}

/**
 * The least time the fake's limits allow for the calls that succeeded in a window:
 * for each bucket (method, or method and channel), (calls − burst) ÷ rate; the slowest wins.
 */
export function floorOf(
  calls: Array<{ method: string; args: Record<string, unknown>; response: unknown }>,
  limits: Record<string, SlackRateLimit>,
): { floorMs: number; bottleneck: string } {
  const counts = new Map<string, { n: number; limit: SlackRateLimit }>();
  for (const c of calls) {
    const limit = limits[c.method];
    if (!limit || (c.response as { status?: number }).status === 429) continue;
    const key = limit.perChannel ? `${c.method} in ${String(c.args.channel)}` : c.method;
    const entry = counts.get(key) ?? { n: 0, limit };
    entry.n++;
    counts.set(key, entry);
  }
  let floorMs = 0;
  let bottleneck = 'none';
  for (const [key, { n, limit }] of counts) {
    const ms = (Math.max(0, n - limit.burst) / limit.ratePerSecond) * 1000;
    if (ms > floorMs) {
      floorMs = ms;
      bottleneck = `${key}: ${n} calls`;
    }
  }
  return { floorMs, bottleneck };
}

const GITHUB_CREATE_SPACING_MS = 3000;

/** Lost: effects given up for good, or expected ones never recorded; unfinished: still open. */
function outcome(rows: Array<{ status: string }>, expected: number): { lost: number; unfinished: number } {
  return {
    lost: rows.filter((r) => r.status === 'failed').length + Math.max(0, expected - rows.length),
    unfinished: rows.filter((r) => r.status === 'pending' || r.status === 'running').length,
  };
}

/**
 * 300 signups at once (one alert each in #cloud-trial-alerts), then 60 qualify clicks at
 * once (a channel, invites, a card and alert updates each; the first `githubIssues` of
 * them also an instance-request issue through the paced GitHub client, the others wait
 * at MAX_ACTIVE_INSTANCES), against the fake's Slack-shaped limits × `scale`.
 */
export async function measureBurst(
  t: TestBot,
  opts: { signups: number; qualifies: number; githubIssues: number; scale: number; timeoutMs: number },
): Promise<BurstResult> {
  const limits = scaledLimits(opts.scale);
  applyLimits(t.slack, limits);
  const alerts = t.alertsChannel;
  let timedOut = false;

  // ---- alerts
  const ids = Array.from({ length: opts.signups }, (_, i) => `burst-${String(i).padStart(4, '0')}`);
  const callsBefore = t.slack.calls.length;
  const statsBefore = t.slack.stats();
  const alertTimes: number[] = [];
  const seen = () => t.slack.messagesIn(alerts).filter((m) => ids.includes(alertSignupId(m) ?? ''));
  const onChange = (c: { kind: string; channel?: string }) => {
    if (c.kind === 'message' && c.channel === alerts) alertTimes.push(performance.now());
  };
  t.slack.on('change', onChange);
  const t0 = performance.now();
  const statuses = await Promise.all(ids.map((id) => send(t.bot.url, signupRequest(id))));
  if (statuses.some((s) => s !== 200)) throw new Error('a burst signup was refused');
  if (!(await waitUntil(() => alertTimes.length >= opts.signups, opts.timeoutMs, 20))) timedOut = true;
  await t.settle();
  t.slack.off('change', onChange);
  const alertCalls = t.slack.calls.slice(callsBefore);
  const perSignup = new Map<string, number>();
  for (const m of seen()) perSignup.set(alertSignupId(m)!, (perSignup.get(alertSignupId(m)!) ?? 0) + 1);
  const alertFloor = floorOf(alertCalls, limits);
  const statsA = t.slack.stats();
  const alertResult = {
    signups: opts.signups,
    drainMs: (alertTimes[opts.signups - 1] ?? performance.now()) - t0,
    ...alertFloor,
    calls: statsA.calls - statsBefore.calls,
    rateLimited: statsA.rateLimited - statsBefore.rateLimited,
    ...outcome(
      t.db
        .prepare(`SELECT status FROM outbox WHERE kind = 'alert.post' AND key IN (${ids.map(() => '?').join(',')})`)
        .all(...ids.map((id) => `alert:${id}`)) as Array<{ status: string }>,
      ids.length,
    ),
    duplicated: [...perSignup.values()].filter((n) => n > 1).length,
  };
  if (alertResult.lost === 0 && alertResult.unfinished === 0 && ids.some((id) => !perSignup.has(id)))
    alertResult.lost = ids.filter((id) => !perSignup.has(id)).length;

  // ---- qualifies
  const trials = t.db
    .prepare(`SELECT t.id, t.alert_channel, t.alert_ts FROM trials t JOIN signups s ON s.trial_id = t.id WHERE s.id LIKE 'burst-%' ORDER BY s.id LIMIT ?`)
    .all(opts.qualifies) as Array<{ id: string; alert_channel: string; alert_ts: string }>;
  const callsBeforeB = t.slack.calls.length;
  const statsBeforeB = t.slack.stats();
  const issuesBefore = t.github.issues(REPO).length;
  const startedAt = Date.now();
  const t1 = performance.now();
  // Two SDRs share the clicks, as they would.
  const clicks = await Promise.all(
    trials.map((tr, i) => send(t.bot.url, buttonClick(i % 2 ? team.sdr2.id : team.sdr.id, ActionId.Qualify, tr.id, tr.alert_channel, tr.alert_ts))),
  );
  if (clicks.some((s) => s !== 200)) throw new Error('a qualify click was refused');
  const trialIds = trials.map((tr) => tr.id);
  const placeholders = trialIds.map(() => '?').join(',');
  const openRows = () =>
    t.db.prepare(`SELECT trial_id, kind, status, updated_at FROM outbox WHERE trial_id IN (${placeholders})`).all(...trialIds) as Array<{
      trial_id: string;
      kind: string;
      status: string;
      updated_at: string;
    }>;
  const withIssue = () =>
    new Set(
      openRows()
        .filter((r) => r.kind === 'github.issue')
        .map((r) => r.trial_id),
    );
  // Slack-only trials (no issue, so nothing GitHub-paced shares their lane) show what Slack's limits cost.
  let slackDoneAt: number | undefined;
  let issuesDoneAt: number | undefined;
  const deadline = performance.now() + opts.timeoutMs;
  while (performance.now() < deadline) {
    const rows = openRows();
    const gh = withIssue();
    const slackRows = rows.filter((r) => !gh.has(r.trial_id));
    if (slackDoneAt === undefined && slackRows.length > 0 && slackRows.every((r) => r.status === 'done' || r.status === 'failed'))
      slackDoneAt = performance.now();
    if (issuesDoneAt === undefined && t.github.issues(REPO).length - issuesBefore >= Math.min(opts.githubIssues, gh.size) && gh.size > 0)
      issuesDoneAt = performance.now();
    if (slackDoneAt !== undefined && rows.every((r) => r.status === 'done' || r.status === 'failed')) break;
    await sleep(20);
  }
  if (slackDoneAt === undefined) timedOut = true;
  await Promise.race([t.settle(), sleep(Math.max(0, deadline - performance.now()))]);
  const rows = openRows();
  const gh = withIssue();
  const ghDone = rows.filter((r) => gh.has(r.trial_id)).map((r) => Date.parse(r.updated_at) - startedAt);
  const qualifyCalls = t.slack.calls.slice(callsBeforeB).filter((c) => c.at.getTime() - startedAt <= (slackDoneAt ?? performance.now()) - t1 + 50);
  const statsB = t.slack.stats();
  const created = t.slack.calls.slice(callsBeforeB).filter((c) => c.method === 'conversations.create' && (c.response as { ok?: boolean }).ok);
  const spaces = t.db.prepare(`SELECT id, space_channel_id FROM trials WHERE id IN (${placeholders})`).all(...trialIds) as Array<{
    id: string;
    space_channel_id: string | null;
  }>;
  const cardsPer = spaces.map((s) =>
    s.space_channel_id
      ? t.slack.messagesIn(s.space_channel_id).filter((m) => (m.metadata?.event_payload as { effect?: string })?.effect === `card:${s.id}`).length
      : 0,
  );
  const issueMarkers = t.github
    .issues(REPO)
    .slice(issuesBefore)
    .map((i) => /instance-request:[\w-]+/.exec(i.body ?? '')?.[0] ?? i.title);
  return {
    alerts: alertResult,
    qualifies: {
      trials: trials.length,
      channels: created.length,
      drainMs: (slackDoneAt ?? performance.now()) - t1,
      ...floorOf(qualifyCalls, limits),
      calls: statsB.calls - statsBeforeB.calls,
      rateLimited: statsB.rateLimited - statsBeforeB.rateLimited,
      ...outcome(
        rows.filter((r) => ['trial.space', 'trial.invite', 'trial.card', 'alert.refresh'].includes(r.kind)),
        0,
      ),
      duplicated: Math.max(0, created.length - trials.length) + cardsPer.filter((n) => n > 1).length + (issueMarkers.length - new Set(issueMarkers).size),
    },
    github: {
      issues: t.github.issues(REPO).length - issuesBefore,
      drainMs: (issuesDoneAt ?? performance.now()) - t1,
      floorMs: Math.max(0, gh.size - 1) * GITHUB_CREATE_SPACING_MS,
      readyMaxMs: ghDone.length ? Math.max(...ghDone) : NaN,
    },
    timedOut,
  };
}
