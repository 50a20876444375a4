// The SQL behind the manager's view: the funnel's facts per trial, the first use and PQL moments
// of their instances, the decisions left unanswered and the instances slow to come. No second
// store: everything is read from trials, audit, activity_events and milestones as they are.
import { startOfLocalDay, type MilestoneKind } from '../core/deadlines.js';
import { localDates, shiftDate } from '../core/funnel-weeks.js';
import type { CaseCode, TrialFacts } from '../core/funnel.js';
import type { Db } from '../db/open-database.js';

interface TrialFactsRow extends Omit<TrialFacts, 'extended' | 'firstRealUseAt' | 'pqlAt'> {
  id: string;
  instanceUrl: string | null;
  extended: 0 | 1;
}

/** Trials signed up in [from, to) (index trials_by_created_at); an extension is an audit line. */
export const FUNNEL_TRIALS_SQL = `
  SELECT t.id, t.case_code AS caseCode, t.created_at AS createdAt, t.decision, t.decided_at AS decidedAt,
         t.disqualify_reason AS disqualifyReason, t.started_at AS startedAt, t.status, t.instance_url AS instanceUrl,
         EXISTS (SELECT 1 FROM audit a WHERE a.trial_id = t.id AND a.action = 'extended') AS extended
    FROM trials t
   WHERE t.created_at >= @from AND t.created_at < @to`;

/** The facts of every trial that signed up in [from, to), for `funnelRows`. */
export function funnelFacts(db: Db, from: Date, to: Date, zone: string): TrialFacts[] {
  const rows = db.prepare<{ from: string; to: string }, TrialFactsRow>(FUNNEL_TRIALS_SQL).all({ from: from.toISOString(), to: to.toISOString() });
  const usage = usageMilestones(db, rows, zone);
  return rows.map(({ id, instanceUrl: _url, extended, ...facts }) => ({
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

/** Per instance: its first event, and the first of each kind that counts (index activity_by_instance_event). */
export const FIRST_EVENTS_SQL = `
  SELECT j.value AS url,
         (SELECT min(e.at) FROM activity_events e WHERE e.instance_url = j.value) AS firstAny,
         (SELECT min(e.at) FROM activity_events e WHERE e.instance_url = j.value AND e.event = 'search') AS firstSearch,
         (SELECT min(e.at) FROM activity_events e WHERE e.instance_url = j.value AND e.event = 'code_host_added') AS firstCodeHost,
         (SELECT min(e.at) FROM activity_events e WHERE e.instance_url = j.value AND e.event = 'repo_added') AS firstRepo
    FROM json_each(?) j`;

/** Per instance: its first event on or after a given instant (the start of its second active day). */
export const FIRST_EVENT_FROM_SQL = `
  SELECT json_extract(j.value, '$[0]') AS url,
         (SELECT min(e.at) FROM activity_events e
           WHERE e.instance_url = json_extract(j.value, '$[0]') AND e.at >= json_extract(j.value, '$[1]')) AS at
    FROM json_each(?) j`;

const latest = (...isos: Array<string | null>): string | null => (isos.some((x) => x === null) ? null : ([...isos].sort().at(-1) ?? null));
const earliest = (...isos: Array<string | null>): string | null => isos.filter((x): x is string => x !== null).sort()[0] ?? null;

/**
 * When each trial's instance was first really used and first reached PQL grade A/B, worked
 * out from its activity events (the grade's rules are `core/activity-grade.ts`'s: B needs a
 * search, a repository and two active local days; A needs more of each, so it is never
 * reached before B). The one place that reads activity for the funnel: once trials carry
 * `first_real_use_at` and `pql_at` (set as the events arrive), this becomes a read of those.
 */
export function usageMilestones(db: Db, trials: ReadonlyArray<{ id: string; instanceUrl: string | null }>, zone: string): Map<string, UsageMilestones> {
  const urls = [...new Set(trials.map((t) => t.instanceUrl).filter((u): u is string => u !== null))];
  const byUrl = new Map<string, UsageMilestones>();
  if (urls.length === 0) return new Map();
  const firsts = db.prepare<
    [string],
    { url: string; firstAny: string | null; firstSearch: string | null; firstCodeHost: string | null; firstRepo: string | null }
  >(FIRST_EVENTS_SQL);
  const seen = firsts.all(JSON.stringify(urls)).filter((f) => f.firstAny !== null);
  // A second active day starts at the first event after the local day of the first one ended.
  const nextDay = new Map<string, string>();
  const dayAfter = new Map<string, string>();
  const localDate = localDates(zone);
  for (const f of seen) {
    if (!f.firstSearch || !f.firstRepo) continue;
    const firstOn = localDate(f.firstAny!);
    let next = dayAfter.get(firstOn);
    if (next === undefined) dayAfter.set(firstOn, (next = startOfLocalDay(shiftDate(firstOn, 1), zone).toISOString()));
    nextDay.set(f.url, next);
  }
  const secondDays = new Map<string, string | null>();
  if (nextDay.size > 0) {
    const rows = db.prepare<[string], { url: string; at: string | null }>(FIRST_EVENT_FROM_SQL).all(JSON.stringify([...nextDay]));
    for (const r of rows) secondDays.set(r.url, r.at);
  }
  for (const f of seen) {
    byUrl.set(f.url, {
      firstRealUseAt: earliest(f.firstSearch, latest(f.firstCodeHost, f.firstRepo)),
      pqlAt: nextDay.has(f.url) ? latest(f.firstSearch, f.firstRepo, secondDays.get(f.url) ?? null) : null,
    });
  }
  const out = new Map<string, UsageMilestones>();
  for (const t of trials) {
    const m = t.instanceUrl ? byUrl.get(t.instanceUrl) : undefined;
    if (m) out.set(t.id, m);
  }
  return out;
}

export interface OverdueDecision {
  trialId: string;
  company: string | null;
  domain: string;
  kind: MilestoneKind;
  /** The local date the decision was due. */
  dueOn: string;
  escalated: boolean;
  ceId: string | null;
  aeId: string | null;
  spaceChannelId: string | null;
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

export interface StalledProvisioning {
  trialId: string;
  company: string | null;
  domain: string;
  /** When the instance was asked for: the qualifying decision, the signup (pre-qualified) or leaving the capacity queue. */
  since: string;
  ceId: string | null;
  spaceChannelId: string | null;
  issueUrl: string | null;
  issueNumber: number | null;
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
