-- Activity as counters (issue 15): each usage event updates its instance's day and totals in O(1),
-- where the grade used to re-read every event of the instance twice per event (quadratic over a
-- trial). Raw events are then only the duplicate check (`id`) and can be pruned.

-- One row per instance and local day (TIMEZONE when the event arrived) with any event.
CREATE TABLE activity_days (
  instance_url TEXT NOT NULL,
  day          TEXT NOT NULL,      -- local date, YYYY-MM-DD
  events       INTEGER NOT NULL,
  searches     INTEGER NOT NULL,
  first_at     TEXT NOT NULL,      -- the day's earliest event
  PRIMARY KEY (instance_url, day)
) WITHOUT ROWID;

-- One row per instance: what the PQL grade is decided on, and when its milestones were reached.
CREATE TABLE activity_totals (
  instance_url       TEXT PRIMARY KEY,
  events             INTEGER NOT NULL,
  searches           INTEGER NOT NULL,
  days_active        INTEGER NOT NULL,
  code_host_added    INTEGER NOT NULL,
  private_code_added INTEGER NOT NULL,
  any_code_added     INTEGER NOT NULL,
  first_at           TEXT NOT NULL,
  first_search_at    TEXT,
  first_code_host_at TEXT,
  first_repo_at      TEXT,
  first_real_use_at  TEXT,           -- first search, or a code host and a repository both added
  pql_at             TEXT            -- grade B first met: a search, a repository, a second active day
) WITHOUT ROWID;

-- The same two moments on the trial, for the funnel (kept in step with its instance's totals).
ALTER TABLE trials ADD COLUMN first_real_use_at TEXT;
ALTER TABLE trials ADD COLUMN pql_at TEXT;
CREATE INDEX trials_by_instance ON trials(instance_url) WHERE instance_url IS NOT NULL;

-- Pruning raw events by age.
CREATE INDEX activity_by_received ON activity_events(received_at);
