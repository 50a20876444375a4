import { accountOf } from '../../stores/account-store.js';
import type { WebClient } from '@slack/web-api';
import { candidateName, trialSpaceBase } from '../../core/channel-name.js';
import { trialCard } from '../../messages/slack/trial-card.js';
import { botIdentity } from '../../clients/bot-identity.js';
import { audit } from '../../stores/audit-log.js';
import { trialCardView } from '../../stores/views/load-trial-card.js';
import { getTrial, isSpaceChannelLinked, recordCardPosted, reserveSpaceName, trialHoldingSpaceName, updateTrial } from '../../stores/trial-store.js';
import { personById } from '../../stores/people-store.js';
import { PermanentEffectError } from '../effect-error.js';
import { defineEffect, type EffectContext } from '../effect-handler.js';
import { recordEffect } from '../../stores/record-effect.js';
import { postOnce, slackId } from './slack-messages.js';

async function channelNamed(slack: WebClient, name: string) {
  let cursor: string | undefined;
  do {
    const page = await slack.conversations.list({ exclude_archived: false, types: 'public_channel,private_channel', limit: 1000, cursor });
    const found = page.channels?.find((c) => c.name === name);
    if (found) return found;
    cursor = page.response_metadata?.next_cursor || undefined;
  } while (cursor);
  return undefined;
}

const MAX_ATTEMPTS = 50;

/**
 * Opens `#cloud-trial-<name>` for a trial. A taken name (archived channels
 * included) moves on to `-2`, `-3`…; the name being tried is stored before the
 * call, so after a crash the channel the bot itself created under that name,
 * linked to no trial, is recognised and adopted rather than duplicated.
 */
async function createSpaceChannel(ctx: EffectContext, trialId: string): Promise<{ channelId: string; name: string }> {
  const { db } = ctx;
  const trial = getTrial(db, trialId);
  if (!trial) throw new PermanentEffectError(`trial ${trialId} no longer exists`);
  if (trial.space_channel_id) return { channelId: trial.space_channel_id, name: trial.space_name ?? '' };
  const account = accountOf(db, trial.account_domain);
  // A personal mailbox's domain names nobody (#cloud-trial-gmail, -2, …): the company they typed, or the person.
  const personalName = trial.personal_email ? (trial.company ?? trial.prospect_name ?? trial.prospect_email.split('@')[0] ?? null) : null;
  const base = trialSpaceBase(account?.account_name ?? personalName, trial.domain);
  const me = (await botIdentity(ctx.slack)).botUserId;

  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const name = candidateName(base, attempt);
    const holder = trialHoldingSpaceName(db, name);
    if (holder && holder !== trialId) continue;
    const triedBefore = holder === trialId;
    reserveSpaceName(db, trialId, name);
    try {
      const created = await ctx.slack.conversations.create({ name, is_private: false });
      return { channelId: slackId(created.channel?.id, 'conversations.create'), name };
    } catch (error) {
      if ((error as { data?: { error?: string } }).data?.error !== 'name_taken') throw error;
      if (triedBefore || ctx.retrying) {
        const existing = await channelNamed(ctx.slack, name);
        const linked = existing?.id ? isSpaceChannelLinked(db, existing.id) : true;
        if (existing?.id && existing.creator === me && !existing.is_archived && !linked) return { channelId: existing.id, name };
      }
    }
  }
  throw new PermanentEffectError(`no free channel name for ${base} after ${MAX_ATTEMPTS} tries`);
}

export const openTrialSpace = defineEffect<{ trialId: string }, { channelId: string | null; name: string | null; threadTs: string | null }>({
  kind: 'trial.space',
  rateKey: () => 'conversations.create',
  async perform(p, ctx) {
    if (ctx.config.TRIAL_SPACE === 'thread') {
      // The space is the alert's own thread in #cloud-trial-alerts.
      const trial = getTrial(ctx.db, p.trialId);
      return { channelId: null, name: null, threadTs: trial?.alert_ts ?? null };
    }
    const { channelId, name } = await createSpaceChannel(ctx, p.trialId);
    return { channelId, name, threadTs: null };
  },
  after(p, space, ctx) {
    const { db } = ctx;
    const now = ctx.now();
    if (space.channelId) {
      updateTrial(db, p.trialId, { space_channel_id: space.channelId, space_name: space.name }, now);
      audit(db, { trialId: p.trialId, actor: 'trialbot', action: 'opened trial space', detail: `#${space.name}` }, now);
      recordEffect(db, { key: `invite:${p.trialId}`, kind: 'trial.invite', trialId: p.trialId, payload: { trialId: p.trialId } }, now);
    } else {
      updateTrial(db, p.trialId, { space_thread_ts: space.threadTs }, now);
    }
    recordEffect(db, { key: `card:${p.trialId}`, kind: 'trial.card', trialId: p.trialId, payload: { trialId: p.trialId } }, now);
    recordEffect(db, { key: `alert-refresh:space:${p.trialId}`, kind: 'alert.refresh', trialId: p.trialId, payload: { trialId: p.trialId } }, now);
  },
});

const MISSING_CODES = new Set(['users_not_found', 'user_not_found', 'user_disabled']);
const slackCode = (error: unknown) => (error as { data?: { error?: string } }).data?.error;

