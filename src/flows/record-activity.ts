import { writeTransaction, type Db } from '../db/open-database.js';
import type { Grade } from '../core/activity-grade.js';
import { activityMoments, countActivity, insertActivityEvent } from '../stores/activity-store.js';
import { firstUseNudge, pqlNudge } from '../messages/slack/usage-nudges.js';
import { getTrial } from '../stores/trial-store.js';
import { recordSpacePost } from './record-messages.js';
import { audit } from '../stores/audit-log.js';
import { aliasedInstance, instanceByUrl } from '../stores/instance-store.js';
import { recordEffect } from '../stores/record-effect.js';
import { trialGrade } from '../stores/trial-usage.js';

export type ActivityOutcome = { unknownInstance: true } | { ok: true; grade: Grade; duplicate: boolean };

/**
 * One usage event from a trial instance, stored once by its id; when it lifts the trial's grade the
 * card is redrawn (events only add up, so each grade is reached at most once: the grade names the refresh).
 */
export function recordActivity(
  db: Db,
  e: { id: string; url: string; event: 'search' | 'visit' | 'code_host_added' | 'repo_added'; private: boolean; at: string },
  zone: string,
  now: Date,
): ActivityOutcome {
  return writeTransaction(db, () => {
    // An instance's old address counts as the instance for a while after a domain change.
    const instance = instanceByUrl(db, e.url) ?? aliasedInstance(db, e.url, now);
    if (!instance) return { unknownInstance: true as const };
    e = { ...e, url: instance.url };
    const before = trialGrade(db, e.url, zone).grade;
    // The first-use and PQL moments are read only for an instance that has a trial to tell.
    const momentsBefore = instance.trial_id ? activityMoments(db, [instance.url]).get(instance.url) : undefined;
    const fresh = insertActivityEvent(db, { ...e, receivedAt: now.toISOString() });
    // A new event moves its counters (O(1)); a duplicate id counts once.
    if (fresh) countActivity(db, e.url, { event: e.event, private: e.private, at: e.at }, zone);
    const after = trialGrade(db, e.url, zone).grade;
    if (after !== before && instance.trial_id) {
      const trialId = instance.trial_id;
      recordEffect(db, { key: `card-refresh:grade:${trialId}:${after}`, kind: 'trial.card.refresh', trialId, payload: { trialId } }, now);
    }
    if (fresh && instance.trial_id) nudgeOnUsage(db, instance.trial_id, momentsBefore, activityMoments(db, [e.url]).get(e.url), after, now);
    return { ok: true as const, grade: after, duplicate: !fresh };
  });
}

type Moments = { firstRealUseAt: string | null; pqlAt: string | null } | undefined;

/** The first real use and reaching PQL, each told once in the trial's space while the trial runs (keys make it once). */
function nudgeOnUsage(db: Db, trialId: string, before: Moments, after: Moments, grade: Grade, now: Date): void {
  const trial = getTrial(db, trialId);
  if (!trial || trial.status !== 'active') return;
  const facts = { company: trial.company, domain: trial.domain, aeId: trial.ae_id, ceId: trial.ce_id };
  if (!before?.firstRealUseAt && after?.firstRealUseAt) {
    recordSpacePost(db, trialId, `usage:first-use:${trialId}`, { text: firstUseNudge(facts) }, now);
    audit(db, { trialId, actor: 'trialbot', action: 'told the AE the instance is in real use', detail: 'time to start checking in' }, now);
  }
  if (!before?.pqlAt && after?.pqlAt) {
    recordSpacePost(db, trialId, `usage:pql:${trialId}`, { text: pqlNudge({ ...facts, grade }) }, now);
    audit(db, { trialId, actor: 'trialbot', action: 'told the AE the trial is a PQL', detail: `usage grade ${grade}` }, now);
  }
}
