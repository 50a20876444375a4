-- Retry bookkeeping on the outbox row itself, and the index event de-duplication prunes by.

-- When the effect's current run of transient failures began: the retry budget counts from here,
-- not from when it was recorded (an effect that waited behind its lane has spent nothing).
-- Cleared when it succeeds and by `admin -- outbox retry`.
ALTER TABLE outbox ADD COLUMN failing_since TEXT;
-- How often an operator put the failed effect back (`admin -- outbox retry`): each failure after
-- one is reported again.
ALTER TABLE outbox ADD COLUMN manual_retries INTEGER NOT NULL DEFAULT 0;

-- These used to be kept in bot_state, one entry per retried effect, never removed.
UPDATE outbox SET manual_retries = (
  SELECT json_extract(value, '$.retries') FROM bot_state WHERE name = 'outbox-retry:' || outbox.key
) WHERE EXISTS (SELECT 1 FROM bot_state WHERE name = 'outbox-retry:' || outbox.key AND json_valid(value)
                AND typeof(json_extract(value, '$.retries')) = 'integer');
-- An effect retrying now keeps the budget it had: from its last manual retry, else its creation.
UPDATE outbox SET failing_since = coalesce(
  (SELECT json_extract(value, '$.at') FROM bot_state WHERE name = 'outbox-retry:' || outbox.key AND json_valid(value)),
  created_at
) WHERE status IN ('pending', 'running') AND last_error IS NOT NULL;
DELETE FROM bot_state WHERE name LIKE 'outbox-retry:%';

-- Pruning forgets ids by age (DELETE … WHERE seen_at < ?): without this it reads the whole table.
CREATE INDEX seen_slack_events_by_seen_at ON seen_slack_events(seen_at);
