import type { Db } from '../db/open-database.js';
import type { LicenseReminderRecord } from '../core/license-schedule.js';

interface ReminderRow {
  period_due_at: string;
  reminded_at: string;
  escalated_at: string | null;
}

/** The latest rotation of the shared trial license key, and who recorded it. */
export function lastRotation(db: Db): { at: string; by: string } | null {
  const row = db.prepare('SELECT rotated_at, rotated_by FROM license_rotations ORDER BY rotated_at DESC, id DESC LIMIT 1').get() as
    { rotated_at: string; rotated_by: string } | undefined;
  return row ? { at: row.rotated_at, by: row.rotated_by } : null;
}

export function recentReminders(db: Db): LicenseReminderRecord[] {
  // ISO instants from toISOString() sort as text.
  const rows = db.prepare('SELECT * FROM license_reminders ORDER BY period_due_at DESC LIMIT 5').all() as ReminderRow[];
  return rows.map((r) => ({ periodDueAt: r.period_due_at, remindedAt: r.reminded_at, escalatedAt: r.escalated_at }));
}

export function reminderOf(db: Db, periodDueAt: string): LicenseReminderRecord | undefined {
  const r = db.prepare('SELECT * FROM license_reminders WHERE period_due_at = ?').get(periodDueAt) as ReminderRow | undefined;
  return r && { periodDueAt: r.period_due_at, remindedAt: r.reminded_at, escalatedAt: r.escalated_at };
}

/** The period's reminder, once: false when it was already recorded. */
export function insertReminder(db: Db, periodDueAt: string, now: Date): boolean {
  return (
    db
      .prepare('INSERT INTO license_reminders (period_due_at, reminded_at) VALUES (?, ?) ON CONFLICT(period_due_at) DO NOTHING')
      .run(periodDueAt, now.toISOString()).changes === 1
  );
}

/** The period's escalation, once: false when it was already escalated. */
export function markReminderEscalated(db: Db, periodDueAt: string, now: Date): boolean {
  return (
    db.prepare('UPDATE license_reminders SET escalated_at = ? WHERE period_due_at = ? AND escalated_at IS NULL').run(now.toISOString(), periodDueAt).changes ===
    1
  );
}

export function insertRotation(db: Db, who: string, now: Date): void {
  db.prepare('INSERT INTO license_rotations (rotated_at, rotated_by) VALUES (?, ?)').run(now.toISOString(), who);
}

/**
 * Live instances carrying the shared trial key: the pool's, and those of trials still running or being
 * set up. A converted trial's instance moved to a customer license (its issue says so): not counted.
 */
export function instancesOnTrialKey(db: Db): number {
  return db
    .prepare(
      `SELECT count(*) FROM instances i LEFT JOIN trials t ON t.id = i.trial_id
        WHERE i.status = 'live' AND (i.trial_id IS NULL OR t.status IN ('active', 'provisioning', 'queued'))`,
    )
    .pluck()
    .get() as number;
}
