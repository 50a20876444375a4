import type { Db } from '../../db/open-database.js';
import type { TrialHistoryView } from '../../messages/slack/trial-history.js';
import { getTrial } from '../trial-store.js';
import { withMentions } from '../audit-log.js';

/** Entries shown by History: enough for a trial's life, within Slack's 50 blocks. */
export const HISTORY_SHOWN = 40;

export function trialHistoryView(db: Db, trialId: string, zone: string): TrialHistoryView | undefined {
  const t = getTrial(db, trialId);
  if (!t) return undefined;
  const entries = db
    .prepare('SELECT at, actor, action, detail FROM audit WHERE trial_id = ? ORDER BY id DESC LIMIT ?')
    .all(trialId, HISTORY_SHOWN) as TrialHistoryView['entries'];
  const named = withMentions(db, entries, zone);
  const total = db.prepare('SELECT count(*) FROM audit WHERE trial_id = ?').pluck().get(trialId) as number;
  return { trialId, company: t.company, domain: t.domain, entries: named, more: Math.max(0, total - entries.length), zone };
}
