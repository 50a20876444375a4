// When the shared trial license key is due for rotation, as a pure decision.
// Periods are counted in local calendar days in TIMEZONE (like the trial
// deadlines), so a daily 09:00 run is never a day late because a reminder went
// out a few milliseconds after 09:00 last week, or because DST moved the hour.
import { addLocalDays, localDate, startOfLocalDay } from './deadlines.js';

export interface LicenseReminderRecord {
  /** ISO instant naming the period (the first ever: the moment of the first reminder). */
  periodDueAt: string;
  remindedAt: string;
  escalatedAt: string | null;
}

export interface LicenseScheduleInput {
  /** ISO instant of the latest recorded rotation, if any. */
  lastRotationAt: string | null;
  /** Reminders already sent (any order; only the latest matters). */
  reminders: ReadonlyArray<LicenseReminderRecord>;
  now: Date;
  periodDays: number;
  zone: string;
  escalateAfterDays?: number;
}

export interface LicenseDecision {
  /** Send a reminder for this period (once: the period is its identity). */
  remind: { periodDueAt: string; dueOn: string } | null;
  /** The latest reminder, unrotated and unescalated 2 days past its due date: tell the alerts channel. */
  escalate: LicenseReminderRecord | null;
  /** Local date the next reminder falls due, counting from what is decided now. */
  nextDueOn: string;
}

const instant = (iso: string) => new Date(iso).getTime();

/** Whether a rotation at `rotatedAt` answers the period `periodDueAt`. */
export function rotationCoversPeriod(rotatedAt: string | null, periodDueAt: string): boolean {
  return rotatedAt !== null && instant(rotatedAt) >= instant(periodDueAt);
}

/**
 * Every `periodDays` since the last recorded rotation the key is due again.
 * With no rotation and no reminder yet the first reminder is due at once and
 * the count starts from it; a reminder that nobody answered starts the next
 * period's count. After an outage only the latest missed period is reminded.
 * Unrotated `escalateAfterDays` local days past the period's due date, it is escalated once.
 */
export function licenseSchedule(input: LicenseScheduleInput): LicenseDecision {
  const { lastRotationAt, now, periodDays, zone } = input;
  const escalateAfterDays = input.escalateAfterDays ?? 2;
  if (!Number.isInteger(periodDays) || periodDays < 1) throw new RangeError(`periodDays must be a whole number ≥ 1: ${periodDays}`);
  if (Number.isNaN(now.getTime())) throw new RangeError('invalid now');
  const today = localDate(now, zone);

  const latest = input.reminders.reduce<LicenseReminderRecord | null>(
    (best, r) => (best === null || instant(r.periodDueAt) > instant(best.periodDueAt) ? r : best),
    null,
  );
  if (latest === null && lastRotationAt === null) {
    return { remind: { periodDueAt: now.toISOString(), dueOn: today }, escalate: null, nextDueOn: addLocalDays(today, periodDays) };
  }

  const rotatedSinceLatest = latest === null || rotationCoversPeriod(lastRotationAt, latest.periodDueAt);
  const anchor = (rotatedSinceLatest ? lastRotationAt : latest?.periodDueAt) ?? now.toISOString();
  let dueOn = addLocalDays(localDate(new Date(anchor), zone), periodDays);

  if (dueOn <= today) {
    while (addLocalDays(dueOn, periodDays) <= today) dueOn = addLocalDays(dueOn, periodDays);
    return {
      remind: { periodDueAt: startOfLocalDay(dueOn, zone).toISOString(), dueOn },
      escalate: null,
      nextDueOn: addLocalDays(dueOn, periodDays),
    };
  }

  const escalate =
    latest !== null &&
    !rotatedSinceLatest &&
    latest.escalatedAt === null &&
    // Counted from when the period fell due, not from the reminder: one sent late (after an outage) does not buy more time.
    addLocalDays(localDate(new Date(latest.periodDueAt), zone), escalateAfterDays) <= today
      ? latest
      : null;
  return { remind: null, escalate, nextDueOn: dueOn };
}
