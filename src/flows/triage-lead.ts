import { brandOf, type Brand } from '../core/brand.js';
import type { Config } from '../config.js';
import type { Db } from '../db/open-database.js';
import { writeTransaction } from '../db/open-database.js';
import { selfHostEmail } from '../messages/email/templates.js';
import { recordEffect } from '../stores/record-effect.js';
import { hasRole } from '../stores/people-store.js';
import { audit } from '../stores/audit-log.js';
import type { TrialRow } from '../core/trial.js';
import { getTrial, trialPeople, updateTrial, trialNow } from '../stores/trial-store.js';
import { disqualifyReasons, sendsSelfHostEmail, type DisqualifyReason } from '../core/disqualify-reasons.js';
import { reopenUntil, type TriageRefusal } from '../core/triage.js';

export type { TriageRefusal };
import { assignTrialOwners, ownersDetail, recordTouch } from './assign-owners.js';
import { recordAlertRefresh, recordCardRefresh, recordMissingOwners, recordOpenSpace } from './record-messages.js';
import { recordEmail, recordWelcomeEmail } from './welcome-email.js';
import { requestInstanceOrQueue } from './capacity.js';

export { disqualifyReasons, type DisqualifyReason };

export type QualifyOutcome = { ok: true; trial: TrialRow; queued: boolean } | TriageRefusal;
export type DisqualifyOutcome = { ok: true; trial: TrialRow } | TriageRefusal;

/** Checks shared by both buttons; null when `sdr` may decide on `trial` now. */
export function triageRefusal(db: Db, trial: TrialRow | undefined, sdr: string): TriageRefusal | null {
  if (!trial) return { refused: 'unknown_trial' };
  // The inbound SDRs decide, and so does the SDR the rules of engagement gave the lead to (seed 001).
  if (!hasRole(db, sdr, 'inbound_sdr') && !(trial.sdr_id === sdr && hasRole(db, sdr, 'sdr'))) return { refused: 'not_inbound_sdr' };
  if (trial.case_code !== '3') return { refused: 'not_case_3' };
  if (trial.decision || trial.status !== 'triage') {
    return { refused: 'already_decided', by: trial.decided_by, decision: trial.decision, at: trial.decided_at };
  }
  return null;
}

/**
 * Case 3.2. The check and the decision share one write transaction, so of two
 * SDRs clicking at once exactly one decides and the other is told who did.
 */
export function qualifyLead(db: Db, config: Config, trialId: string, sdr: string, now: Date): QualifyOutcome {
  // A click the trial as it stands refuses (decided already, not an SDR) is answered from a read:
  // no write lock to wait for. Whatever passes is checked again inside the transaction.
  const seen = getTrial(db, trialId);
  const early = seen ? triageRefusal(db, seen, sdr) : ({ refused: 'unknown_trial' } as const);
  if (early) return early;
  return writeTransaction(db, () => {
    const trial = getTrial(db, trialId);
    if (!trial) return { refused: 'unknown_trial' as const };
    const refusal = triageRefusal(db, trial, sdr);
    if (refusal) return refusal;
    const owners = assignTrialOwners(db, trial, now, config.TIMEZONE);
    // Rules of engagement: an SDR who worked the account in the last 30 days keeps the lead,
    // whoever clicked; otherwise the deciding SDR is the trial's SDR.
    const trialSdr = trial.sdr_id ?? owners.sdr?.slackUserId ?? sdr;
    updateTrial(
      db,
      trialId,
      {
        decision: 'qualified',
        decided_by: sdr,
        decided_at: now.toISOString(),
        sdr_id: trialSdr,
        ae_id: owners.ae?.slackUserId ?? null,
        ce_id: owners.ce?.slackUserId ?? null,
      },
      now,
    );
    audit(db, { trialId, actor: sdr, action: 'qualified', detail: 'Case 3.2' }, now);
    audit(
      db,
      {
        trialId,
        actor: 'trialbot',
        action: 'assigned owners',
        detail: ownersDetail(owners, { slackUserId: trialSdr, reason: trialSdr === sdr ? 'decided' : 'recent_touch' }),
      },
      now,
    );
    recordTouch(db, trial, sdr, 'qualified', now, ['inbound_sdr']);
    recordTouch(db, trial, owners.ae?.slackUserId ?? null, 'assigned', now, ['ae']);
    recordTouch(db, trial, owners.ce?.slackUserId ?? null, 'assigned', now, ['ce']);

    recordAlertRefresh(db, trialId, 'decision', now);
    // The space invites the trial's people, the SDR who decided among them.
    recordOpenSpace(db, trialId, now);
    const queued = requestInstanceOrQueue(db, config, trialNow(db, trialId), now) === 'queued';
    recordWelcomeEmail(db, trialNow(db, trialId), brandOf(config), now);
    recordMissingOwners(db, trialNow(db, trialId), now);
    return { ok: true as const, trial: trialNow(db, trialId), queued };
  });
}

