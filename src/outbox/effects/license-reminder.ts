import type { LicenseReminderPayload } from '../../core/effect-payloads.js';
import { licenseEscalation, licenseReminder } from '../../messages/slack/license-reminder.js';
import { licenseReminderView } from '../../stores/views/load-license-reminder.js';
import { defineEffect } from '../effect-handler.js';
import { postOnce, resolveDestination } from './slack-messages.js';

/**
 * The license-rotation reminder (or its escalation), drawn when sent: a rotation recorded before
 * it went out leaves nothing to remind of, so it is not posted.
 */
export const postLicenseReminder = defineEffect<LicenseReminderPayload, { channel: string; ts: string } | { skipped: true }>({
  kind: 'license.post',
  rateKey: (p, { config }) => `chat.postMessage:${'user' in p.to ? p.to.user : config.ALERTS_CHANNEL}`,
  channel: (p) => ('alerts' in p.to ? '$alerts' : undefined),
  async perform(p, ctx) {
    const view = licenseReminderView(ctx.db, p.periodDueAt, ctx.config.LICENSE_ROTATION_DAYS, ctx.config.TIMEZONE);
    if (!view || view.rotated) return { skipped: true as const };
    const content = p.escalation ? licenseEscalation({ ...view, remindedAt: view.remindedAt ?? p.periodDueAt }) : licenseReminder(view);
    return postOnce(ctx, await resolveDestination(p.to, ctx), content);
  },
});
