import type { Db } from '../db/open-database.js';
import type { MilestoneKind } from '../core/deadlines.js';
import { isOutOfOffice } from '../core/round-robin.js';
import { outOfOffice } from './assignment-store.js';
import { peopleWithRole, personById } from './people-store.js';

// What the reminders job reads and marks (issue 12): each query starts from a partial index
// holding only what can still be due (migration 014), so the sweep grows with what is due.

export interface LeadInTriage {
  id: string;
  company: string | null;
  domain: string;
  createdAt: string;
  remindedAt: string | null;
  alertChannel: string | null;
}

/** Case 3 leads still undecided and not yet escalated, created at or before `createdBefore`. */
export const LEADS_IN_TRIAGE_SQL = `
  SELECT id, company, domain, created_at AS createdAt, triage_reminded_at AS remindedAt, alert_channel AS alertChannel
    FROM trials INDEXED BY trials_in_triage
   WHERE status = 'triage' AND triage_escalated_at IS NULL AND created_at <= @createdBefore AND case_code = '3'
   ORDER BY created_at`;

export function leadsInTriage(db: Db, createdBefore: Date): LeadInTriage[] {
  return db.prepare(LEADS_IN_TRIAGE_SQL).all({ createdBefore: createdBefore.toISOString() }) as LeadInTriage[];
}

export function markTriage(db: Db, trialId: string, step: 'reminded' | 'escalated', now: Date): boolean {
  const column = step === 'reminded' ? 'triage_reminded_at' : 'triage_escalated_at';
  return db.prepare(`UPDATE trials SET ${column} = ? WHERE id = ? AND ${column} IS NULL AND status = 'triage'`).run(now.toISOString(), trialId).changes === 1;
}

export interface TrialAwaitingWelcome {
  id: string;
  company: string | null;
  domain: string;
  startedAt: string;
  ceId: string | null;
  aeId: string | null;
  remindedAt: string | null;
}

/**
 * Running trials whose CE has not said the welcome (login link) went out and whose next reminder may be due
 * by `dueBy`: a trial is looked at once when it starts, then not again before its `handoff_due_at`.
 */
export const AWAITING_WELCOME_SQL = `
  SELECT id, company, domain, started_at AS startedAt, ce_id AS ceId, ae_id AS aeId, handoff_reminded_at AS remindedAt
    FROM trials INDEXED BY trials_awaiting_welcome
   WHERE status = 'active' AND welcomed_at IS NULL AND handoff_escalated_at IS NULL AND coalesce(handoff_due_at, started_at) <= @dueBy
   ORDER BY coalesce(handoff_due_at, started_at)`;

export function awaitingWelcome(db: Db, dueBy: Date): TrialAwaitingWelcome[] {
  return db.prepare(AWAITING_WELCOME_SQL).all({ dueBy: dueBy.toISOString() }) as TrialAwaitingWelcome[];
}

/** When the trial's next hand-off reminder falls due: passes before then do not look at it. */
export function setHandoffDue(db: Db, trialId: string, dueAt: Date): void {
  db.prepare('UPDATE trials SET handoff_due_at = ? WHERE id = ?').run(dueAt.toISOString(), trialId);
}

export function markHandoff(db: Db, trialId: string, step: 'reminded' | 'escalated', now: Date): boolean {
  const column = step === 'reminded' ? 'handoff_reminded_at' : 'handoff_escalated_at';
  return db.prepare(`UPDATE trials SET ${column} = ? WHERE id = ? AND ${column} IS NULL AND welcomed_at IS NULL`).run(now.toISOString(), trialId).changes === 1;
}

/** The welcome was sent: once, by whom and when. Returns the earlier record when there was one. */
export function markWelcomed(db: Db, trialId: string, by: string, now: Date): { by: string; at: string } | null {
  const earlier = db.prepare('SELECT welcomed_by AS by, welcomed_at AS at FROM trials WHERE id = ? AND welcomed_at IS NOT NULL').get(trialId) as
    { by: string; at: string } | undefined;
  if (earlier) return earlier;
  db.prepare('UPDATE trials SET welcomed_at = ?, welcomed_by = ?, updated_at = ? WHERE id = ?').run(now.toISOString(), by, now.toISOString(), trialId);
  return null;
}

export interface OpenRequest {
  id: string;
  company: string | null;
  domain: string;
  status: 'provisioning' | 'queued';
  issueNumber: number | null;
  issueUrl: string | null;
  /** When the instance request issue was opened (null while queued or not yet opened). */
  requestedAt: string | null;
}

/** Trials waiting for an instance created at or before `createdBefore`: provisioning (their request issue open) or queued. */
export const OPEN_REQUESTS_SQL = `
  SELECT t.id, t.company, t.domain, t.status, t.request_issue_number AS issueNumber, t.request_issue_url AS issueUrl,
         (SELECT i.created_at FROM trial_issues i WHERE i.number = t.request_issue_number) AS requestedAt
    FROM trials t INDEXED BY trials_provisioning
   WHERE t.status IN ('provisioning', 'queued') AND t.created_at <= @createdBefore
   ORDER BY t.created_at`;

export function openRequests(db: Db, createdBefore: Date): OpenRequest[] {
  return db.prepare(OPEN_REQUESTS_SQL).all({ createdBefore: createdBefore.toISOString() }) as OpenRequest[];
}

