import { writeTransaction, type Db } from '../db/open-database.js';
import { announceInstanceUrl, instanceUrlIn } from '../flows/instance-ready.js';
import { audit } from '../stores/audit-log.js';
import { liveOwnerOf, retireTrialInstance } from '../stores/instance-store.js';
import { updateTrial } from '../stores/trial-store.js';
import { trialNamed } from '../flows/assign-owner.js';

/** Statuses whose trial has (or is about to have) an instance whose URL may be set. */
const SETTABLE = ['queued', 'provisioning', 'active', 'existing'];

/**
 * `admin -- set-instance-url TRIAL URL`: corrects where a trial's instance lives (a wrong URL
 * noted from a comment, or one never given). The old URL stops routing the domain, the new one
 * routes it at once for a live trial (its space told, its card refreshed), and the change is
 * in the audit trail. Returns what to print.
 */
export function setInstanceUrl(db: Db, ref: string, given: string, now: Date): string {
  const url = instanceUrlIn(given);
  if (!url || url !== given.trim().replace(/\/+$/, '').toLowerCase() || url.includes('github.com')) {
    throw new Error(`not an instance URL: ${given} (give its origin, e.g. https://acme.sourcegraph.com)`);
  }
  return writeTransaction(db, () => {
    const trial = trialNamed(db, ref);
    if (!SETTABLE.includes(trial.status)) throw new Error(`trial ${trial.id} (${trial.domain}) is ${trial.status}: it has no instance to set`);
    const previous = trial.instance_url;
    if (previous === url) return `trial ${trial.id} (${trial.domain}) already has its instance at ${url}; nothing changed`;
    const owner = liveOwnerOf(db, url);
    if (owner && owner !== trial.id) throw new Error(`${url} is the live instance of trial ${owner}`);
    // The wrong URL was linked to this trial only: it no longer routes the domain.
    if (previous) retireTrialInstance(db, previous, trial.id);
    updateTrial(db, trial.id, { instance_url: url }, now);
    audit(db, { trialId: trial.id, actor: 'cli', action: 'instance URL set', detail: previous ? `${url} (was ${previous})` : url }, now);
    const live = trial.status === 'active' || trial.status === 'existing';
    if (live) announceInstanceUrl(db, { ...trial, instance_url: url }, url, now);
    return (
      `trial ${trial.id} (${trial.domain}): instance URL ${previous ? `changed from ${previous} to` : 'set to'} ${url}` +
      (live ? '; the domain routes there now, and the running server tells the trial space' : '; it is linked when the instance is marked ready')
    );
  });
}
