import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { appHome } from '../../messages/slack/app-home.js';
import type { ListenerDeps } from './deps.js';

/** `app_home_opened`: publish the person's Home tab. */
export function onAppHomeOpened(deps: ListenerDeps) {
  return async ({ event, client }: SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs) => {
    if (event.tab !== 'home') return;
    const user = event.user;
    const roles = (deps.db.prepare('SELECT role FROM people WHERE slack_user_id = ? ORDER BY role').all(user) as Array<{ role: string }>).map((r) => r.role);
    const trials = deps.db
      .prepare(
        `SELECT id, company, domain, status, ends_at AS endsOn, space_channel_id AS spaceChannelId,
                CASE WHEN ce_id = @user THEN 'CE' WHEN ae_id = @user THEN 'AE' ELSE 'SDR' END AS role
           FROM trials
          WHERE (ae_id = @user OR ce_id = @user OR sdr_id = @user OR named_sdr_id = @user)
            AND status NOT IN ('disqualified','terminated','converted')
          ORDER BY ends_at IS NULL, ends_at, created_at`,
      )
      .all({ user }) as Parameters<typeof appHome>[0]['trials'];
    await client.views.publish({ user_id: user, view: appHome({ roles, trials }) as never });
  };
}
