import type { Db } from '../db/open-database.js';

/** An AE's opportunity on a domain, closed with its trial: the rules of engagement read these. */
export function insertClosedOpportunity(db: Db, o: { domain: string; aeId: string; trialId: string; outcome: 'won' | 'lost'; closedAt: string }): void {
  db.prepare(`INSERT INTO opportunities (domain, ae_id, trial_id, outcome, closed_at) VALUES (?, ?, ?, ?, ?)`).run(
    o.domain,
    o.aeId,
    o.trialId,
    o.outcome,
    o.closedAt,
  );
}
