-- Trial lifecycle: deadlines as state, product usage, the shared license key.

-- A milestone is a decision that falls due on a local date (day 15, day 30,
-- the end of an extension). The deadlines job prompts once, escalates once.
CREATE TABLE milestones (
  id           INTEGER PRIMARY KEY,
  trial_id     TEXT NOT NULL REFERENCES trials(id),
  kind         TEXT NOT NULL CHECK (kind IN ('day15','day30','extension_end')),
  due_on       TEXT NOT NULL,   -- local date YYYY-MM-DD in TIMEZONE
  due_at       TEXT NOT NULL,   -- the UTC instant that local date starts
  prompted_at  TEXT,
  escalated_at TEXT,
  answered_at  TEXT,
  cancelled_at TEXT,
  UNIQUE (trial_id, kind, due_on)
);
-- The sweep reads only open milestones that are due: it grows with what is due.
CREATE INDEX milestones_to_prompt ON milestones(due_at) WHERE prompted_at IS NULL AND cancelled_at IS NULL;
CREATE INDEX milestones_to_escalate ON milestones(prompted_at)
  WHERE prompted_at IS NOT NULL AND answered_at IS NULL AND escalated_at IS NULL AND cancelled_at IS NULL;

CREATE TABLE activity_events (
  id           TEXT PRIMARY KEY,   -- the instance's event id: duplicates count once
  instance_url TEXT NOT NULL REFERENCES instances(url),
  event        TEXT NOT NULL CHECK (event IN ('search','visit','code_host_added','repo_added')),
  private      INTEGER NOT NULL DEFAULT 0,
  at           TEXT NOT NULL,
  received_at  TEXT NOT NULL
);
CREATE INDEX activity_by_instance ON activity_events(instance_url, at);

CREATE TABLE license_rotations (
  id         INTEGER PRIMARY KEY,
  rotated_at TEXT NOT NULL,
  rotated_by TEXT NOT NULL
);

-- One reminder per due period; `period_due_at` identifies the period.
CREATE TABLE license_reminders (
  period_due_at TEXT PRIMARY KEY,
  reminded_at   TEXT NOT NULL,
  escalated_at  TEXT
);
