import { botState, setBotState } from '../stores/bot-state.js';
import { ownedLiveInstances, poolSize } from '../stores/instance-store.js';
import { recordAlertRefresh } from './record-messages.js';
import type { Config } from '../config.js';
import type { Db } from '../db/open-database.js';
import { INSTANCE_REQUEST_LABELS, poolLowIssue } from '../messages/github/issue-bodies.js';
import { recordEffect } from '../stores/record-effect.js';
import { audit } from '../stores/audit-log.js';
import type { TrialRow } from '../core/trial.js';
import { humanTime } from '../core/human-date.js';
import { countTrialsIn, queuedTrials, trialNow, updateTrial } from '../stores/trial-store.js';

/**
 * The instance-request issue, with the assigned CE's email in its CE field. It runs in a
 * lane of its own: nothing in it waits on Slack, and GitHub spaces issue creation 3 s apart,
 * so in the trial's lane it would hold the channel's invites and card behind every issue
 * queued before it. What it posts when done (links, card refresh) joins the trial's lane,
 * after the space recorded before it. The body is drawn from the trial when the issue is opened
 * (the space and the CE may change meanwhile), so only what identifies it is recorded here.
 */
export function recordInstanceRequest(db: Db, trial: TrialRow, now: Date): void {
  recordEffect(
    db,
    {
      key: `instance-request:${trial.id}`,
      kind: 'github.issue',
      trialId: trial.id,
      lane: `github:${trial.id}`,
      payload: { trialId: trial.id, kind: 'instance-request', labels: [...INSTANCE_REQUEST_LABELS] },
    },
    now,
  );
}
/** Instances alive or on their way: linked live instances plus requests not yet delivered. */
export function instancesInUse(db: Db): number {
  return ownedLiveInstances(db) + countTrialsIn(db, 'provisioning');
}
/**
 * Raises the instance request now, or queues the trial when the cap on live
 * instances is reached. Returns whether it was queued.
 */
export function requestInstanceOrQueue(db: Db, config: Config, trial: TrialRow, now: Date): 'requested' | 'queued' {
  if (instancesInUse(db) >= config.MAX_ACTIVE_INSTANCES) {
    updateTrial(db, trial.id, { status: 'queued', queued_at: now.toISOString() }, now);
    audit(db, { trialId: trial.id, actor: 'trialbot', action: 'queued at capacity', detail: `${config.MAX_ACTIVE_INSTANCES} instances in use` }, now);
    return 'queued';
  }
  updateTrial(db, trial.id, { status: 'provisioning' }, now);
  recordInstanceRequest(db, trialNow(db, trial.id), now);
  return 'requested';
}
/** A slot freed (a trial ended): the oldest queued trials get their requests. */
export function releaseQueue(db: Db, config: Config, now: Date): string[] {
  const released: string[] = [];
  const queued = queuedTrials(db);
  for (const trial of queued) {
    if (instancesInUse(db) >= config.MAX_ACTIVE_INSTANCES) break;
    updateTrial(db, trial.id, { status: 'provisioning' }, now);
    recordInstanceRequest(db, trialNow(db, trial.id), now);
    audit(db, { trialId: trial.id, actor: 'trialbot', action: 'left the capacity queue', detail: 'instance requested' }, now);
    recordEffect(
      db,
      {
        key: `dequeued:${trial.id}`,
        kind: 'slack.post',
        trialId: trial.id,
        payload: { to: { trialSpace: trial.id }, text: ':arrow_forward: A slot freed up: the instance request for this trial is going out now.' },
      },
      now,
    );
    recordAlertRefresh(db, trial.id, 'dequeued', now);
    released.push(trial.id);
  }
  return released;
}
/**
 * One alert (a GitHub issue for the cloud team, and a note in
 * #cloud-trial-alerts) when fewer than 2 pool instances remain. It re-arms
 * once the pool is back at 2 or more.
 */
export function checkPoolLevel(db: Db, now: Date, zone: string): void {
  const left = poolSize(db);
  const flag = botState(db, 'pool_low_since');
  if (left >= 2) {
    if (flag) setBotState(db, 'pool_low_since', null);
    return;
  }
  if (flag) return;
  const at = now.toISOString();
  setBotState(db, 'pool_low_since', at);
  const key = `pool-low:${at}`;
  recordEffect(
    db,
    {
      key,
      kind: 'github.issue',
      lane: 'pool',
      payload: { trialId: null, kind: 'pool-low', draft: poolLowIssue({ key, left, at: `${humanTime(now, zone)} ${zone}` }) },
    },
    now,
  );
  recordEffect(
    db,
    {
      key: `${key}:slack`,
      kind: 'slack.post',
      lane: 'pool',
      payload: {
        to: { alerts: true },
        text: `:warning: Only ${left} pre-provisioned instance${left === 1 ? '' : 's'} left in the pool. The cloud team has an issue to provision more.`,
      },
    },
    now,
  );
}
