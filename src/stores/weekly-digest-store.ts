import type { Db } from '../db/open-database.js';

/** Marks the week's digest recorded; false when it already was (by an earlier or a concurrent run). */
export function markDigestRecorded(db: Db, week: string, now: Date): boolean {
  return (
    db.prepare('INSERT INTO weekly_digests (week_start, recorded_at) VALUES (?, ?) ON CONFLICT(week_start) DO NOTHING').run(week, now.toISOString()).changes ===
    1
  );
}

/** When the week's digest was recorded, or null. */
export function digestRecordedAt(db: Db, week: string): string | null {
  const row = db.prepare<[string], { recorded_at: string }>('SELECT recorded_at FROM weekly_digests WHERE week_start = ?').get(week);
  return row?.recorded_at ?? null;
}

/** When the first trial signed up (index trials_by_created_at), or null: before it, trialbot had nothing to report. */
export function firstTrialAt(db: Db): Date | null {
  const row = db.prepare<[], { at: string | null }>('SELECT min(created_at) AS at FROM trials').get();
  return row?.at ? new Date(row.at) : null;
}
