import type { Config } from '../config.js';
import { writeTransaction, type Db } from '../db/open-database.js';
import { runningRefusal, type ConvertOutcome, type Source } from '../core/lifecycle.js';
import { mention } from '../core/mrkdwn.js';
import { audit } from '../stores/audit-log.js';
import { closeOpenMilestones } from '../stores/milestone-store.js';
import { getTrial, updateTrial, trialNow } from '../stores/trial-store.js';
import { recordTouch } from './assign-owners.js';
import { closeOpportunity, commonRefusal, issueFacts, postInSpace, viaText } from './lifecycle-common.js';
import { convertIssue } from '../messages/github/issue-bodies.js';
import { recordEffect } from '../stores/record-effect.js';
import { recordAlertRefresh, recordCardRefresh, recordPromptsAnswered } from './record-messages.js';

/**
 * The prospect bought: the trial is converted, its reminders stop, and the
 * AE's closed opportunity on the domain counts for the rules of engagement.
 */
export function convertTrial(db: Db, config: Config, trialId: string, actor: string, args: { source: Source; prompt?: number }, now: Date): ConvertOutcome {
  return writeTransaction(db, () => {
    const trial = getTrial(db, trialId);
    if (!trial) return { refused: 'unknown_trial' as const };
    const refusal = commonRefusal(db, trial, actor) ?? runningRefusal(trial);
    if (refusal) return refusal;
    const t = trial;
    const at = now.toISOString();
    updateTrial(db, t.id, { status: 'converted', ended_at: at, end_reason: 'converted' }, now);
    closeOpenMilestones(db, t.id, now);
    closeOpportunity(db, t, 'won', at);
    audit(db, { trialId: t.id, actor, action: 'converted', detail: viaText(db, t.id, args.source, args.prompt).trim() || undefined }, now);
    recordTouch(db, t, actor, 'converted', now);
    // The instance stays, but on a customer license and out of the shared trial key's rotation.
    if (t.instance_url) {
      const key = `convert:${t.id}`;
      recordEffect(
        db,
        { key, kind: 'github.issue', trialId: t.id, payload: { trialId: t.id, kind: 'convert', draft: convertIssue({ ...issueFacts(db, t, actor), key }) } },
        now,
      );
    }
    postInSpace(
      db,
      t.id,
      `convert:${t.id}:space`,
      `:tada: ${mention(actor)} marked the trial *converted*. Reminders have stopped${t.instance_url ? '; the cloud team gets an issue to move the instance to a customer license' : ''}.`,
      now,
    );
    recordCardRefresh(db, t.id, 'converted', now);
    recordPromptsAnswered(db, t.id, now);
    recordAlertRefresh(db, t.id, 'converted', now);
    return { ok: true as const, trial: trialNow(db, t.id) };
  });
}
