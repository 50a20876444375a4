import type { Destination } from '../../core/effect-payloads.js';
import type { WebClient } from '@slack/web-api';
import type { Block } from '../../messages/slack/block-kit.js';
import type { EffectContext } from '../effect-handler.js';
import { getTrial } from '../../stores/trial-store.js';
import { PermanentEffectError } from '../effect-error.js';

export type { Destination };

/** An id Slack's answer must carry; its absence is an answer we cannot act on, not a retryable failure. */
export function slackId(id: string | undefined, method: string): string {
  if (!id) throw new PermanentEffectError(`${method} answered without the id it promises`);
  return id;
}

export interface ResolvedDestination {
  channel: string;
  threadTs?: string;
}

export const metadataEventType = 'trialbot_effect';

export async function resolveDestination(to: Destination, ctx: EffectContext): Promise<ResolvedDestination> {
  if ('channel' in to) return { channel: to.channel, threadTs: to.threadTs };
  if ('alerts' in to) return { channel: ctx.config.ALERTS_CHANNEL };
  if ('user' in to) {
    const opened = await ctx.slack.conversations.open({ users: to.user });
    return { channel: slackId(opened.channel?.id, 'conversations.open') };
  }
  const trialId = 'trialSpace' in to ? to.trialSpace : to.trialAlertThread;
  const trial = getTrial(ctx.db, trialId);
  if (!trial) throw new PermanentEffectError(`trial ${trialId} no longer exists`);
  if ('trialSpace' in to) {
    if (trial.space_channel_id) return { channel: trial.space_channel_id };
    if (trial.space_thread_ts && trial.alert_channel) return { channel: trial.alert_channel, threadTs: trial.space_thread_ts };
  }
  if (trial.alert_channel && trial.alert_ts) return { channel: trial.alert_channel, threadTs: trial.alert_ts };
  // No space and no alert (both failed for good): the alerts channel still hears it.
  return { channel: ctx.config.ALERTS_CHANNEL };
}

/**
 * Finds a message this effect already posted, by the effect key carried in
 * its metadata: the answer to "did the post go through before we lost track?".
 */
export async function findPostedMessage(slack: WebClient, where: ResolvedDestination, effectKey: string, since: Date): Promise<string | undefined> {
  const oldest = String((since.getTime() - 60_000) / 1000);
  let cursor: string | undefined;
  for (let page = 0; page < 10; page++) {
    const answer = where.threadTs
      ? await slack.conversations.replies({ channel: where.channel, ts: where.threadTs, oldest, include_all_metadata: true, limit: 200, cursor })
      : await slack.conversations.history({ channel: where.channel, oldest, include_all_metadata: true, limit: 200, cursor });
    const found = answer.messages?.find((m) => (m as { metadata?: { event_payload?: { effect?: string } } }).metadata?.event_payload?.effect === effectKey);
    if (found?.ts) return found.ts;
    cursor = answer.response_metadata?.next_cursor || undefined;
    if (!cursor) return undefined;
  }
  return undefined;
}

/** Posts once: on a retry, looks for the earlier post first. Returns channel and ts. */
export async function postOnce(
  ctx: EffectContext,
  where: ResolvedDestination,
  content: { text: string; blocks?: Block[] },
): Promise<{ channel: string; ts: string }> {
  if (ctx.retrying) {
    const ts = await findPostedMessage(ctx.slack, where, ctx.effect.key, new Date(ctx.effect.created_at));
    if (ts) return { channel: where.channel, ts };
  }
  const posted = await ctx.slack.chat.postMessage({
    channel: where.channel,
    thread_ts: where.threadTs,
    text: content.text,
    blocks: content.blocks,
    unfurl_links: false,
    unfurl_media: false,
    metadata: { event_type: metadataEventType, event_payload: { effect: ctx.effect.key } },
  });
  return { channel: posted.channel ?? where.channel, ts: slackId(posted.ts, 'chat.postMessage') };
}
