import type { Db } from '../../db/open-database.js';
import { daysBetween } from '../../core/day-count.js';
import { localDate } from '../../core/deadlines.js';
import type { AppHomeView, HomeLead, HomeTrial } from '../../messages/slack/app-home-view.js';
import { recentFunnelRows } from '../funnel-store.js';
import { trialGrade } from '../trial-usage.js';

/** The admin's team list and each person's list stop here; the Home tab shows a count of the rest. */
const LISTED = 200;
const FUNNEL_WEEKS = 4;

interface TrialLineRow {
  id: string;
  company: string | null;
  domain: string;
  caseCode: string;
  status: string;
  startedAt: string | null;
  endsOn: string | null;
  instanceUrl: string | null;
  spaceChannelId: string | null;
  aeId: string | null;
  ceId: string | null;
  sdrId: string | null;
  openIssues: number;
  nextDecision: string | null;
}

// Soonest decision first: the open milestone due soonest, else the trial's end; trials with neither last.
const TRIAL_LINES = `
  SELECT t.id, t.company, t.domain, t.case_code AS caseCode, t.status, t.started_at AS startedAt, t.ends_at AS endsOn,
         t.instance_url AS instanceUrl, t.space_channel_id AS spaceChannelId, t.ae_id AS aeId, t.ce_id AS ceId, t.sdr_id AS sdrId,
         (SELECT count(*) FROM trial_issues i WHERE i.trial_id = t.id AND i.state = 'open') AS openIssues,
         (SELECT min(m.due_on) FROM milestones m WHERE m.trial_id = t.id AND m.answered_at IS NULL AND m.cancelled_at IS NULL) AS nextDecision
    FROM trials t
   WHERE t.status NOT IN ('triage', 'disqualified', 'terminated', 'converted') AND (%WHO%)
   ORDER BY coalesce(nextDecision, t.ends_at) IS NULL, coalesce(nextDecision, t.ends_at), t.created_at, t.id
   LIMIT ${LISTED}`;

function trialLines(db: Db, user: string | null, zone: string, now: Date): { lines: HomeTrial[]; total: number } {
  const who = user === null ? '1 = 1' : 't.ae_id = @user OR t.ce_id = @user OR t.sdr_id = @user OR t.named_sdr_id = @user';
  const rows = db.prepare(TRIAL_LINES.replace('%WHO%', who)).all(user === null ? {} : { user }) as TrialLineRow[];
  const total = db
    .prepare(`SELECT count(*) FROM trials t WHERE t.status NOT IN ('triage', 'disqualified', 'terminated', 'converted') AND (${who})`)
    .pluck()
    .get(user === null ? {} : { user }) as number;
  const today = localDate(now, zone);
  const lines = rows.map((r) => {
    const startedOn = r.startedAt ? localDate(new Date(r.startedAt), zone) : null;
    return {
      id: r.id,
      company: r.company,
      domain: r.domain,
      caseCode: r.caseCode,
      status: r.status,
      day: startedOn ? daysBetween(startedOn, today) : null,
      length: startedOn && r.endsOn ? daysBetween(startedOn, r.endsOn) : null,
      endsOn: r.endsOn,
      nextDecisionOn: r.nextDecision,
      grade: r.instanceUrl && r.startedAt ? trialGrade(db, r.instanceUrl).grade : null,
      openIssues: r.openIssues,
      spaceChannelId: r.spaceChannelId,
      aeId: r.aeId,
      ceId: r.ceId,
      role: user === null ? null : r.ceId === user ? ('CE' as const) : r.aeId === user ? ('AE' as const) : ('SDR' as const),
    };
  });
  return { lines, total };
}

function leadsWaiting(db: Db): { leads: HomeLead[]; total: number } {
  const leads = db
    .prepare(
      `SELECT id, company, domain, prospect_email AS email, created_at AS createdAt FROM trials
        WHERE status = 'triage' AND case_code = '3' ORDER BY created_at, id LIMIT ${LISTED}`,
    )
    .all() as HomeLead[];
  const total = db.prepare(`SELECT count(*) FROM trials WHERE status = 'triage' AND case_code = '3'`).pluck().get() as number;
  return { leads, total };
}

/** A person's Home tab: what their roles give them to act on, read as the database is at `now`. */
export function appHomeView(db: Db, user: string, zone: string, now: Date): AppHomeView {
  const roles = (db.prepare('SELECT role FROM people WHERE slack_user_id = ? ORDER BY role').all(user) as Array<{ role: string }>).map((r) => r.role);
  const admin = roles.includes('admin');
  const mine = trialLines(db, user, zone, now);
  const triage = roles.includes('inbound_sdr') || admin ? leadsWaiting(db) : null;
  const team = admin ? trialLines(db, null, zone, now) : null;
  return {
    user,
    roles,
    now: now.toISOString(),
    zone,
    mine: mine.lines,
    mineTotal: mine.total,
    leads: triage?.leads ?? null,
    leadsTotal: triage?.total ?? 0,
    team: team?.lines ?? null,
    teamTotal: team?.total ?? 0,
    funnel: admin ? recentFunnelRows(db, FUNNEL_WEEKS, zone, now).filter((r) => r.caseCode === 'all') : null,
  };
}
