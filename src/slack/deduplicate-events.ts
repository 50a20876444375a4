import type { Middleware, AnyMiddlewareArgs } from '@slack/bolt';
import type { Db } from '../db/open-database.js';
import { forgetEventsBefore, rememberEvent } from '../stores/seen-events.js';

/** Slack retries an event within minutes; an id older than this will not come back. */
export const SEEN_EVENTS_KEPT_MS = 3 * 24 * 60 * 60_000;
/** Old ids are pruned at most this often, on the way in of an event. */
const PRUNE_EVERY_MS = 60 * 60_000;

/**
 * Slack re-sends an event it thinks went unanswered (X-Slack-Retry-Num) and
 * Bolt hands every copy to the listeners. The event id is remembered in the
 * database, so a retry — even one arriving after a restart — is acknowledged
 * and dropped. Ids older than a few days are forgotten, so the table stays small.
 */
export function deduplicateEvents(db: Db, now: () => Date): Middleware<AnyMiddlewareArgs> {
  let prunedAt = -Infinity;
  return async ({ body, next }) => {
    const eventId = (body as { event_id?: unknown }).event_id;
    if (typeof eventId === 'string') {
      const at = now();
      if (at.getTime() - prunedAt >= PRUNE_EVERY_MS) {
        forgetEventsBefore(db, new Date(at.getTime() - SEEN_EVENTS_KEPT_MS));
        prunedAt = at.getTime();
      }
      if (!rememberEvent(db, eventId, at)) return;
    }
    await next();
  };
}