/** Slack's per-user errors name every one of `users`: all of them are in already (a retry of a batch that landed). */
function everyoneListed(error: unknown, users: string[]): boolean {
  const listed = new Set(((error as { data?: { errors?: Array<{ user?: string }> } }).data?.errors ?? []).map((e) => e.user));
  return users.every((u) => listed.has(u));
}

/** Invites each of `users` with a call of its own: the fallback when Slack does not say who failed. */
async function inviteOneByOne(slack: WebClient, channel: string, users: string[], invited: string[], missing: string[]): Promise<void> {
  for (const user of users) {
    try {
      await slack.conversations.invite({ channel, users: user });
      invited.push(user);
    } catch (error) {
      const code = slackCode(error);
      if (code === 'already_in_channel' || code === 'cant_invite_self') invited.push(user);
      else if (MISSING_CODES.has(code ?? '')) missing.push(user);
      else throw error;
    }
  }
}

/**
 * Invites the AE, CE, the trial's SDR and the SDR who qualified it, all in one call: a retry
 * after a 429 then costs one call again, not one per person already invited (a burst of
 * qualifies used to retry invites in lockstep and never get through). When Slack refuses the
 * batch for one person (missing, disabled, the bot itself, already in) each is invited on
 * their own, so the others still get in; someone missing is reported under the alert.
 */
export const inviteToTrialSpace = defineEffect<{ trialId: string; users?: string[] }, { invited: string[]; missing: string[] }>({
  kind: 'trial.invite',
  rateKey: () => 'conversations.invite',
  async perform(p, ctx) {
    const trial = getTrial(ctx.db, p.trialId);
    if (!trial?.space_channel_id) return { invited: [], missing: [] };
    const channel = trial.space_channel_id;
    const wanted = [...new Set(p.users ?? [trial.ae_id, trial.ce_id, trial.sdr_id, trial.named_sdr_id, trial.decided_by].filter((u): u is string => !!u))];
    const invited: string[] = [];
    const missing: string[] = [];
    if (wanted.length === 0) return { invited, missing };
    try {
      await ctx.slack.conversations.invite({ channel, users: wanted.join(',') });
      invited.push(...wanted);
    } catch (error) {
      const code = slackCode(error) ?? '';
      if (code === 'already_in_channel' && everyoneListed(error, wanted)) invited.push(...wanted);
      // Slack invites nobody when one invite of the batch fails (docs: "Partially failed calls").
      else if (code === 'already_in_channel' || MISSING_CODES.has(code) || code === 'cant_invite_self')
        await inviteOneByOne(ctx.slack, channel, wanted, invited, missing);
      else throw error;
    }
    return { invited, missing };
  },
  after(p, result, ctx) {
    const now = ctx.now();
    const people = result.missing
      .map((id) => {
        const person = personById(ctx.db, id);
        // The id in the roster file is what an admin corrects: shown as the handle it is.
        return person ? `${person.name} (${person.email}, roster id \`${id}\`)` : `\`${id}\``;
      })
      .join(', ');
    // By design the effect is done (the others are in); the audit trail still says who is not.
    const detail = `${result.invited.join(', ') || 'nobody'}${result.missing.length > 0 ? `; not found in Slack: ${people}` : ''}`;
    audit(ctx.db, { trialId: p.trialId, actor: 'trialbot', action: 'invited to trial space', detail }, now);
    if (result.missing.length > 0) {
      recordEffect(
        ctx.db,
        {
          key: `${ctx.effect.key}:missing`,
          kind: 'slack.post',
          trialId: p.trialId,
          payload: {
            to: { trialAlertThread: p.trialId },
            text: `:warning: Could not invite ${people} to the trial space: not found in Slack. An admin corrects their Slack id in the roster file and imports it again.`,
          },
        },
        now,
      );
    }
  },
});

/** Posts the trial card as the space's first message. */
export const postTrialCard = defineEffect<{ trialId: string }, { channel: string; ts: string }>({
  kind: 'trial.card',
  rateKey: () => undefined,
  async perform(p, ctx) {
    const trial = getTrial(ctx.db, p.trialId);
    const view = trialCardView(ctx.db, p.trialId, ctx.config.TIMEZONE);
    if (!trial || !view) throw new PermanentEffectError(`trial ${p.trialId} no longer exists`);
    const where = trial.space_channel_id
      ? { channel: trial.space_channel_id }
      : trial.space_thread_ts && trial.alert_channel
        ? { channel: trial.alert_channel, threadTs: trial.space_thread_ts }
        : null;
    if (!where) throw new PermanentEffectError('the trial has no space to post its card in');
    return postOnce(ctx, where, trialCard(view));
  },
  after(p, posted, ctx) {
    recordCardPosted(ctx.db, p.trialId, posted);
  },
});

/** Re-renders the card in place after a change (issue opened, owners, dates, usage). */
export const refreshTrialCard = defineEffect<{ trialId: string }, { updated: boolean }>({
  kind: 'trial.card.refresh',
  rateKey: () => undefined,
  async perform(p, ctx) {
    const trial = getTrial(ctx.db, p.trialId);
    const view = trialCardView(ctx.db, p.trialId, ctx.config.TIMEZONE);
    if (!trial?.card_ts || !trial.card_channel || !view) return { updated: false };
    const card = trialCard(view);
    await ctx.slack.chat.update({ channel: trial.card_channel, ts: trial.card_ts, text: card.text, blocks: card.blocks });
    return { updated: true };
  },
});
