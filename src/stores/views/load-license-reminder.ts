import type { Db } from '../../db/open-database.js';
import { localDate } from '../../core/deadlines.js';
import { rotationCoversPeriod } from '../../core/license-schedule.js';
import type { LicenseReminderView } from '../../messages/slack/license-reminder.js';
import { instancesOnTrialKey, lastRotation, reminderOf } from '../license-store.js';
import { peopleWithRole } from '../people-store.js';

/** A rotation period's reminder as it stands now; `rotated` once someone recorded the rotation. */
export function licenseReminderView(
  db: Db,
  periodDueAt: string,
  periodDays: number,
  zone: string,
): (LicenseReminderView & { remindedAt: string | null; rotated: boolean }) | null {
  const reminder = reminderOf(db, periodDueAt);
  if (!reminder) return null;
  const last = lastRotation(db);
  return {
    periodDueAt,
    dueOn: localDate(new Date(periodDueAt), zone),
    periodDays,
    lastRotation: last,
    ownerIds: peopleWithRole(db, 'license_owner').map((p) => p.slack_user_id),
    remindedAt: reminder.remindedAt,
    instances: instancesOnTrialKey(db),
    rotated: last !== null && rotationCoversPeriod(last.at, periodDueAt),
  };
}
