import type { Db } from '../../db/open-database.js';
import type { SpaceTopicView } from '../../messages/slack/space-topic.js';
import { getTrial } from '../trial-store.js';
import { trialIssues } from './load-trial-card.js';

/** What the trial's channel topic and bookmarks show now; null without a channel of its own. */
export function spaceTopicView(db: Db, trialId: string): (SpaceTopicView & { channel: string; archived: boolean }) | null {
  const t = getTrial(db, trialId);
  if (!t?.space_channel_id) return null;
  const next = db.prepare('SELECT min(due_on) FROM milestones WHERE trial_id = ? AND answered_at IS NULL AND cancelled_at IS NULL').pluck().get(t.id) as
    string | null;
  return {
    channel: t.space_channel_id,
    archived: Boolean(t.space_archived_at),
    instanceUrl: t.instance_url,
    status: t.status,
    nextDecisionOn: next,
    endsOn: t.ends_at,
    issues: trialIssues(db, t.id),
  };
}
