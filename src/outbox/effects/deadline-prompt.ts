import type { DeadlinePromptPayload, Destination } from '../../core/effect-payloads.js';
import { deadlineEscalation, deadlinePrompt } from '../../messages/slack/deadline-prompt.js';
import { deadlinePromptView } from '../../stores/views/load-deadline-prompt.js';
import { defineEffect } from '../effect-handler.js';
import { postOnce, resolveDestination } from './slack-messages.js';

function rateChannel(to: Destination, alerts: string): string {
  if ('channel' in to) return to.channel;
  if ('user' in to) return to.user;
  if ('alerts' in to) return alerts;
  return `space:${'trialSpace' in to ? to.trialSpace : to.trialAlertThread}`;
}

/**
 * A day-15 / day-30 / end-of-extension prompt (or its escalation), drawn when it is sent from the
 * trial as it is then: its owners, its usage, and its buttons only while the decision is still open.
 * A decision taken before the prompt went out leaves nothing to ask: it is not posted.
 */
export const postDeadlinePrompt = defineEffect<DeadlinePromptPayload, { channel: string; ts: string } | { skipped: true }>({
  kind: 'prompt.post',
  rateKey: (p, { config }) => `chat.postMessage:${rateChannel(p.to, config.ALERTS_CHANNEL)}`,
  channel: (p) => ('alerts' in p.to ? '$alerts' : undefined),
  async perform(p, ctx) {
    const view = deadlinePromptView(ctx.db, p.milestoneId, ctx.config.TIMEZONE);
    if (!view || view.closed) return { skipped: true as const };
    const content = p.escalation ? deadlineEscalation({ ...view, promptedAt: view.promptedAt ?? ctx.now().toISOString() }) : deadlinePrompt(view);
    return postOnce(ctx, await resolveDestination(p.to, ctx), content);
  },
});
