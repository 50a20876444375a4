import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { appHome } from '../../messages/slack/app-home.js';
import { markHomeOpened } from '../../stores/home-store.js';
import { appHomeView } from '../../stores/views/load-app-home.js';
import type { ListenerDeps } from './deps.js';

/** Draws `user`'s Home tab from the database as it is now. */
export async function publishHome(client: WebClient, deps: ListenerDeps, user: string): Promise<void> {
  await client.views.publish({ user_id: user, view: appHome(appHomeView(deps.db, user, deps.config.TIMEZONE, deps.now())) });
}

/** `app_home_opened`: publish the person's Home tab, and keep it current from now on (see recordHomeRefresh). */
export function onAppHomeOpened(deps: ListenerDeps) {
  return async ({ event, client }: SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs) => {
    if (event.tab !== 'home') return;
    markHomeOpened(deps.db, event.user, deps.now());
    await publishHome(client, deps, event.user);
  };
}

/**
 * After a click on someone's Home tab, that tab is redrawn at once, so what they clicked shows
 * as done (or gone) where they clicked it; the outbox's redraws for everyone else follow.
 */
export async function redrawHomeAfterClick(args: { body?: unknown; client?: WebClient }, deps: ListenerDeps): Promise<void> {
  const body = args.body as { view?: { type?: string }; user?: { id?: string } } | undefined;
  const user = body?.user?.id;
  if (body?.view?.type !== 'home' || !user || !args.client) return;
  try {
    await publishHome(args.client, deps, user);
  } catch (error) {
    deps.logger.info({ err: (error as Error).message, user }, 'could not redraw the Home tab after a click');
  }
}
