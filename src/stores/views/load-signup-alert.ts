import { localDate } from '../../core/deadlines.js';
import { isOutOfOffice } from '../../core/round-robin.js';
import { outOfOffice } from '../assignment-store.js';
import { reopenUntil } from '../../core/triage.js';
import type { Db } from '../../db/open-database.js';
import { peopleWithRole } from '../people-store.js';
import { inboundSdrLimit, type SignupAlertView } from '../../messages/slack/signup-alert.js';
import type { TrialRow } from '../../core/trial.js';
import { earlierEndedTrials, getTrial } from '../trial-store.js';

interface SignupRow {
  id: string;
  trial_id: string;
  email: string;
  name: string | null;
  company: string | null;
  domain: string;
  case_code: TrialRow['case_code'];
  signed_up_at: string;
  alert_channel: string | null;
  alert_ts: string | null;
}

export function getSignup(db: Db, id: string): SignupRow | undefined {
  return db.prepare('SELECT * FROM signups WHERE id = ?').get(id) as SignupRow | undefined;
}

/** The signup that opened a trial: its alert is the trial's alert. */
export function firstSignupOf(db: Db, trialId: string): SignupRow | undefined {
  return db.prepare('SELECT * FROM signups WHERE trial_id = ? ORDER BY received_at, rowid LIMIT 1').get(trialId) as SignupRow | undefined;
}

/** Everything the alert of one signup shows, read from the database as it is now. */
export function signupAlertView(
  db: Db,
  signupId: string,
  now: Date = new Date(0),
  zone = 'UTC',
  triage: { slaMinutes?: number; sdrUsergroup?: string } = {},
): SignupAlertView | undefined {
  const signup = getSignup(db, signupId);
  if (!signup) return undefined;
  const trial = getTrial(db, signup.trial_id);
  if (!trial) return undefined;
  const account = trial.account_domain
    ? (db.prepare('SELECT account_name FROM accounts WHERE domain = ?').get(trial.account_domain) as { account_name: string } | undefined)
    : undefined;
  const isTrialAlert = trial.alert_ts === null || trial.alert_ts === signup.alert_ts;
  // Case 1 signups always join the instance's trial; for the others a later signup joined an open one.
  const joined = signup.case_code !== '1' && firstSignupOf(db, trial.id)?.id !== signup.id;
  // Eligible ones first: they are the ones working the inbound queue.
  const today = localDate(now, zone);
  const away = outOfOffice(db);
  // Case 3 is theirs to triage: those on duty today are mentioned (seed 001: first touch within 5 minutes).
  const triaging = signup.case_code === '3' && !joined && !trial.decision;
  const inbound =
    signup.case_code === '2.1' || triaging
      ? peopleWithRole(db, 'inbound_sdr')
          .filter((p) => !triaging || !isOutOfOffice(p.email, today, away))
          .sort((a, b) => b.eligible - a.eligible)
      : [];
  return {
    trialId: trial.id,
    caseCode: signup.case_code,
    name: signup.name,
    email: signup.email,
    company: signup.company,
    domain: signup.domain,
    personalEmail: trial.personal_email === 1,
    instanceUrl: trial.instance_url,
    accountName: account?.account_name ?? null,
    namedSdrId: trial.named_sdr_id,
    aeId: trial.ae_id,
    ceId: trial.ce_id,
    poolEmpty: (signup.case_code === '2.1' || signup.case_code === '2.2') && !trial.instance_url,
    signedUpAt: signup.signed_up_at,
    decision:
      isTrialAlert && trial.decision && trial.decided_by && trial.decided_at
        ? { kind: trial.decision, by: trial.decided_by, at: trial.decided_at, reason: trial.disqualify_reason }
        : null,
    // A disqualification may be reopened for 24 hours: the button shows only while it can be.
    reopenableUntil:
      isTrialAlert && trial.decision === 'disqualified' && trial.decided_at && now < reopenUntil(trial.decided_at)
        ? reopenUntil(trial.decided_at).toISOString()
        : null,
    opportunity: trial.opportunity_by && trial.opportunity_at ? { by: trial.opportunity_by, at: trial.opportunity_at } : null,
    spaceChannelId: trial.space_channel_id,
    queued: trial.status === 'queued',
    // The trial's SDR when not simply the one who decided: the rules of engagement chose them.
    leadSdrId: trial.sdr_id && trial.sdr_id !== trial.decided_by ? trial.sdr_id : null,
    inboundSdrIds: inbound.slice(0, inboundSdrLimit).map((p) => p.slack_user_id),
    inboundSdrMore: Math.max(0, inbound.length - inboundSdrLimit),
    joinedTrial: joined ? { status: trial.status } : null,
    // Case 1 with no AE: the admins are asked to give the company one.
    adminIds: signup.case_code === '1' && !trial.ae_id ? peopleWithRole(db, 'admin').map((p) => p.slack_user_id) : [],
    now: now.toISOString(),
    zone,
    // Seed 001: the history of an account matters. A company back after a no: when, why, by whom.
    earlierTrials: joined ? [] : earlierEndedTrials(db, trial.domain, trial.id),
    ...triage,
  };
}
