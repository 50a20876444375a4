import { licenseSchedule, rotationCoversPeriod, type LicenseDecision, type LicenseReminderRecord } from '../core/license-schedule.js';
import { localDate } from '../core/deadlines.js';
import { writeTransaction, type Db } from '../db/open-database.js';
import { recordEffect } from '../stores/record-effect.js';
import { hasRole, peopleWithRole } from '../stores/people-store.js';
import { licenseEscalation, licenseReminder, type LicenseReminderView } from '../messages/slack/license-reminder.js';
import { audit } from '../stores/audit-log.js';

interface ReminderRow {
  period_due_at: string;
  reminded_at: string;
  escalated_at: string | null;
}

function lastRotation(db: Db): { at: string; by: string } | null {
  const row = db.prepare('SELECT rotated_at, rotated_by FROM license_rotations ORDER BY rotated_at DESC, id DESC LIMIT 1').get() as
    { rotated_at: string; rotated_by: string } | undefined;
  return row ? { at: row.rotated_at, by: row.rotated_by } : null;
}

function recentReminders(db: Db): LicenseReminderRecord[] {
  // ISO instants from toISOString() sort as text.
  const rows = db.prepare('SELECT * FROM license_reminders ORDER BY period_due_at DESC LIMIT 5').all() as ReminderRow[];
  return rows.map((r) => ({ periodDueAt: r.period_due_at, remindedAt: r.reminded_at, escalatedAt: r.escalated_at }));
}

/** What the schedule says at `now`, from the database as it is. */
export function licenseDecision(db: Db, now: Date, periodDays: number, zone: string): LicenseDecision {
  return licenseSchedule({ lastRotationAt: lastRotation(db)?.at ?? null, reminders: recentReminders(db), now, periodDays, zone });
}

export interface LicenseRunResult {
  reminded: boolean;
  escalated: boolean;
  nextDueOn: string;
}

/**
 * One pass of the license-rotation job. The reminder row (keyed by its period)
 * and the messages are written in one transaction: a second run, at once or
 * concurrently, finds the period already reminded and sends nothing.
 */
export function runLicenseRotation(db: Db, now: Date, periodDays: number, zone: string): LicenseRunResult {
  return writeTransaction(db, () => {
    const decision = licenseDecision(db, now, periodDays, zone);
    const owners = peopleWithRole(db, 'license_owner').map((p) => p.slack_user_id);
    const last = lastRotation(db);
    let reminded = false;
    let escalated = false;

    if (decision.remind) {
      const { periodDueAt, dueOn } = decision.remind;
      const inserted = db
        .prepare('INSERT INTO license_reminders (period_due_at, reminded_at) VALUES (?, ?) ON CONFLICT(period_due_at) DO NOTHING')
        .run(periodDueAt, now.toISOString());
      if (inserted.changes === 1) {
        const view: LicenseReminderView = { periodDueAt, dueOn, periodDays, lastRotation: last, ownerIds: owners };
        const content = licenseReminder(view);
        const payload = (to: unknown) => ({ to, text: content.text, blocks: content.blocks });
        if (owners.length === 0)
          recordEffect(db, { key: `license-reminder:${periodDueAt}:alerts`, kind: 'slack.post', payload: payload({ alerts: true }) }, now);
        for (const owner of owners) {
          recordEffect(db, { key: `license-reminder:${periodDueAt}:${owner}`, kind: 'slack.post', payload: payload({ user: owner }) }, now);
        }
        audit(db, { trialId: null, actor: 'trialbot', action: 'reminded to rotate the trial license key', detail: `due ${dueOn}` }, now);
        reminded = true;
      }
    }

    if (decision.escalate) {
      const r = decision.escalate;
      const marked = db
        .prepare('UPDATE license_reminders SET escalated_at = ? WHERE period_due_at = ? AND escalated_at IS NULL')
        .run(now.toISOString(), r.periodDueAt);
      if (marked.changes === 1) {
        const dueOn = localDate(new Date(r.periodDueAt), zone);
        const content = licenseEscalation({ periodDueAt: r.periodDueAt, dueOn, periodDays, lastRotation: last, ownerIds: owners, remindedAt: r.remindedAt });
        recordEffect(
          db,
          { key: `license-escalate:${r.periodDueAt}`, kind: 'slack.post', payload: { to: { alerts: true }, text: content.text, blocks: content.blocks } },
          now,
        );
        audit(db, { trialId: null, actor: 'trialbot', action: 'escalated the unrotated trial license key', detail: `due ${dueOn}` }, now);
        escalated = true;
      }
    }
    return { reminded, escalated, nextDueOn: decision.nextDueOn };
  });
}

export type RotationOutcome =
  { recorded: true; at: string; nextDueOn: string } | { refused: 'not_allowed' } | { refused: 'bad_period' } | { refused: 'already'; by: string; at: string };

/**
 * The "Rotated" button: only a license owner or an admin records it, and once
 * per period (a rotation at or after the period's start answers it).
 */
export function recordLicenseRotation(db: Db, periodDueAt: string, who: string, now: Date, periodDays: number, zone: string): RotationOutcome {
  return writeTransaction(db, () => {
    if (!hasRole(db, who, 'license_owner', 'admin')) return { refused: 'not_allowed' };
    if (Number.isNaN(Date.parse(periodDueAt)) || !/^\d{4}-\d{2}-\d{2}T/.test(periodDueAt)) return { refused: 'bad_period' };
    const period = new Date(periodDueAt).toISOString();
    const last = lastRotation(db);
    if (last && rotationCoversPeriod(last.at, period)) return { refused: 'already', by: last.by, at: last.at };
    db.prepare('INSERT INTO license_rotations (rotated_at, rotated_by) VALUES (?, ?)').run(now.toISOString(), who);
    audit(db, { trialId: null, actor: who, action: 'rotated the trial license key' }, now);
    return { recorded: true, at: now.toISOString(), nextDueOn: licenseDecision(db, now, periodDays, zone).nextDueOn };
  });
}
