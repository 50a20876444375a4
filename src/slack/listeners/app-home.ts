import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { appHome } from '../../messages/slack/app-home.js';
import { appHomeView } from '../../stores/views/load-app-home.js';
import type { ListenerDeps } from './deps.js';

/** `app_home_opened`: publish the person's Home tab. */
export function onAppHomeOpened(deps: ListenerDeps) {
  return async ({ event, client }: SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs) => {
    if (event.tab !== 'home') return;
    const user = event.user;
    await client.views.publish({ user_id: user, view: appHome(appHomeView(deps.db, user)) });
  };
}