export interface EscalatedDecision {
  id: number;
  trialId: string;
  kind: MilestoneKind;
  dueOn: string;
  escalatedAt: string;
  reraisedOn: string | null;
  snoozedUntil: string | null;
  snoozes: number;
}

/** Decisions escalated and still unanswered, with the running trial they belong to. */
export const ESCALATED_DECISIONS_SQL = `
  SELECT m.id, m.trial_id AS trialId, m.kind, m.due_on AS dueOn, m.escalated_at AS escalatedAt,
         m.reraised_on AS reraisedOn, m.snoozed_until AS snoozedUntil, m.snoozes
    FROM milestones m INDEXED BY milestones_escalated_open
    JOIN trials t ON t.id = m.trial_id
   WHERE m.escalated_at IS NOT NULL AND m.answered_at IS NULL AND m.cancelled_at IS NULL AND m.escalated_at < @escalatedBefore
     AND (m.reraised_on IS NULL OR m.reraised_on < @today) AND t.status = 'active'
   ORDER BY m.escalated_at`;

/** Unanswered decisions escalated before `escalatedBefore` (the start of today: they are re-raised from the next day), not yet raised `today`. */
export function escalatedDecisions(db: Db, escalatedBefore: Date, today: string): EscalatedDecision[] {
  return db.prepare(ESCALATED_DECISIONS_SQL).all({ escalatedBefore: escalatedBefore.toISOString(), today }) as EscalatedDecision[];
}

export function markReraised(db: Db, milestoneId: number, on: string): boolean {
  return db.prepare('UPDATE milestones SET reraised_on = ? WHERE id = ? AND (reraised_on IS NULL OR reraised_on < ?)').run(on, milestoneId, on).changes === 1;
}

/** A snooze (at most `max`): the decision is not re-raised until `until`. False when none is left. */
export function snoozeDecision(db: Db, milestoneId: number, until: Date, max: number): boolean {
  return (
    db
      .prepare('UPDATE milestones SET snoozed_until = ?, snoozes = snoozes + 1 WHERE id = ? AND snoozes < ? AND answered_at IS NULL AND cancelled_at IS NULL')
      .run(until.toISOString(), milestoneId, max).changes === 1
  );
}

export function milestoneSnoozes(
  db: Db,
  milestoneId: number,
): { snoozes: number; snoozedUntil: string | null; trialId: string; kind: MilestoneKind } | undefined {
  return db.prepare('SELECT snoozes, snoozed_until AS snoozedUntil, trial_id AS trialId, kind FROM milestones WHERE id = ?').get(milestoneId) as
    { snoozes: number; snoozedUntil: string | null; trialId: string; kind: MilestoneKind } | undefined;
}

/** A message an effect posted (its text and where it landed), by the effect's key; undefined until it was posted. */
export function postedMessage(db: Db, key: string): { text: string; channel: string; ts: string } | undefined {
  const row = db.prepare(`SELECT payload, result FROM outbox WHERE key = ? AND status = 'done' AND result IS NOT NULL`).get(key) as
    { payload: string; result: string } | undefined;
  if (!row) return undefined;
  const posted = JSON.parse(row.result) as { channel?: string; ts?: string };
  const { text } = JSON.parse(row.payload) as { text?: string };
  return posted.channel && posted.ts ? { text: text ?? '', channel: posted.channel, ts: posted.ts } : undefined;
}

/** Of these people, those not out of office on `today` (a local date). */
export function onDuty(db: Db, ids: ReadonlyArray<string | null>, today: string): string[] {
  const away = outOfOffice(db);
  return ids.filter((id): id is string => {
    if (!id) return false;
    const person = personById(db, id);
    return !person || !isOutOfOffice(person.email, today, away);
  });
}

/** The inbound SDRs on duty today (eligible first), or everyone with the role when all are away. */
export function inboundSdrsOnDuty(db: Db, today: string): string[] {
  const all = peopleWithRole(db, 'inbound_sdr')
    .sort((a, b) => b.eligible - a.eligible)
    .map((p) => p.slack_user_id);
  return onDuty(db, all, today);
}

export function adminsOnDuty(db: Db, today: string): string[] {
  return onDuty(
    db,
    peopleWithRole(db, 'admin').map((p) => p.slack_user_id),
    today,
  );
}

/** Ended trials whose channel is not archived yet, ended at or before `endedBefore` (index trials_spaces_to_archive). */
export const SPACES_TO_ARCHIVE_SQL = `
  SELECT id, ended_at AS endedAt, space_archive_noted_at AS notedAt
    FROM trials INDEXED BY trials_spaces_to_archive
   WHERE status IN ('terminated', 'converted') AND space_channel_id IS NOT NULL AND space_archived_at IS NULL AND ended_at <= @endedBefore
   ORDER BY ended_at`;

export function spacesToArchive(db: Db, endedBefore: Date): Array<{ id: string; endedAt: string; notedAt: string | null }> {
  return db.prepare(SPACES_TO_ARCHIVE_SQL).all({ endedBefore: endedBefore.toISOString() }) as Array<{ id: string; endedAt: string; notedAt: string | null }>;
}

export function markSpace(db: Db, trialId: string, step: 'noted' | 'archived', now: Date): boolean {
  const column = step === 'noted' ? 'space_archive_noted_at' : 'space_archived_at';
  return db.prepare(`UPDATE trials SET ${column} = ? WHERE id = ? AND ${column} IS NULL`).run(now.toISOString(), trialId).changes === 1;
}
