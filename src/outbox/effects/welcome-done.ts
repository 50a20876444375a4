import { welcomeDone } from '../../messages/slack/loop-reminders.js';
import { postedMessage } from '../../stores/loop-store.js';
import { defineEffect } from '../effect-handler.js';

/** An ask that carried "Sent the welcome", redrawn once the welcome went out: who said so, and no button. */
export const redrawWelcomeAsk = defineEffect<{ postKey: string; by: string; at: string }, { updated: boolean }>({
  kind: 'welcome.done',
  rateKey: () => 'chat.update',
  async perform(p, ctx) {
    const posted = postedMessage(ctx.db, p.postKey);
    if (!posted) return { updated: false };
    const content = welcomeDone(posted.text, p.by, p.at, ctx.config.TIMEZONE);
    await ctx.slack.chat.update({ channel: posted.channel, ts: posted.ts, text: content.text, blocks: content.blocks });
    return { updated: true };
  },
});
