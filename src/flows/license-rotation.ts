import { licenseSchedule, rotationCoversPeriod, type LicenseDecision } from '../core/license-schedule.js';
import { localDate } from '../core/deadlines.js';
import { writeTransaction, type Db } from '../db/open-database.js';
import type { LicenseReminderPayload } from '../core/effect-payloads.js';
import { recordEffect } from '../stores/record-effect.js';
import { hasRole, peopleWithRole } from '../stores/people-store.js';
import { audit } from '../stores/audit-log.js';
import { insertReminder, insertRotation, lastRotation, markReminderEscalated, recentReminders } from '../stores/license-store.js';

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
    let reminded = false;
    let escalated = false;

    if (decision.remind) {
      const { periodDueAt, dueOn } = decision.remind;
      if (insertReminder(db, periodDueAt, now)) {
        const remind = (key: string, to: LicenseReminderPayload['to']) =>
          recordEffect(db, { key, kind: 'license.post', payload: { periodDueAt, to } satisfies LicenseReminderPayload }, now);
        if (owners.length === 0) remind(`license-reminder:${periodDueAt}:alerts`, { alerts: true });
        for (const owner of owners) remind(`license-reminder:${periodDueAt}:${owner}`, { user: owner });
        audit(db, { trialId: null, actor: 'trialbot', action: 'reminded to rotate the trial license key', detail: `due ${dueOn}` }, now);
        reminded = true;
      }
    }

    if (decision.escalate) {
      const r = decision.escalate;
      if (markReminderEscalated(db, r.periodDueAt, now)) {
        const dueOn = localDate(new Date(r.periodDueAt), zone);
        const payload: LicenseReminderPayload = { periodDueAt: r.periodDueAt, to: { alerts: true }, escalation: true };
        recordEffect(db, { key: `license-escalate:${r.periodDueAt}`, kind: 'license.post', payload }, now);
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
    insertRotation(db, who, now);
    audit(db, { trialId: null, actor: who, action: 'rotated the trial license key' }, now);
    return { recorded: true, at: now.toISOString(), nextDueOn: licenseDecision(db, now, periodDays, zone).nextDueOn };
  });
}
