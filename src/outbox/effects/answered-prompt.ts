import { answeredPrompt } from '../../messages/slack/answered-prompt.js';
import { answeredPromptView } from '../../stores/views/load-answered-prompt.js';
import { defineEffect } from '../effect-handler.js';

/** One posted copy of a prompt, redrawn once its decision was taken: who decided what, no buttons. */
export const updateAnsweredPrompt = defineEffect<{ milestoneId: number; channel: string; ts: string }, { updated: boolean }>({
  kind: 'prompt.answered',
  rateKey: () => 'chat.update',
  async perform(p, ctx) {
    const view = answeredPromptView(ctx.db, p.milestoneId, ctx.config.TIMEZONE);
    if (!view) return { updated: false };
    const content = answeredPrompt(view);
    await ctx.slack.chat.update({ channel: p.channel, ts: p.ts, text: content.text, blocks: content.blocks });
    return { updated: true };
  },
});
