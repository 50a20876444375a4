import type { Db } from '../db/open-database.js';

/** What a signup id was answered the first time: the same id sent again answers the same. */
export function earlierAnswer(db: Db, signupId: string): string | undefined {
  return (db.prepare('SELECT response FROM signups WHERE id = ?').get(signupId) as { response: string } | undefined)?.response;
}

export interface SignupRecord {
  id: string;
  trialId: string;
  email: string;
  name: string | null;
  company: string | null;
  domain: string;
  caseCode: string;
  signedUpAt: string;
  receivedAt: string;
  response: string;
}

export function insertSignup(db: Db, s: SignupRecord): void {
  db.prepare(
    `INSERT INTO signups (id, trial_id, email, name, company, domain, case_code, signed_up_at, received_at, response)
     VALUES (@id, @trialId, @email, @name, @company, @domain, @caseCode, @signedUpAt, @receivedAt, @response)`,
  ).run(s);
}

/** Where a signup's alert was posted; the trial's first alert is the trial's. */
export function recordAlertPosted(db: Db, signupId: string, posted: { channel: string; ts: string }, now: Date): void {
  db.prepare('UPDATE signups SET alert_channel = ?, alert_ts = ? WHERE id = ?').run(posted.channel, posted.ts, signupId);
  db.prepare(
    `UPDATE trials SET alert_channel = ?, alert_ts = ?, updated_at = ?
      WHERE id = (SELECT trial_id FROM signups WHERE id = ?) AND alert_ts IS NULL`,
  ).run(posted.channel, posted.ts, now.toISOString(), signupId);
}
