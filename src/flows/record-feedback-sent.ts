import { writeTransaction, type Db } from '../db/open-database.js';
import type { FeedbackSentOutcome } from '../core/lifecycle.js';
import { audit, firstAudit } from '../stores/audit-log.js';
import { getTrial } from '../stores/trial-store.js';
import { recordCardRefresh } from './record-messages.js';
import { mayRecordFeedback } from './trial-permissions.js';

/** The feedback owner sent the feedback request to the prospect: recorded once. */
export function recordFeedbackSent(db: Db, trialId: string, actor: string, now: Date): FeedbackSentOutcome {
  return writeTransaction(db, () => {
    const trial = getTrial(db, trialId);
    if (!trial) return { refused: 'unknown_trial' as const };
    if (!mayRecordFeedback(db, actor)) return { refused: 'not_feedback_owner' as const };
    const earlier = firstAudit(db, trialId, 'feedback request sent');
    if (earlier) return { refused: 'already' as const, by: earlier.actor, at: earlier.at };
    audit(db, { trialId, actor, action: 'feedback request sent' }, now);
    recordCardRefresh(db, trialId, 'feedback', now);
    return { ok: true as const, trial };
  });
}
