import type { Db } from '../../db/open-database.js';
import type { appHome } from '../../messages/slack/app-home.js';

type AppHomeView = Parameters<typeof appHome>[0];

/** A person's Home tab: their roles and the open trials they own or sourced, soonest end first. */
export function appHomeView(db: Db, user: string): AppHomeView {
  const roles = (db.prepare('SELECT role FROM people WHERE slack_user_id = ? ORDER BY role').all(user) as Array<{ role: string }>).map((r) => r.role);
  const trials = db
    .prepare(
      `SELECT id, company, domain, status, ends_at AS endsOn, space_channel_id AS spaceChannelId,
              CASE WHEN ce_id = @user THEN 'CE' WHEN ae_id = @user THEN 'AE' ELSE 'SDR' END AS role
         FROM trials
        WHERE (ae_id = @user OR ce_id = @user OR sdr_id = @user OR named_sdr_id = @user)
          AND status NOT IN ('disqualified','terminated','converted')
        ORDER BY ends_at IS NULL, ends_at, created_at`,
    )
    .all({ user }) as AppHomeView['trials'];
  return { roles, trials };
}
