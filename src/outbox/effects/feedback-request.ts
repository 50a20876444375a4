import type { FeedbackRequestPayload } from '../../core/effect-payloads.js';
import { feedbackRequest } from '../../messages/slack/feedback-request.js';
import { feedbackRequestView } from '../../stores/views/load-feedback-request.js';
import { PermanentEffectError } from '../effect-error.js';
import { defineEffect } from '../effect-handler.js';
import { postOnce, resolveDestination } from './slack-messages.js';

/**
 * The feedback request to the feedback owner (or #cloud-trial-alerts when the roster names none),
 * drawn when sent: its Feedback sent button only while nobody has recorded it yet.
 */
export const postFeedbackRequest = defineEffect<FeedbackRequestPayload, { channel: string; ts: string }>({
  kind: 'feedback.post',
  rateKey: (p, { config }) => `chat.postMessage:${'user' in p.to ? p.to.user : config.ALERTS_CHANNEL}`,
  channel: (p) => ('alerts' in p.to ? '$alerts' : undefined),
  async perform(p, ctx) {
    const view = feedbackRequestView(ctx.db, p.trialId, ctx.config.TIMEZONE);
    if (!view) throw new PermanentEffectError(`trial ${p.trialId} no longer exists`);
    const content = feedbackRequest(view, { withButton: view.sent === null, ownerMissing: 'alerts' in p.to });
    return postOnce(ctx, await resolveDestination(p.to, ctx), content);
  },
});
