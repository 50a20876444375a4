import { failureReport } from '../../messages/slack/failure-report.js';
import { defineEffect } from '../effect-handler.js';
import { section } from '../../messages/slack/block-kit.js';
import { postOnce, resolveDestination } from './slack-messages.js';
import type { Destination, SlackPostPayload } from '../../core/effect-payloads.js';

export type { SlackPostPayload };

function rateChannel(to: Destination, alerts?: string): string | undefined {
  if ('channel' in to) return to.channel;
  if ('alerts' in to) return alerts;
  if ('user' in to) return to.user;
  return undefined;
}

/** Any message the bot posts: alerts' follow-ups, notices in trial spaces, DMs. */
export const slackPost = defineEffect<SlackPostPayload, { channel: string; ts: string }>({
  kind: 'slack.post',
  rateKey: (p, { config }) =>
    `chat.postMessage:${rateChannel(p.to, config.ALERTS_CHANNEL) ?? ('trialAlertThread' in p.to ? config.ALERTS_CHANNEL : `space:${'trialSpace' in p.to ? p.to.trialSpace : ''}`)}`,
  channel: (p) => ('alerts' in p.to ? '$alerts' : rateChannel(p.to)),
  async perform(p, ctx) {
    return postOnce(ctx, await resolveDestination(p.to, ctx), { text: p.text, blocks: p.blocks ?? [section(p.text)] });
  },
});

/** A failure report in #cloud-trial-alerts; a failing report is only logged. */
export const slackReport = defineEffect<{ text: string; retryEffect?: number }, { channel: string; ts: string }>({
  kind: 'slack.report',
  rateKey: (_p, { config }) => `chat.postMessage:${config.ALERTS_CHANNEL}`,
  async perform(p, ctx) {
    return postOnce(ctx, { channel: ctx.config.ALERTS_CHANNEL }, failureReport(p.text, p.retryEffect));
  },
});
