import { spaceBookmarks, spaceTopic } from '../../messages/slack/space-topic.js';
import { getTrial } from '../../stores/trial-store.js';
import { spaceTopicView } from '../../stores/views/load-space-topic.js';
import { defineEffect } from '../effect-handler.js';

/**
 * The trial channel's topic and bookmarks, drawn when sent from the trial as it is then (the
 * instance's address, the next decision, the issues), so however many changes queued, one call shows them all.
 */
export const refreshSpaceTopic = defineEffect<{ trialId: string }, { topic: string | null }>({
  kind: 'space.topic',
  rateKey: () => 'conversations.setTopic',
  async perform(p, ctx) {
    const view = spaceTopicView(ctx.db, p.trialId);
    if (!view || view.archived) return { topic: null };
    const topic = spaceTopic(view);
    await ctx.slack.conversations.setTopic({ channel: view.channel, topic });
    const existing = ((await ctx.slack.bookmarks.list({ channel_id: view.channel })).bookmarks ?? []) as Array<{ id?: string; title?: string; link?: string }>;
    for (const b of spaceBookmarks(view)) {
      const same = existing.find((e) => e.title === b.title);
      if (!same) await ctx.slack.bookmarks.add({ channel_id: view.channel, title: b.title, type: 'link', link: b.link });
      else if (same.link !== b.link && same.id)
        await ctx.slack.bookmarks.edit({ channel_id: view.channel, bookmark_id: same.id, title: b.title, link: b.link });
    }
    return { topic };
  },
});

/** The ended trial's channel archived (ARCHIVE_AFTER_DAYS after the end); already archived is done. */
export const archiveSpace = defineEffect<{ trialId: string }, { archived: boolean }>({
  kind: 'space.archive',
  rateKey: () => 'conversations.archive',
  async perform(p, ctx) {
    const channel = getTrial(ctx.db, p.trialId)?.space_channel_id;
    if (!channel) return { archived: false };
    try {
      await ctx.slack.conversations.archive({ channel });
    } catch (error) {
      if ((error as { data?: { error?: string } }).data?.error !== 'already_archived') throw error;
    }
    return { archived: true };
  },
});
