import type { Db } from '../db/open-database.js';

export interface RequestFingerprint {
  trialId: string;
  actor: string;
  action: string;
  /** The request's arguments, normalised: the same request gives the same text. */
  args: string;
}

/** When this person last did this with these arguments, or null. */
export function lastSameRequest(db: Db, r: RequestFingerprint): string | null {
  const row = db
    .prepare('SELECT at FROM recent_requests WHERE trial_id = ? AND actor = ? AND action = ? AND args = ?')
    .get(r.trialId, r.actor, r.action, r.args) as { at: string } | undefined;
  return row?.at ?? null;
}

export function rememberRequest(db: Db, r: RequestFingerprint, now: Date): void {
  db.prepare(
    `INSERT INTO recent_requests (trial_id, actor, action, args, at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(trial_id, actor, action, args) DO UPDATE SET at = excluded.at`,
  ).run(r.trialId, r.actor, r.action, r.args, now.toISOString());
}
