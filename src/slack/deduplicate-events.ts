import type { Middleware, AnyMiddlewareArgs } from '@slack/bolt';
import type { Db } from '../db/open-database.js';

/**
 * Slack re-sends an event it thinks went unanswered (X-Slack-Retry-Num) and
 * Bolt hands every copy to the listeners. The event id is remembered in the
 * database, so a retry — even one arriving after a restart — is acknowledged
 * and dropped.
 */
export function deduplicateEvents(db: Db, now: () => Date): Middleware<AnyMiddlewareArgs> {
  const remember = db.prepare('INSERT INTO seen_slack_events (event_id, seen_at) VALUES (?, ?) ON CONFLICT DO NOTHING');
  return async ({ body, next }) => {
    const eventId = (body as { event_id?: unknown }).event_id;
    if (typeof eventId === 'string' && remember.run(eventId, now().toISOString()).changes === 0) return;
    await next();
  };
}
