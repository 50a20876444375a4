import { localDate } from '../core/deadlines.js';
import { dayLabel, dueDigestWeek, weekLabel, weekRange } from '../core/funnel-weeks.js';
import { writeTransaction, type Db } from '../db/open-database.js';
import { recordEffect } from '../stores/record-effect.js';
import { digestRecordedAt, firstTrialAt, markDigestRecorded } from '../stores/weekly-digest-store.js';
import { audit } from '../stores/audit-log.js';

export type DigestOutcome =
  | { recorded: true; week: string }
  /** `recordedAt`: when an earlier run recorded this week's digest. */
  | { recorded: false; week: string; recordedAt: string }
  /** No trial had signed up by the end of the week: trialbot was not in use yet. */
  | { recorded: false; week: string; noTrials: true };

/**
 * The digest of the week due at `now` (`dueDigestWeek`), once: the week is marked and the
 * upload recorded in one transaction, so the scheduled run, the start-up catch-up and a run
 * by hand, in any order or at once, post one digest per week. What it shows is drawn when it
 * is sent, from the database as it is then.
 */
export function recordWeeklyDigest(db: Db, now: Date, zone: string): DigestOutcome {
  return writeTransaction(db, () => {
    const week = dueDigestWeek(now, zone);
    const first = firstTrialAt(db);
    if (!first || first.getTime() >= weekRange(week, zone).to.getTime()) return { recorded: false, week, noTrials: true };
    if (!markDigestRecorded(db, week, now)) return { recorded: false, week, recordedAt: digestRecordedAt(db, week) ?? now.toISOString() };
    recordEffect(
      db,
      {
        key: `weekly-digest:${week}`,
        kind: 'slack.upload',
        lane: 'weekly-digest',
        payload: { to: { alerts: true }, document: { kind: 'weekly-digest', week } },
      },
      now,
    );
    audit(db, { trialId: null, actor: 'trialbot', action: 'recorded the weekly digest', detail: weekLabel(week) }, now);
    return { recorded: true, week };
  });
}

/** The job's one-line summary of an outcome, for the log and the terminal. */
export function describeDigestOutcome(o: DigestOutcome, zone: string): string {
  const week = weekLabel(o.week);
  if (o.recorded) return `recorded the digest of ${week}; the server posts it in #cloud-trial-alerts`;
  if ('noTrials' in o) return `no trial had signed up by the end of ${week}: no digest`;
  return `the digest of ${week} was recorded on ${dayLabel(localDate(new Date(o.recordedAt), zone))} already: nothing new`;
}
