import type { Config } from '../config.js';
import type { Db } from '../db/open-database.js';
import { welcomeEmail } from '../messages/email/templates.js';
import { INSTANCE_REQUEST_LABELS, poolLowIssue } from '../messages/github/issue-bodies.js';
import type { SlackPostPayload } from '../core/effect-payloads.js';
import { recordEffect } from '../stores/record-effect.js';
import { personById } from '../stores/people-store.js';
import { audit } from '../stores/audit-log.js';
import type { TrialRow } from '../core/trial.js';
import { getTrial, trialPeople, updateTrial } from '../stores/trial-store.js';

/** Records the opening of the trial's space (channel or alert thread); card and invites follow it. */
export function recordOpenSpace(db: Db, trialId: string, now: Date): void {
  recordEffect(db, { key: `space:${trialId}`, kind: 'trial.space', trialId, payload: { trialId } }, now);
}

/** The trial's space is still to be opened: its effect has not run yet. */
export function spaceOpening(db: Db, trialId: string): boolean {
  return db.prepare(`SELECT 1 FROM outbox WHERE key = ? AND status IN ('pending','running')`).get(`space:${trialId}`) !== undefined;
}

/**
 * A post in the trial's space. The space's first message is its card, which the
 * space's own effect records once the channel exists; while that effect is still
 * to run, the card is recorded here first (under the same key, so it stays one
 * card) and this post follows it in the trial's lane.
 */
export function recordSpacePost(db: Db, trialId: string, key: string, message: Omit<SlackPostPayload, 'to'>, now: Date): void {
  if (spaceOpening(db, trialId)) recordEffect(db, { key: `card:${trialId}`, kind: 'trial.card', trialId, payload: { trialId } }, now);
  recordEffect(db, { key, kind: 'slack.post', trialId, payload: { to: { trialSpace: trialId }, ...message } satisfies SlackPostPayload }, now);
}

export function recordAlertRefresh(db: Db, trialId: string, reason: string, now: Date): void {
  recordEffect(db, { key: `alert-refresh:${reason}:${trialId}`, kind: 'alert.refresh', trialId, payload: { trialId } }, now);
}

export function recordCardRefresh(db: Db, trialId: string, reason: string, now: Date): void {
  recordEffect(db, { key: `card-refresh:${reason}:${trialId}:${now.getTime()}`, kind: 'trial.card.refresh', trialId, payload: { trialId } }, now);
}

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

/**
 * Whether the trial is owed the welcome email: it is waiting for its instance (queued or
 * being provisioned). The email introduces the CE, so it goes out once the trial has one.
 */
export function owesWelcomeEmail(trial: Pick<TrialRow, 'status'>): boolean {
  return trial.status === 'provisioning' || trial.status === 'queued';
}

/**
 * The welcome email (3.2), once per person of the trial: the prospect, and each colleague
 * who joined the lead while it waited for triage, in an email of their own. It introduces
 * the CE, so without one it waits for an admin to assign one (`admin -- assign`). A trial
 * waiting in the capacity queue is told so, not that its instance is being provisioned.
 * Returns whether any was recorded now.
 */
export function recordWelcomeEmail(db: Db, trial: TrialRow, now: Date): boolean {
  const ce = personById(db, trial.ce_id);
  if (!ce) return false;
  const ae = personById(db, trial.ae_id);
  let recorded = false;
  trialPeople(db, trial).forEach((person, n) => {
    // The trial's own prospect keeps the trial's key, the one its welcome has always had.
    const key = n === 0 ? `email:welcome:${trial.id}` : `email:welcome:${trial.id}:${person.signupId}`;
    const welcome = welcomeEmail({
      to: person.email,
      prospectName: person.name,
      company: trial.company,
      ce: { name: ce.name, email: ce.email },
      ae: ae ? { name: ae.name, email: ae.email } : null,
      instance: trial.status === 'queued' ? 'queued' : 'provisioning',
    });
    const template = trial.status === 'queued' ? 'welcome (queued)' : 'welcome';
    if (recordEffect(db, { key, kind: 'email.send', trialId: trial.id, payload: { trialId: trial.id, template, ...welcome } }, now)) recorded = true;
  });
  return recorded;
}

/** Instances alive or on their way: linked live instances plus requests not yet delivered. */
export function instancesInUse(db: Db): number {
  const live = db.prepare(`SELECT count(*) AS n FROM instances WHERE status = 'live' AND domain IS NOT NULL`).get() as { n: number };
  const coming = db.prepare(`SELECT count(*) AS n FROM trials WHERE status = 'provisioning'`).get() as { n: number };
  return live.n + coming.n;
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
  recordInstanceRequest(db, getTrial(db, trial.id)!, now);
  return 'requested';
}

/** A slot freed (a trial ended): the oldest queued trials get their requests. */
export function releaseQueue(db: Db, config: Config, now: Date): string[] {
  const released: string[] = [];
  const queued = db.prepare(`SELECT * FROM trials WHERE status = 'queued' ORDER BY queued_at, id`).all() as TrialRow[];
  for (const trial of queued) {
    if (instancesInUse(db) >= config.MAX_ACTIVE_INSTANCES) break;
    updateTrial(db, trial.id, { status: 'provisioning' }, now);
    recordInstanceRequest(db, getTrial(db, trial.id)!, now);
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
export function checkPoolLevel(db: Db, now: Date): void {
  const left = (db.prepare(`SELECT count(*) AS n FROM instances WHERE status = 'live' AND domain IS NULL`).get() as { n: number }).n;
  const flag = db.prepare(`SELECT value FROM bot_state WHERE name = 'pool_low_since'`).get() as { value: string } | undefined;
  if (left >= 2) {
    if (flag) db.prepare(`DELETE FROM bot_state WHERE name = 'pool_low_since'`).run();
    return;
  }
  if (flag) return;
  const at = now.toISOString();
  db.prepare(`INSERT INTO bot_state (name, value) VALUES ('pool_low_since', ?)`).run(at);
  const key = `pool-low:${at}`;
  recordEffect(db, { key, kind: 'github.issue', lane: 'pool', payload: { trialId: null, kind: 'pool-low', draft: poolLowIssue({ key, left, at }) } }, now);
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

/**
 * A trial left without an AE or CE (nobody eligible for round robin, or a named account
 * naming none) gets one warning under its alert, saying exactly how an admin assigns one.
 */
export function recordMissingOwners(db: Db, trial: TrialRow, now: Date): void {
  const missing = (['ae', 'ce'] as const).filter((role) => !(role === 'ae' ? trial.ae_id : trial.ce_id));
  if (missing.length === 0) return;
  const roles = missing.map((role) => role.toUpperCase());
  const commands = missing.map((role) => `\`npm run admin -- assign ${trial.id} ${role} EMAIL\``).join(' and ');
  const welcomeWaits = missing.includes('ce') && owesWelcomeEmail(trial);
  recordEffect(
    db,
    {
      key: `no-owner:${trial.id}`,
      kind: 'slack.post',
      trialId: trial.id,
      payload: {
        to: { trialAlertThread: trial.id },
        text:
          `:warning: No ${roles.join(' and no ')} could be assigned (nobody eligible for round robin: everyone is ineligible or out of office). ` +
          `An admin needs to assign one: ${commands}, with the email of someone in the roster with that role.` +
          (welcomeWaits ? ' The welcome email goes out once the trial has a CE.' : ''),
      },
    },
    now,
  );
}
