import type { Db } from '../../db/open-database.js';
import type { TrialCardView } from '../../messages/slack/trial-card.js';
import { auditOf, withMentions } from '../audit-log.js';
import { getTrial } from '../trial-store.js';
import { reportedGrade } from '../trial-usage.js';

export function trialIssues(db: Db, trialId: string) {
  return db.prepare('SELECT kind, number, url, state, title FROM trial_issues WHERE trial_id = ? ORDER BY number').all(trialId) as Array<{
    kind: string;
    number: number;
    url: string;
    state: string;
    title: string;
  }>;
}

/** Everything the trial card shows, read from the database as it is now. */
export function trialCardView(db: Db, trialId: string, zone: string): TrialCardView | undefined {
  const t = getTrial(db, trialId);
  if (!t) return undefined;
  return {
    trialId: t.id,
    firstRealUseAt: t.first_real_use_at ?? null,
    pqlAt: t.pql_at ?? null,
    welcomedAt: t.welcomed_at ?? null,
    welcomedBy: t.welcomed_by ?? null,
    zone,
    caseCode: t.case_code,
    status: t.status,
    company: t.company,
    domain: t.domain,
    prospectName: t.prospect_name,
    prospectEmail: t.prospect_email,
    instanceUrl: t.instance_url,
    aeId: t.ae_id,
    ceId: t.ce_id,
    sdrId: t.sdr_id,
    decidedBy: t.decision === 'qualified' ? t.decided_by : null,
    namedSdrId: t.named_sdr_id,
    createdAt: t.created_at,
    startedAt: t.started_at,
    endsOn: t.ends_at,
    grade: reportedGrade(db, t.instance_url, zone),
    issues: trialIssues(db, t.id),
    recent: withMentions(db, auditOf(db, t.id, 5), zone),
    opportunity: t.opportunity_by && t.opportunity_at ? { by: t.opportunity_by, at: t.opportunity_at } : null,
  };
}
