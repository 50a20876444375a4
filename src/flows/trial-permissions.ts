import type { Db } from '../db/open-database.js';
import { hasRole } from '../people/people-store.js';
import type { TrialRow } from '../trials/trial-row.js';

/**
 * Who may extend, terminate, convert or re-domain a trial: its own CE or AE,
 * or an admin. Everyone else may look (status, list) but not change it.
 */
export function mayManageTrial(db: Db, trial: Pick<TrialRow, 'ae_id' | 'ce_id'>, who: string): boolean {
  if (who && (who === trial.ce_id || who === trial.ae_id)) return true;
  return hasRole(db, who, 'admin');
}

/** Who may record that a trial's feedback request went out: a feedback owner or an admin. */
export function mayRecordFeedback(db: Db, who: string): boolean {
  return hasRole(db, who, 'feedback_owner', 'admin');
}
