import { normaliseInstanceUrl } from '../core/instance-url.js';
import { mention, userText } from '../core/mrkdwn.js';
import { writeTransaction, type Db } from '../db/open-database.js';
import { audit } from '../stores/audit-log.js';
import { moveInstance, requestedVanity, trialOfDomainIssue } from '../stores/instance-store.js';
import { getTrial, updateTrial } from '../stores/trial-store.js';
import { postInSpace } from './lifecycle-common.js';
import { recordCardRefresh } from './record-messages.js';

/** How long the old address still counts as the instance after a domain change. */
export const DOMAIN_GRACE_DAYS = 30;

export type DomainDoneOutcome = 'moved' | 'already' | 'unknown' | 'no_request';

/**
 * The cloud team moved the instance to its vanity hostname (its domain-change issue closed, or the CE
 * confirmed it): the new address is recorded — the card, routing and usage follow it — and the old
 * one still counts for DOMAIN_GRACE_DAYS, so usage reported from either is the trial's.
 */
export function completeDomainChange(db: Db, trialId: string, by: string, now: Date): DomainDoneOutcome {
  return writeTransaction(db, () => {
    const trial = getTrial(db, trialId);
    if (!trial?.instance_url) return 'unknown';
    const vanity = requestedVanity(db, trial.id);
    const to = vanity ? normaliseInstanceUrl(`https://${vanity}`) : null;
    if (!to) return 'no_request';
    if (to === trial.instance_url) return 'already';
    const from = trial.instance_url;
    const until = new Date(now.getTime() + DOMAIN_GRACE_DAYS * 86_400_000);
    if (!moveInstance(db, from, to, until)) return 'unknown';
    updateTrial(db, trial.id, { instance_url: to }, now);
    audit(
      db,
      {
        trialId: trial.id,
        actor: by,
        action: 'instance moved to its new domain',
        detail: `${from} → ${to}; the old address counts for ${DOMAIN_GRACE_DAYS} days`,
      },
      now,
    );
    postInSpace(
      db,
      trial.id,
      `domain-done:${trial.id}:${to}`,
      `:white_check_mark: The instance now answers at *${userText(to, 260)}*${by.startsWith('U') || by.startsWith('W') ? ` (confirmed by ${mention(by)})` : ' (the cloud team closed the domain change issue)'}. Usage from the old address still counts for ${DOMAIN_GRACE_DAYS} days.`,
      now,
    );
    recordCardRefresh(db, trial.id, 'domain-done', now);
    return 'moved';
  });
}

/** A closed issue that is a trial's domain change: completes it. Null when the issue is not one. */
export function completeDomainChangeByIssue(db: Db, issueNumber: number, now: Date): DomainDoneOutcome | null {
  const trialId = trialOfDomainIssue(db, issueNumber);
  return trialId ? completeDomainChange(db, trialId, 'github', now) : null;
}
