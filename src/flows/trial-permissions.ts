import type { Db } from '../db/open-database.js';
import { hasRole } from '../stores/people-store.js';
import type { TrialRow } from '../core/trial.js';

/**
 * Who may extend, terminate, convert or re-domain a trial: its own CE or AE
 * while they still hold that role in the roster (someone removed from it loses
 * their trials' buttons and commands at once), or an admin. Everyone else may
 * look (status, list) but not change it.
 */
export function mayManageTrial(db: Db, trial: Pick<TrialRow, 'ae_id' | 'ce_id'>, who: string): boolean {
  if (!who) return false;
  if (who === trial.ce_id && hasRole(db, who, 'ce')) return true;
  if (who === trial.ae_id && hasRole(db, who, 'ae')) return true;
  return hasRole(db, who, 'admin');
}

/** Who may record that a trial's feedback request went out: a feedback owner or an admin. */
export function mayRecordFeedback(db: Db, who: string): boolean {
  return hasRole(db, who, 'feedback_owner', 'admin');
}

/**
 * An `existing` trial is an instance from before trialbot (Case 1 on an imported instance): no
 * clock, owners not tracked here, perhaps a paying customer's. Terminating it is an admin's call,
 * made twice (`/trial terminate <trial> confirm`), never a CE's or AE's slip. Null: go ahead.
 */
export function existingTerminationRefusal(
  db: Db,
  trial: Pick<TrialRow, 'status'>,
  who: string,
  confirmed: boolean,
): 'existing_admin_only' | 'existing_unconfirmed' | null {
  if (trial.status !== 'existing') return null;
  if (!hasRole(db, who, 'admin')) return 'existing_admin_only';
  return confirmed ? null : 'existing_unconfirmed';
}
