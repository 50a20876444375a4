-- Converting a trial raises an issue for the cloud team (issue 17.3): move the instance to a customer
-- license, out of the trial license rotation. SQLite cannot alter a CHECK, so the table is rebuilt.
CREATE TABLE trial_issues_new (
  trial_id   TEXT REFERENCES trials(id),  -- NULL for the pool-low issue
  kind       TEXT NOT NULL CHECK (kind IN ('instance-request','extend','terminate','domain-change','pool-low','convert')),
  number     INTEGER NOT NULL,
  url        TEXT NOT NULL,
  title      TEXT NOT NULL,
  state      TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open','closed')),
  created_at TEXT NOT NULL,
  PRIMARY KEY (number)
);
INSERT INTO trial_issues_new (trial_id, kind, number, url, title, state, created_at)
  SELECT trial_id, kind, number, url, title, state, created_at FROM trial_issues;
DROP TABLE trial_issues;
ALTER TABLE trial_issues_new RENAME TO trial_issues;
CREATE INDEX trial_issues_by_trial ON trial_issues(trial_id);
