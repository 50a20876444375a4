import type { Db } from '../db/open-database.js';

/** The instance no longer routes its domain. */
export function markInstanceTerminated(db: Db, url: string): void {
  db.prepare(`UPDATE instances SET status = 'terminated' WHERE url = ? AND status = 'live'`).run(url);
}
