import type { Config } from '../config.js';
import { writeTransaction, type Db } from '../db/open-database.js';
import type { DomainChangeOutcome } from '../core/lifecycle.js';
import { mention, userText } from '../core/mrkdwn.js';
import { domainChangeIssue } from '../messages/github/issue-bodies.js';
import { audit } from '../stores/audit-log.js';
import { effectExists, recordEffect } from '../stores/record-effect.js';
import { getTrial, trialNow } from '../stores/trial-store.js';
import { recordTouch } from './assign-owners.js';
import { commonRefusal, issueFacts, postInSpace } from './lifecycle-common.js';
import { recordCardRefresh } from './record-messages.js';

/**
 * A request to the cloud team to move the instance to a vanity hostname, with the
 * seed's checklist. Customers want one "either when they convert, or earlier", so a
 * converted trial's instance may move; a terminated one has nothing left to move.
 */
export function requestDomainChange(db: Db, config: Config, trialId: string, actor: string, args: { vanity: string }, now: Date): DomainChangeOutcome {
  return writeTransaction(db, () => {
    const trial = getTrial(db, trialId);
    if (!trial) return { refused: 'unknown_trial' as const };
    const refusal = commonRefusal(db, trial, actor, ['terminated', 'disqualified']);
    if (refusal) return refusal;
    const t = trial;
    if (!t.instance_url) return { refused: 'no_instance' as const, trial: t };
    const vanity = args.vanity.toLowerCase();
    let currentHost: string | null = null;
    try {
      currentHost = new URL(t.instance_url).hostname.toLowerCase();
    } catch {
      currentHost = null;
    }
    if (currentHost === vanity) return { refused: 'same_domain' as const, trial: t };
    const key = `domain-change:${t.id}:${vanity}`;
    if (effectExists(db, key)) return { refused: 'duplicate' as const, trial: t };

    audit(db, { trialId: t.id, actor, action: 'requested a domain change', detail: `${t.instance_url} → ${vanity}` }, now);
    recordTouch(db, t, actor, 'domain change', now);
    recordEffect(
      db,
      {
        key,
        kind: 'github.issue',
        trialId: t.id,
        payload: { trialId: t.id, kind: 'domain-change', draft: domainChangeIssue({ ...issueFacts(db, t, actor), key, vanity }) },
      },
      now,
    );
    postInSpace(
      db,
      t.id,
      `${key}:space`,
      `:link: ${mention(actor)} asked the cloud team to move the instance to *${userText(vanity, 253)}*. Before it happens, tell the instance admin: SSO and permission-syncing auth providers, webhooks and hard-coded links to the old address will need updating.`,
      now,
    );
    recordCardRefresh(db, t.id, 'domain-change', now);
    return { ok: true as const, trial: trialNow(db, t.id), vanity };
  });
}
