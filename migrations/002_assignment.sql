-- What round robin and the rules of engagement need to remember.

-- Last assignment per person and role: the rotation survives a restart.
CREATE TABLE rotation (
  role             TEXT NOT NULL CHECK (role IN ('ae','ce')),
  slack_user_id    TEXT NOT NULL,
  last_assigned_at TEXT NOT NULL,
  assignments      INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (role, slack_user_id)
);

CREATE TABLE out_of_office (
  id         INTEGER PRIMARY KEY,
  email      TEXT NOT NULL,
  from_date  TEXT NOT NULL,   -- YYYY-MM-DD, inclusive, in TIMEZONE
  to_date    TEXT NOT NULL,   -- YYYY-MM-DD, inclusive
  created_at TEXT NOT NULL
);
CREATE INDEX out_of_office_by_email ON out_of_office(email);

-- A touch: someone acted on an account (decided, was assigned, ran a command).
CREATE TABLE touches (
  id            INTEGER PRIMARY KEY,
  domain        TEXT NOT NULL,
  slack_user_id TEXT NOT NULL,
  role          TEXT NOT NULL,
  kind          TEXT NOT NULL,
  trial_id      TEXT,
  at            TEXT NOT NULL
);
CREATE INDEX touches_by_domain ON touches(domain, at);

-- Closed opportunities (a converted trial closes one for its AE).
CREATE TABLE opportunities (
  id         INTEGER PRIMARY KEY,
  domain     TEXT NOT NULL,
  ae_id      TEXT NOT NULL,
  trial_id   TEXT,
  outcome    TEXT NOT NULL CHECK (outcome IN ('won','lost')),
  closed_at  TEXT NOT NULL
);
CREATE INDEX opportunities_by_domain ON opportunities(domain, closed_at);
