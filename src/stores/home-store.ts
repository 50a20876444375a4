import type { Db } from '../db/open-database.js';

// Home tabs are redrawn after a change only for people who have opened theirs: Slack keeps a
// published tab, so a person who never looked gets theirs drawn fresh when they first do.

const opened = (user: string) => `home_opened:${user}`;

export function markHomeOpened(db: Db, user: string, now: Date): void {
  db.prepare('INSERT OR IGNORE INTO bot_state (name, value) VALUES (?, ?)').run(opened(user), now.toISOString());
}

/** Who sees this trial on their Home tab and has opened it: its owners and SDRs, inbound SDRs and admins. */
export function homeViewersOf(db: Db, trialId: string): string[] {
  return (
    db
      .prepare(
        `SELECT v.id FROM (
           SELECT ae_id AS id FROM trials WHERE id = @trialId UNION SELECT ce_id FROM trials WHERE id = @trialId
           UNION SELECT sdr_id FROM trials WHERE id = @trialId UNION SELECT named_sdr_id FROM trials WHERE id = @trialId
           UNION SELECT slack_user_id FROM people WHERE role IN ('admin', 'inbound_sdr')) v
          WHERE v.id IS NOT NULL AND EXISTS (SELECT 1 FROM bot_state b WHERE b.name = 'home_opened:' || v.id)`,
      )
      .all({ trialId }) as Array<{ id: string }>
  ).map((r) => r.id);
}
