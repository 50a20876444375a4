import { accountOf } from '../stores/account-store.js';
import { claimPoolInstance, liveInstanceOf, nextPoolInstance, setInstanceTrial } from '../stores/instance-store.js';
import { earlierAnswer, insertSignup } from '../stores/signup-store.js';
import type { Db } from '../db/open-database.js';
import { writeTransaction } from '../db/open-database.js';
import { openTrialStatuses, routeSignup, type CaseCode, type OpenTrialFact } from '../core/route-signup.js';
import type { EmailDomain } from '../core/email-domain.js';
import { recordEffect } from '../stores/record-effect.js';
import { audit } from '../stores/audit-log.js';
import { insertTrial, newTrialId, openTrialOfDomain, trialNow } from '../stores/trial-store.js';
import type { TrialRow } from '../core/trial.js';

export interface SignupInput {
  id: string;
  email: string;
  name?: string;
  company?: string;
  signedUpAt?: string;
}

export interface SignupAnswer {
  case: CaseCode;
  trialId: string;
  instanceUrl?: string;
}

/** The person who joined, as they signed up. */
export interface JoinedSignup {
  id: string;
  email: string;
  name: string | null;
}

export interface SignupHooks {
  /** Case 2.x just created its trial: assign owners, open the space, request an instance when the pool is empty. */
  onPrequalifiedTrial?(db: Db, trial: TrialRow, now: Date): void;
  /** Case 3 just created its trial, waiting for triage. */
  onTriageTrial?(db: Db, trial: TrialRow, now: Date): void;
  /**
   * A new person from a company that already has a trial joined it: Case 1 (the domain's
   * live instance, and its trial), or a trial still open (in triage, or without a live
   * instance yet). While that trial waits for triage no alert of its own is posted: telling
   * the SDR, under the trial's alert, is this hook's job.
   */
  onJoinedTrial?(db: Db, trial: TrialRow, signup: JoinedSignup, now: Date): void;
  /** Case 1 for an instance from before trialbot: its first trial record was just made. */
  onExistingInstance?(db: Db, trial: TrialRow, signup: JoinedSignup, now: Date): void;
}

/**
 * Routes one signup and records everything it causes, in one transaction:
 * the signup (keyed by its id, so a repeat answers the stored result and
 * causes nothing), the trial, the pool instance it takes, the audit line and
 * the alert to post. Taking a pool instance happens under the write lock, so
 * two domains never get the same one and one domain never gets two; for the
 * same reason two people from one company never open two trials: the second
 * finds the first's open trial and joins it.
 */
export function acceptSignup(db: Db, input: SignupInput, email: { address: string; domain: EmailDomain }, now: Date, hooks: SignupHooks = {}): SignupAnswer {
  return writeTransaction(db, () => {
    const previous = earlierAnswer(db, input.id);
    if (previous) return JSON.parse(previous) as SignupAnswer;

    const { domain, personal } = email.domain;
    const instance = personal ? undefined : liveInstanceOf(db, domain);
    const account = personal ? undefined : accountOf(db, domain);
    const openTrial = personal || instance ? undefined : (openTrialOfDomain(db, domain, openTrialStatuses) as OpenTrialFact | undefined);
    const decision = routeSignup({
      personal,
      liveInstance: instance ? { url: instance.url, trialId: instance.trial_id } : null,
      openTrial: openTrial ?? null,
      account: account ? { prequalified: account.prequalified === 1, named: account.named === 1 } : null,
    });

    const base = {
      domain,
      personal_email: personal ? (1 as const) : (0 as const),
      account_domain: account?.domain ?? null,
      company: input.company ?? account?.account_name ?? null,
      prospect_name: input.name ?? null,
      prospect_email: email.address,
    };
    let trialId: string;
    let instanceUrl: string | undefined;

    if (decision.joinsTrial) {
      trialId = decision.joinsTrial;
      instanceUrl = instance?.url ?? trialNow(db, trialId).instance_url ?? undefined;
    } else {
      switch (decision.case) {
        case '1': {
          // An instance imported from before trialbot: give it a trial record so later signups gather there.
          if (!instance) throw new Error('Case 1 is routed only for a live instance');
          instanceUrl = instance.url;
          trialId = newTrialId();
          insertTrial(db, { id: trialId, case_code: '1', status: 'existing', instance_url: instanceUrl, ...base }, now);
          setInstanceTrial(db, instanceUrl, trialId);
          break;
        }
        case '2.1':
        case '2.2': {
          trialId = newTrialId();
          const pool = nextPoolInstance(db);
          instanceUrl = pool?.url;
          insertTrial(
            db,
            {
              id: trialId,
              case_code: decision.case,
              status: pool ? 'active' : 'provisioning',
              instance_url: instanceUrl ?? null,
              // A pre-provisioned instance is handed over at once: the trial starts at signup.
              started_at: pool ? now.toISOString() : null,
              ...base,
            },
            now,
          );
          if (pool) claimPoolInstance(db, pool.url, { domain, adminEmail: email.address, trialId, at: now.toISOString() });
          break;
        }
        case '3': {
          trialId = newTrialId();
          insertTrial(db, { id: trialId, case_code: '3', status: 'triage', ...base }, now);
          break;
        }
      }
    }

    const answer: SignupAnswer = { case: decision.case, trialId, ...(instanceUrl ? { instanceUrl } : {}) };
    insertSignup(db, {
      id: input.id,
      trialId,
      email: email.address,
      name: input.name ?? null,
      company: input.company ?? null,
      domain,
      caseCode: decision.case,
      signedUpAt: input.signedUpAt ?? now.toISOString(),
      receivedAt: now.toISOString(),
      response: JSON.stringify(answer),
    });
    audit(
      db,
      {
        trialId,
        actor: 'signup',
        action: decision.joinsTrial ? 'signup joined trial' : 'signup routed',
        detail: `Case ${decision.case} (${decision.why}): ${email.address}${instanceUrl ? ` → ${instanceUrl}` : ''}`,
      },
      now,
    );
    const trial = trialNow(db, trialId);
    // A second alert with buttons for a lead still in triage would only split the SDR's attention.
    const joinsTriage = decision.joinsTrial !== undefined && trial.status === 'triage';
    if (!joinsTriage) recordEffect(db, { key: `alert:${input.id}`, kind: 'alert.post', trialId, payload: { signupId: input.id } }, now);

    if (decision.joinsTrial) hooks.onJoinedTrial?.(db, trial, { id: input.id, email: email.address, name: input.name ?? null }, now);
    else if (decision.case === '2.1' || decision.case === '2.2') hooks.onPrequalifiedTrial?.(db, trial, now);
    else if (decision.case === '3') hooks.onTriageTrial?.(db, trial, now);
    else if (decision.case === '1') hooks.onExistingInstance?.(db, trial, { id: input.id, email: email.address, name: input.name ?? null }, now);
    return answer;
  });
}
