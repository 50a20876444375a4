import type { Db } from '../../db/open-database.js';
import { daysBetween } from '../../core/day-count.js';
import { localDate } from '../../core/deadlines.js';
import type { TrialStatusView } from '../../messages/slack/trial-status.js';
import { auditOf, withMentions } from '../audit-log.js';
import { trialIssues } from './load-trial-card.js';
import { endedStatuses, type TrialRow } from '../../core/trial.js';
import { reportedGrade } from '../trial-usage.js';

/** What `/trial status` shows, read from the database and counted in the trial's zone at `now`. */
export function trialStatusView(db: Db, trial: TrialRow, zone: string, now: Date): TrialStatusView {
  const today = localDate(now, zone);
  const startedOn = trial.started_at ? localDate(new Date(trial.started_at), zone) : null;
  const ended = endedStatuses.includes(trial.status);
  return {
    trialId: trial.id,
    caseCode: trial.case_code,
    status: trial.status,
    company: trial.company,
    domain: trial.domain,
    prospectName: trial.prospect_name,
    prospectEmail: trial.prospect_email,
    instanceUrl: trial.instance_url,
    spaceChannelId: trial.space_channel_id,
    aeId: trial.ae_id,
    ceId: trial.ce_id,
    sdrId: trial.sdr_id,
    namedSdrId: trial.named_sdr_id,
    startedOn,
    endsOn: trial.ends_at,
    endedOn: trial.ended_at ? localDate(new Date(trial.ended_at), zone) : null,
    endReason: trial.end_reason,
    today,
    dayOfTrial: startedOn && !ended ? daysBetween(startedOn, today) : null,
    daysLeft: trial.ends_at && !ended ? daysBetween(today, trial.ends_at) : null,
    grade: reportedGrade(db, trial.instance_url, zone),
    openIssues: trialIssues(db, trial.id).filter((i) => i.state === 'open'),
    recent: withMentions(db, auditOf(db, trial.id, 5), zone),
    welcomedAt: trial.welcomed_at ?? null,
    welcomedBy: trial.welcomed_by ?? null,
    zone,
  };
}

/** The open trials `user` owns as AE or CE, or works as their SDR (leads in triage included), soonest end first (no end date last). */
export function trialsOwnedBy(db: Db, user: string): TrialRow[] {
  return db
    .prepare(
      `SELECT * FROM trials
        WHERE (ae_id = @user OR ce_id = @user OR sdr_id = @user OR named_sdr_id = @user)
          AND status NOT IN ('disqualified','terminated','converted')
        ORDER BY ends_at IS NULL, ends_at, created_at, id`,
    )
    .all({ user }) as TrialRow[];
}
