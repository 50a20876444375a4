import type { Config } from '../config.js';
import { writeTransaction, type Db } from '../db/open-database.js';
import type { FeedbackRequestPayload } from '../core/effect-payloads.js';
import { reasonSuffix, type Source, type TerminateOutcome } from '../core/lifecycle.js';
import { mention } from '../core/mrkdwn.js';
import { terminateIssue } from '../messages/github/issue-bodies.js';
import { audit } from '../stores/audit-log.js';
import { markInstanceTerminated } from '../stores/instance-store.js';
import { closeOpenMilestones } from '../stores/milestone-store.js';
import { peopleWithRole } from '../stores/people-store.js';
import { recordEffect } from '../stores/record-effect.js';
import { getTrial, updateTrial, trialNow } from '../stores/trial-store.js';
import { recordTouch } from './assign-owners.js';
import { closeOpportunity, commonRefusal, issueFacts, postInSpace, viaText } from './lifecycle-common.js';
import { recordAlertRefresh, recordCardRefresh, recordPromptsAnswered } from './record-messages.js';
import { releaseQueue } from './capacity.js';
import { existingTerminationRefusal } from './trial-permissions.js';

/**
 * Ends the trial: the instance stops routing its domain, reminders stop, the
 * cloud team gets a termination issue, the feedback owner a feedback request,
 * the AE's opportunity closes lost, and a queued trial may take the freed slot.
 * A prompt's Terminate button means the same on any prompt, so an older
 * prompt's button terminates too.
 */
export function terminateTrial(
  db: Db,
  config: Config,
  trialId: string,
  actor: string,
  args: { reason?: string | null; source: Source; prompt?: number; confirmed?: boolean },
  now: Date,
): TerminateOutcome {
  return writeTransaction(db, () => {
    const trial = getTrial(db, trialId);
    if (!trial) return { refused: 'unknown_trial' as const };
    const refusal = commonRefusal(db, trial, actor);
    if (refusal) return refusal;
    const t = trial;
    if (t.status === 'triage') return { refused: 'not_started' as const, trial: t };
    const existing = existingTerminationRefusal(db, t, actor, args.confirmed === true);
    if (existing) return { refused: existing, trial: t };
    const reason = args.reason?.trim() || null;
    const at = now.toISOString();

    updateTrial(db, t.id, { status: 'terminated', ended_at: at, end_reason: reason }, now);
    closeOpportunity(db, t, 'lost', at);
    if (t.instance_url) markInstanceTerminated(db, t.instance_url);
    closeOpenMilestones(db, t.id, now);
    audit(db, { trialId: t.id, actor, action: 'terminated', detail: `${reason ?? 'no reason given'}${viaText(db, t.id, args.source, args.prompt)}` }, now);
    recordTouch(db, t, actor, 'terminated', now);

    // A queued trial never had an instance: there is nothing for the cloud team to tear down.
    if (t.status !== 'queued') {
      const key = `terminate:${t.id}`;
      recordEffect(
        db,
        {
          key,
          kind: 'github.issue',
          trialId: t.id,
          payload: { trialId: t.id, kind: 'terminate', draft: terminateIssue({ ...issueFacts(db, t, actor), key, reason }) },
        },
        now,
      );
    }

    const owners = peopleWithRole(db, 'feedback_owner');
    const requests: FeedbackRequestPayload['to'][] = owners.length > 0 ? owners.map((o) => ({ user: o.slack_user_id })) : [{ alerts: true }];
    for (const to of requests) {
      const key = `feedback:${t.id}:${'user' in to ? to.user : 'alerts'}`;
      recordEffect(db, { key, kind: 'feedback.post', trialId: t.id, payload: { trialId: t.id, to } satisfies FeedbackRequestPayload }, now);
    }

    postInSpace(
      db,
      t.id,
      `terminate:${t.id}:space`,
      `:red_circle: ${mention(actor)} terminated the trial.${reasonSuffix(reason)} Reminders have stopped${t.instance_url ? ', the domain no longer routes to the instance' : ''} and the feedback request is with ${owners.length > 0 ? owners.map((o) => mention(o.slack_user_id)).join(', ') : '#cloud-trial-alerts'}.`,
      now,
    );
    recordCardRefresh(db, t.id, 'terminated', now);
    recordPromptsAnswered(db, t.id, now);
    recordAlertRefresh(db, t.id, 'terminated', now);
    const released = releaseQueue(db, config, now);
    return { ok: true as const, trial: trialNow(db, t.id), feedbackTo: owners.map((o) => o.slack_user_id), released };
  });
}
