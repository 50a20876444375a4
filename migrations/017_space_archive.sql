-- The trial's space over its life (issue 17.7): archived ARCHIVE_AFTER_DAYS after the trial ended,
-- with a note the day before; these mark each as done.
ALTER TABLE trials ADD COLUMN space_archive_noted_at TEXT;
ALTER TABLE trials ADD COLUMN space_archived_at TEXT;
CREATE INDEX trials_spaces_to_archive ON trials(ended_at)
  WHERE status IN ('terminated', 'converted') AND space_channel_id IS NOT NULL AND space_archived_at IS NULL;
