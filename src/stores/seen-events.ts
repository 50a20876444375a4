import type { Db } from '../db/open-database.js';

/** Remembers a Slack event id; false when it was seen before (a retry). */
export function rememberEvent(db: Db, eventId: string, at: Date): boolean {
  return db.prepare('INSERT INTO seen_slack_events (event_id, seen_at) VALUES (?, ?) ON CONFLICT DO NOTHING').run(eventId, at.toISOString()).changes === 1;
}

export function forgetEventsBefore(db: Db, before: Date): void {
  db.prepare('DELETE FROM seen_slack_events WHERE seen_at < ?').run(before.toISOString());
}
