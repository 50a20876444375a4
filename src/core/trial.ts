import type { CaseCode } from './route-signup.js';

export type TrialStatus = 'triage' | 'disqualified' | 'queued' | 'provisioning' | 'active' | 'existing' | 'terminated' | 'converted';

/** A row of `trials`, as stored. */
export interface TrialRow {
  id: string;
  case_code: CaseCode;
  status: TrialStatus;
  domain: string;
  personal_email: 0 | 1;
  account_domain: string | null;
  company: string | null;
  prospect_name: string | null;
  prospect_email: string;
  instance_url: string | null;
  ae_id: string | null;
  ce_id: string | null;
  sdr_id: string | null;
  named_sdr_id: string | null;
  alert_channel: string | null;
  alert_ts: string | null;
  space_name: string | null;
  space_channel_id: string | null;
  space_thread_ts: string | null;
  card_channel: string | null;
  card_ts: string | null;
  queued_at: string | null;
  request_issue_number: number | null;
  request_issue_url: string | null;
  decided_by: string | null;
  decided_at: string | null;
  decision: 'qualified' | 'disqualified' | null;
  disqualify_reason: string | null;
  opportunity_by: string | null;
  opportunity_at: string | null;
  started_at: string | null;
  /** Local date (YYYY-MM-DD in TIMEZONE) the trial ends: its last open milestone. */
  ends_at: string | null;
  ended_at: string | null;
  end_reason: string | null;
  /** The instance's first real use (a search, or a code host and a repository), and when it first reached PQL (grade B). */
  first_real_use_at?: string | null;
  pql_at?: string | null;
  /** The CE's welcome with the login link: when it was recorded as sent, and by whom (issue 12.3). */
  welcomed_at?: string | null;
  welcomed_by?: string | null;
  /** The trial's channel: archived after the trial ended, and the note the day before (issue 17.7). */
  space_archive_noted_at?: string | null;
  space_archived_at?: string | null;
  created_at: string;
  updated_at: string;
}

export const endedStatuses: readonly TrialStatus[] = ['disqualified', 'terminated', 'converted'];
