import type { Db } from '../../db/open-database.js';
import type { FeedbackRequestView } from '../../messages/slack/feedback-request.js';
import { getTrial } from '../trial-store.js';
import { trialGrade } from '../trial-usage.js';

/** The facts of an ended trial that the feedback owner needs to write to the prospect. */
export function feedbackRequestView(db: Db, trialId: string, zone: string): FeedbackRequestView | undefined {
  const t = getTrial(db, trialId);
  if (!t) return undefined;
  const recorded = db.prepare(`SELECT actor, at FROM audit WHERE trial_id = ? AND action = 'feedback request sent' ORDER BY id LIMIT 1`).get(trialId) as
    { actor: string; at: string } | undefined;
  return {
    trialId: t.id,
    company: t.company,
    domain: t.domain,
    prospectName: t.prospect_name,
    prospectEmail: t.prospect_email,
    instanceUrl: t.instance_url,
    aeId: t.ae_id,
    ceId: t.ce_id,
    startedAt: t.started_at,
    endedAt: t.ended_at,
    endsOn: t.ends_at,
    grade: t.instance_url ? trialGrade(db, t.instance_url, zone) : null,
    reason: t.end_reason,
    spaceChannelId: t.space_channel_id,
    sent: recorded ? { by: recorded.actor, at: recorded.at } : null,
  };
}
