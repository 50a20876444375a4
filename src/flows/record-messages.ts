import { effectPending } from '../stores/outbox-store.js';
import { milestoneClosed, postedPrompts } from '../stores/milestone-store.js';
import { mention } from '../core/mrkdwn.js';
import { peopleWithRole } from '../stores/people-store.js';
import { owesWelcomeEmail } from './welcome-email.js';
import type { Db } from '../db/open-database.js';
import type { SlackPostPayload } from '../core/effect-payloads.js';
import { recordEffect, spaceOpening } from '../stores/record-effect.js';
import type { TrialRow } from '../core/trial.js';
import { homeViewersOf } from '../stores/home-store.js';

/** Records the opening of the trial's space (channel or alert thread); card and invites follow it. */
export function recordOpenSpace(db: Db, trialId: string, now: Date): void {
  recordEffect(db, { key: `space:${trialId}`, kind: 'trial.space', trialId, payload: { trialId } }, now);
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
  recordHomeRefresh(db, trialId, now);
}

export function recordCardRefresh(db: Db, trialId: string, reason: string, now: Date): void {
  recordEffect(db, { key: `card-refresh:${reason}:${trialId}:${now.getTime()}`, kind: 'trial.card.refresh', trialId, payload: { trialId } }, now);
  recordHomeRefresh(db, trialId, now);
  // The channel's topic and bookmarks follow the card (instance, next decision, issues): one waiting redraw is enough.
  if (!effectPending(db, { kind: 'space.topic', trialId })) {
    recordEffect(db, { key: `topic:${trialId}:${now.getTime()}`, kind: 'space.topic', trialId, payload: { trialId } }, now);
  }
}

/** The trial changed: the Home tab of everyone who sees it there is redrawn (once, however many changes wait). */
export function recordHomeRefresh(db: Db, trialId: string, now: Date): void {
  for (const user of homeViewersOf(db, trialId)) {
    if (effectPending(db, { lane: `home:${user}` })) continue;
    recordEffect(db, { key: `home:${user}:${trialId}:${now.getTime()}`, kind: 'home.publish', lane: `home:${user}`, payload: { user } }, now);
  }
}

/**
 * A trial left without an AE or CE (nobody eligible for round robin, or a named account
 * naming none) gets one warning under its alert, asking the admins to assign one from their Home tab.
 */
export function recordMissingOwners(db: Db, trial: TrialRow, now: Date): void {
  const missing = (['ae', 'ce'] as const).filter((role) => !(role === 'ae' ? trial.ae_id : trial.ce_id));
  if (missing.length === 0) return;
  const roles = missing.map((role) => role.toUpperCase());
  const admins = peopleWithRole(db, 'admin').map((p) => mention(p.slack_user_id));
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
          `${admins.length ? `${admins.join(' ')}, please` : 'An admin needs to'} assign ${missing.length === 1 ? 'one' : 'them'} from the Home tab: *Reassign the ${roles.join('* and *Reassign the ')}* on this trial.` +
          (welcomeWaits ? ' The welcome email goes out once the trial has a CE.' : ''),
      },
    },
    now,
  );
}

/** Every posted copy of the trial's prompts whose decision is now taken is redrawn without buttons, once. */
export function recordPromptsAnswered(db: Db, trialId: string, now: Date): void {
  for (const posted of postedPrompts(db, trialId)) {
    if (!milestoneClosed(db, posted.milestoneId)) continue;
    recordEffect(
      db,
      { key: `prompt-answered:${posted.channel}:${posted.ts}`, kind: 'prompt.answered', trialId, lane: `prompt-answered:${trialId}`, payload: posted },
      now,
    );
  }
}
