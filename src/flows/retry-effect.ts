import { writeTransaction, type Db } from '../db/open-database.js';
import { audit } from '../stores/audit-log.js';
import { outboxEffect, requeueFailed, type OutboxEffect } from '../stores/outbox-store.js';

/**
 * Puts a failed effect back in the queue to run now; the server's worker
 * carries it out. It starts afresh: attempts back to 1 (so the next attempt
 * still looks for what an earlier one may have done before creating it), a new
 * retry budget from now, and a new failure report if it fails again. The audit
 * line keeps how many attempts it had used.
 * Throws an Error with a one-line reason for an unknown or not-failed effect.
 */
export function retryFailedEffect(db: Db, idArg: string, actor: string, now: Date): OutboxEffect {
  if (!/^\d+$/.test(idArg)) throw new Error(`not an outbox id: ${idArg}`);
  const id = Number(idArg);
  return writeTransaction(db, () => {
    const effect = outboxEffect(db, id);
    if (effect === undefined) throw new Error(`no outbox effect with id ${id}`);
    if (effect.status !== 'failed') throw new Error(`outbox effect ${id} is ${effect.status}, not failed; only failed effects can be retried`);
    const at = now.toISOString();
    requeueFailed(db, id, now);
    const retries = effect.manualRetries + 1;
    audit(
      db,
      {
        trialId: effect.trialId,
        actor,
        action: 'outbox-retry',
        detail: `outbox effect ${id} (${effect.kind}) set back to pending after ${effect.attempts} attempt${effect.attempts === 1 ? '' : 's'} (manual retry ${retries})`,
      },
      now,
    );
    const { manualRetries: _retries, ...listed } = effect;
    return { ...listed, status: 'pending', updatedAt: at };
  });
}
