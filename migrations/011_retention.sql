-- Retention (issue 16.12): what the retention job reads. Raw activity events by arrival are
-- indexed by migration 010 (activity_by_received).

-- Done outbox rows hold prospects' emails in their payloads: deleted RETENTION_DAYS after they were done.
-- Without this the job reads the whole outbox to find them.
CREATE INDEX outbox_done_by_age ON outbox(updated_at) WHERE status = 'done';
