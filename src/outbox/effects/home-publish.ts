import { appHome } from '../../messages/slack/app-home.js';
import { appHomeView } from '../../stores/views/load-app-home.js';
import { defineEffect } from '../effect-handler.js';

/**
 * A person's Home tab, drawn when sent from the database as it is then: however many changes
 * were recorded while it waited, the tab shows them all, and a later publish only repeats it.
 */
export const publishHome = defineEffect<{ user: string }, { published: true }>({
  kind: 'home.publish',
  rateKey: () => 'views.publish',
  async perform(p, ctx) {
    await ctx.slack.views.publish({ user_id: p.user, view: appHome(appHomeView(ctx.db, p.user, ctx.config.TIMEZONE, ctx.now())) });
    return { published: true as const };
  },
});
