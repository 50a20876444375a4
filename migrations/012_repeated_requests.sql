-- A lifecycle command repeated by the same person within a minute with the same arguments is one
-- request (issue 16.1): a retyped `/trial extend` carries a new trigger_id, so the trigger cannot
-- tell it from a new one. One row per person, trial, action and arguments: the last time it was done.
CREATE TABLE recent_requests (
  trial_id TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  args TEXT NOT NULL,
  at TEXT NOT NULL,
  PRIMARY KEY (trial_id, actor, action, args)
) WITHOUT ROWID;
