import { writeTransaction, type Db } from '../db/open-database.js';
import { reopenUntil, type ReopenRefusal } from '../core/triage.js';
import { audit } from '../stores/audit-log.js';
import { hasRole } from '../stores/people-store.js';
import { getTrial, updateTrial } from '../stores/trial-store.js';
import { recordAlertRefresh } from './record-messages.js';

/**
 * An inbound SDR undoes a disqualification within 24 hours: the lead is back in triage with its
 * buttons, the reopening is audited, and the self-host email already sent is not sent again
 * (its key stays taken if the lead is disqualified once more).
 */
export function reopenLead(db: Db, trialId: string, sdr: string, now: Date): { ok: true; previousReason: string | null } | ReopenRefusal {
  return writeTransaction(db, () => {
    const trial = getTrial(db, trialId);
    if (!trial) return { refused: 'unknown_trial' as const };
    if (!hasRole(db, sdr, 'inbound_sdr')) return { refused: 'not_inbound_sdr' as const };
    if (trial.case_code !== '3' || trial.decision !== 'disqualified' || trial.status !== 'disqualified' || !trial.decided_at) {
      return { refused: 'not_disqualified' as const };
    }
    const until = reopenUntil(trial.decided_at);
    if (now >= until) return { refused: 'too_late' as const, until: until.toISOString() };
    const previousReason = trial.disqualify_reason;
    updateTrial(
      db,
      trialId,
      { decision: null, decided_by: null, decided_at: null, disqualify_reason: null, status: 'triage', ended_at: null, end_reason: null },
      now,
    );
    audit(db, { trialId, actor: sdr, action: 'reopened', detail: `was disqualified${previousReason ? `: ${previousReason}` : ''}` }, now);
    recordAlertRefresh(db, trialId, 'reopened', now);
    return { ok: true as const, previousReason };
  });
}
