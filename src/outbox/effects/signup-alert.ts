import { recordAlertPosted } from '../../stores/signup-store.js';
import { defineEffect } from '../effect-handler.js';
import { signupAlert } from '../../messages/slack/signup-alert.js';
import { firstSignupOf, signupAlertView } from '../../stores/views/load-signup-alert.js';
import { getTrial } from '../../stores/trial-store.js';
import { PermanentEffectError } from '../effect-error.js';
import { postOnce } from './slack-messages.js';

/** Posts the alert of one signup in #cloud-trial-alerts, rendered from the current state. */
export const postSignupAlert = defineEffect<{ signupId: string }, { channel: string; ts: string }>({
  kind: 'alert.post',
  rateKey: (_p, { config }) => `chat.postMessage:${config.ALERTS_CHANNEL}`,
  channel: () => '$alerts',
  async perform(p, ctx) {
    const view = signupAlertView(ctx.db, p.signupId, ctx.now(), ctx.config.TIMEZONE, {
      slaMinutes: ctx.config.TRIAGE_SLA_MINUTES,
      sdrUsergroup: ctx.config.SDR_USERGROUP,
    });
    if (!view) throw new PermanentEffectError(`signup ${p.signupId} not found`);
    return postOnce(ctx, { channel: ctx.config.ALERTS_CHANNEL }, signupAlert(view));
  },
  after(p, posted, ctx) {
    recordAlertPosted(ctx.db, p.signupId, posted, ctx.now());
  },
});

/** Re-renders a trial's alert in place (chat.update) after a decision or a change of owners. */
export const refreshTrialAlert = defineEffect<{ trialId: string }, { updated: boolean }>({
  kind: 'alert.refresh',
  rateKey: (_p, { config }) => `chat.update:${config.ALERTS_CHANNEL}`,
  channel: () => '$alerts',
  async perform(p, ctx) {
    const trial = getTrial(ctx.db, p.trialId);
    const signup = firstSignupOf(ctx.db, p.trialId);
    if (!trial?.alert_ts || !trial.alert_channel || !signup) return { updated: false };
    const view = signupAlertView(ctx.db, signup.id, ctx.now(), ctx.config.TIMEZONE, {
      slaMinutes: ctx.config.TRIAGE_SLA_MINUTES,
      sdrUsergroup: ctx.config.SDR_USERGROUP,
    });
    if (!view) return { updated: false };
    const content = signupAlert(view);
    await ctx.slack.chat.update({ channel: trial.alert_channel, ts: trial.alert_ts, text: content.text, blocks: content.blocks });
    return { updated: true };
  },
});