/** Case 3.1: the lead is marked disqualified and gets the self-host recommendation. */
export function disqualifyLead(
  db: Db,
  trialId: string,
  sdr: string,
  reason: DisqualifyReason,
  detail: string | null,
  brand: Brand,
  now: Date,
): DisqualifyOutcome {
  return writeTransaction(db, () => {
    const trial = getTrial(db, trialId);
    if (!trial) return { refused: 'unknown_trial' as const };
    const refusal = triageRefusal(db, trial, sdr);
    if (refusal) return refusal;
    const text = detail ? `${disqualifyReasons[reason]}: ${detail}` : disqualifyReasons[reason];
    updateTrial(
      db,
      trialId,
      {
        decision: 'disqualified',
        decided_by: sdr,
        decided_at: now.toISOString(),
        sdr_id: trial.sdr_id ?? sdr,
        disqualify_reason: text,
        status: 'disqualified',
        ended_at: now.toISOString(),
        end_reason: text,
      },
      now,
    );
    audit(db, { trialId, actor: sdr, action: 'disqualified', detail: text }, now);
    // The Reopen button goes when it can no longer be used: the alert is redrawn as the window closes.
    recordEffect(
      db,
      {
        key: `alert-refresh:reopen-closes:${trialId}:${now.getTime()}`,
        kind: 'alert.refresh',
        trialId,
        // A lane of its own: an effect waiting a day must not hold back the trial's lane behind it.
        lane: `reopen-window:${trialId}`,
        payload: { trialId },
        runAfter: reopenUntil(now.toISOString()),
      },
      now,
    );
    recordTouch(db, trial, sdr, 'disqualified', now, ['inbound_sdr']);
    recordAlertRefresh(db, trialId, 'decision', now);
    // Everyone who joined the lead signed up too: each hears back, in an email of their own (when the reason calls for one).
    for (const person of sendsSelfHostEmail(reason) ? trialPeople(db, trial) : []) {
      const email = selfHostEmail({ to: person.email, prospectName: person.name, brand });
      recordEmail(db, trialId, `email:self-host:${person.signupId ?? trialId}`, 'self-host recommendation', email, now);
    }
    return { ok: true as const, trial: trialNow(db, trialId) };
  });
}

/** The SDR converted the lead to an opportunity in Salesforce (2.x): recorded once. */
export function recordOpportunity(
  db: Db,
  trialId: string,
  who: string,
  now: Date,
): { ok: true } | { refused: 'unknown_trial' | 'not_sdr' | 'already'; by?: string | null } {
  return writeTransaction(db, () => {
    const trial = getTrial(db, trialId);
    if (!trial) return { refused: 'unknown_trial' as const };
    if (!hasRole(db, who, 'inbound_sdr', 'sdr', 'admin')) return { refused: 'not_sdr' as const };
    if (trial.opportunity_by) return { refused: 'already' as const, by: trial.opportunity_by };
    updateTrial(db, trialId, { opportunity_by: who, opportunity_at: now.toISOString() }, now);
    audit(db, { trialId, actor: who, action: 'opportunity created in Salesforce' }, now);
    recordTouch(db, trial, who, 'opportunity', now, ['inbound_sdr', 'sdr']);
    recordAlertRefresh(db, trialId, 'opportunity', now);
    recordCardRefresh(db, trialId, 'opportunity', now);
    return { ok: true as const };
  });
}
