// The SQL behind the manager's view: the funnel's facts per trial, the first use and PQL moments
// of their instances, the decisions left unanswered and the instances slow to come. No second
// store: everything is read from trials, audit, milestones and the activity counters as they are.
import { startOfLocalDay } from '../core/deadlines.js';
import type { OverdueDecision, StalledProvisioning } from '../core/weekly-digest.js';
import { funnelRows, type CaseCode, type FunnelRow, type TrialFacts } from '../core/funnel.js';
import { weekOf, weekRange, weeksEndingWith } from '../core/funnel-weeks.js';
import type { Db } from '../db/open-database.js';
import { activityMoments } from './activity-store.js';

interface TrialFactsRow extends Omit<TrialFacts, 'extended' | 'firstRealUseAt' | 'pqlAt'> {
  id: string;
  instanceUrl: string | null;
  usedAt: string | null;
  pqlReachedAt: string | null;
  extended: 0 | 1;
}

/** Trials signed up in [from, to) (index trials_by_created_at); an extension is an audit line. */
export const FUNNEL_TRIALS_SQL = `
  SELECT t.id, t.case_code AS caseCode, t.created_at AS createdAt, t.decision, t.decided_at AS decidedAt,
         t.disqualify_reason AS disqualifyReason, t.started_at AS startedAt, t.status, t.instance_url AS instanceUrl,
         t.first_real_use_at AS usedAt, t.pql_at AS pqlReachedAt,
         EXISTS (SELECT 1 FROM audit a WHERE a.trial_id = t.id AND a.action = 'extended') AS extended
    FROM trials t
   WHERE t.created_at >= @from AND t.created_at < @to`;

/** The facts of every trial that signed up in [from, to), for `funnelRows`. */
export function funnelFacts(db: Db, from: Date, to: Date, zone: string): TrialFacts[] {
  const rows = db.prepare<{ from: string; to: string }, TrialFactsRow>(FUNNEL_TRIALS_SQL).all({ from: from.toISOString(), to: to.toISOString() });
  const usage = usageMilestones(
    db,
    rows.map((r) => ({ id: r.id, instanceUrl: r.instanceUrl, firstRealUseAt: r.usedAt, pqlAt: r.pqlReachedAt })),
    zone,
  );
  return rows.map(({ id, instanceUrl: _url, usedAt: _used, pqlReachedAt: _pql, extended, ...facts }) => ({
    ...facts,
    caseCode: facts.caseCode as CaseCode,
    extended: extended === 1,
    firstRealUseAt: usage.get(id)?.firstRealUseAt ?? null,
    pqlAt: usage.get(id)?.pqlAt ?? null,
  }));
}

export interface UsageMilestones {
  /** First real use: the first search, or the moment a code host and a repository had both been added. */
  firstRealUseAt: string | null;
  /** When the usage first met PQL grade B (grade A includes B): a search, a repository, and a second active day. */
  pqlAt: string | null;
}

/**
 * When each trial's instance was first really used and first reached PQL grade A/B: the trial's
 * own columns (`first_real_use_at`, `pql_at`, kept in step as events arrive, migration 010), or,
 * for a trial linked to its instance after the events came, the instance's counters. The grade's
 * rules are `core/activity-grade.ts`'s: B needs a search, a repository and two active local days;
 * A needs more of each, so it is never reached before B.
 */
export function usageMilestones(
  db: Db,
  trials: ReadonlyArray<{ id: string; instanceUrl: string | null; firstRealUseAt?: string | null; pqlAt?: string | null }>,
  _zone?: string,
): Map<string, UsageMilestones> {
  const out = new Map<string, UsageMilestones>();
  const missing: string[] = [];
  for (const t of trials) {
    if (t.firstRealUseAt || t.pqlAt) out.set(t.id, { firstRealUseAt: t.firstRealUseAt ?? null, pqlAt: t.pqlAt ?? null });
    else if (t.instanceUrl) missing.push(t.instanceUrl);
  }
  const byUrl = activityMoments(db, [...new Set(missing)]);
  for (const t of trials) {
    if (out.has(t.id) || !t.instanceUrl) continue;
    const m = byUrl.get(t.instanceUrl);
    if (m) out.set(t.id, m);
  }
  return out;
}

/**
 * Prompts still unanswered whose due date is before `today` (index milestones_unanswered).
 * CROSS JOIN keeps the planner from starting at the (many) active trials instead.
 */
export const OVERDUE_DECISIONS_SQL = `
  SELECT t.id AS trialId, t.company, t.domain, m.kind, m.due_on AS dueOn, m.escalated_at IS NOT NULL AS escalated,
         t.ce_id AS ceId, t.ae_id AS aeId, t.space_channel_id AS spaceChannelId
    FROM milestones m
    CROSS JOIN trials t ON t.id = m.trial_id
   WHERE m.prompted_at IS NOT NULL AND m.answered_at IS NULL AND m.cancelled_at IS NULL
     AND m.due_at < @before AND t.status = 'active'
   ORDER BY m.due_at, t.company, t.id`;

/** Decisions the CE (or AE) was asked for and has not answered, due before `today` (a local date). */
export function overdueDecisions(db: Db, today: string, zone: string): OverdueDecision[] {
  return db
    .prepare<{ before: string }, Omit<OverdueDecision, 'escalated'> & { escalated: 0 | 1 }>(OVERDUE_DECISIONS_SQL)
    .all({ before: startOfLocalDay(today, zone).toISOString() })
    .map((r) => ({ ...r, escalated: r.escalated === 1 }));
}

/** Trials waiting for their instance (index trials_by_status), since when, oldest first. */
export const STALLED_PROVISIONING_SQL = `
  SELECT * FROM (
    SELECT t.id AS trialId, t.company, t.domain, t.ce_id AS ceId, t.space_channel_id AS spaceChannelId,
           t.request_issue_url AS issueUrl, t.request_issue_number AS issueNumber,
           max(coalesce(t.decided_at, t.created_at),
               coalesce((SELECT max(a.at) FROM audit a WHERE a.trial_id = t.id AND a.action = 'left the capacity queue'), '')) AS since
      FROM trials t
     WHERE t.status = 'provisioning')
   WHERE since < @before
   ORDER BY since, trialId`;

/** Trials that have waited for their instance since before `before`. */
export function stalledProvisioning(db: Db, before: Date): StalledProvisioning[] {
  return db.prepare<{ before: string }, StalledProvisioning>(STALLED_PROVISIONING_SQL).all({ before: before.toISOString() });
}

/** The last `weeks` weeks' rows, this week (so far) the last of them. */
export function recentFunnelRows(db: Db, weeks: number, zone: string, now: Date): FunnelRow[] {
  const mondays = weeksEndingWith(weekOf(now, zone), weeks);
  const first = mondays[0] ?? weekOf(now, zone);
  const facts = funnelFacts(db, weekRange(first, zone).from, weekRange(mondays.at(-1) ?? first, zone).to, zone);
  return funnelRows(facts, mondays, now, zone);
}
