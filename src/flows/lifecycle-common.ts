// What every lifecycle flow (extend, terminate, convert, domain change) shares: who may act, how the
// audit names the source, the facts the cloud team's issue carries, a notice in the trial's space.
import type { Db } from '../db/open-database.js';
import { milestoneName } from '../core/deadlines.js';
import { isRepeat, type LifecycleRefusal, type Source } from '../core/lifecycle.js';
import { endedStatuses, type TrialRow, type TrialStatus } from '../core/trial.js';
import type { TrialIssueFacts } from '../messages/github/issue-bodies.js';
import { milestoneOfTrial } from '../stores/milestone-store.js';
import { insertClosedOpportunity } from '../stores/opportunity-store.js';
import { personById } from '../stores/people-store.js';
import { recordEffect } from '../stores/record-effect.js';
import { lastSameRequest, rememberRequest, type RequestFingerprint } from '../stores/recent-requests.js';
import { mayManageTrial } from './trial-permissions.js';

/** How the action came, for the audit line: the command, or which prompt's button. */
export function viaText(db: Db, trialId: string, source: Source, prompt?: number): string {
  if (source === 'home') return ' (from the Home tab)';
  if (source !== 'button') return '';
  const m = prompt === undefined ? undefined : milestoneOfTrial(db, trialId, prompt);
  return m ? ` (from the ${milestoneName(m.kind)} prompt)` : ' (from a deadline prompt)';
}

/** Checks every action shares: the trial exists, the person may act, it has not ended. */
export function commonRefusal(db: Db, trial: TrialRow | undefined, actor: string, ended: readonly TrialStatus[] = endedStatuses): LifecycleRefusal | null {
  if (!trial) return { refused: 'unknown_trial' };
  if (!mayManageTrial(db, trial, actor)) return { refused: 'not_allowed', trial };
  if (ended.includes(trial.status)) return { refused: 'ended', trial };
  return null;
}

/** The AE's opportunity on the account closes with the trial: the rules of engagement give them the account's next trial. */
export function closeOpportunity(db: Db, trial: TrialRow, outcome: 'won' | 'lost', at: string): void {
  // Personal mailboxes are not an account: nobody "owns" gmail.com.
  if (!trial.ae_id || trial.personal_email) return;
  insertClosedOpportunity(db, { domain: trial.domain, aeId: trial.ae_id, trialId: trial.id, outcome, closedAt: at });
}

function who(db: Db, slackUserId: string): string {
  const person = personById(db, slackUserId);
  return person ? `${person.name} (${person.email})` : slackUserId;
}

export function issueFacts(db: Db, trial: TrialRow, actor: string): TrialIssueFacts {
  return {
    trialId: trial.id,
    company: trial.company,
    domain: trial.domain,
    instanceUrl: trial.instance_url,
    ceEmail: personById(db, trial.ce_id)?.email ?? null,
    aeEmail: personById(db, trial.ae_id)?.email ?? null,
    requestedBy: who(db, actor),
  };
}

export function postInSpace(db: Db, trialId: string, key: string, text: string, now: Date): void {
  recordEffect(db, { key, kind: 'slack.post', trialId, payload: { to: { trialSpace: trialId }, text } }, now);
}

/**
 * A typed command the same person sent a moment ago with the same arguments: already done. Checked
 * before anything else, so a repeated terminate hears "already done" rather than "has ended".
 */
export function repeatedCommand(
  db: Db,
  trial: TrialRow | undefined,
  request: Omit<RequestFingerprint, 'trialId'>,
  source: Source,
  now: Date,
): LifecycleRefusal | null {
  if (!trial || source === 'button') return null;
  return isRepeat(lastSameRequest(db, { ...request, trialId: trial.id }), now) ? { refused: 'duplicate', trial } : null;
}

/** Remembers a command that was carried out, for `repeatedCommand`. */
export function rememberCommand(db: Db, trialId: string, request: Omit<RequestFingerprint, 'trialId'>, source: Source, now: Date): void {
  if (source !== 'button') rememberRequest(db, { ...request, trialId }, now);
}
