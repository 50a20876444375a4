-- Core tables: who works here, what accounts and instances exist, every signup
-- and the trial it belongs to, the audit trail, and the outbox of side effects.
-- Times are ISO-8601 UTC strings ("2026-11-22T09:00:00.000Z"); booleans are 0/1.

CREATE TABLE people (
  slack_user_id TEXT NOT NULL,
  role          TEXT NOT NULL CHECK (role IN
                  ('inbound_sdr','sdr','ae','ce','license_owner','feedback_owner','admin')),
  email         TEXT NOT NULL,
  name          TEXT NOT NULL,
  region        TEXT,
  eligible      INTEGER NOT NULL DEFAULT 0 CHECK (eligible IN (0,1)),
  consultant    INTEGER NOT NULL DEFAULT 0 CHECK (consultant IN (0,1)),
  PRIMARY KEY (slack_user_id, role)
);
CREATE INDEX people_by_email ON people(email);
CREATE INDEX people_by_role ON people(role);

CREATE TABLE accounts (
  domain          TEXT PRIMARY KEY,
  account_name    TEXT NOT NULL,
  prequalified    INTEGER NOT NULL CHECK (prequalified IN (0,1)),
  named           INTEGER NOT NULL CHECK (named IN (0,1)),
  named_sdr_email TEXT,
  ae_email        TEXT,
  ce_email        TEXT,
  region          TEXT
);

CREATE TABLE trials (
  id                 TEXT PRIMARY KEY,
  case_code          TEXT NOT NULL CHECK (case_code IN ('1','2.1','2.2','3')),
  -- triage: case 3 waiting for an SDR; queued: qualified but at capacity;
  -- provisioning: instance requested; active: clock running; existing: an
  -- instance imported from before trialbot; disqualified/terminated/converted: ended.
  status             TEXT NOT NULL CHECK (status IN
                       ('triage','disqualified','queued','provisioning','active','existing',
                        'terminated','converted')),
  domain             TEXT NOT NULL,
  personal_email     INTEGER NOT NULL DEFAULT 0,
  account_domain     TEXT,
  company            TEXT,
  prospect_name      TEXT,
  prospect_email     TEXT NOT NULL,
  instance_url       TEXT,
  ae_id              TEXT,
  ce_id              TEXT,
  sdr_id             TEXT,
  named_sdr_id       TEXT,
  alert_channel      TEXT,
  alert_ts           TEXT,
  space_name         TEXT,
  space_channel_id   TEXT,
  space_thread_ts    TEXT,
  card_channel       TEXT,
  card_ts            TEXT,
  queued_at          TEXT,
  request_issue_number INTEGER,
  request_issue_url  TEXT,
  decided_by         TEXT,
  decided_at         TEXT,
  decision           TEXT CHECK (decision IN ('qualified','disqualified')),
  disqualify_reason  TEXT,
  opportunity_by     TEXT,
  opportunity_at     TEXT,
  started_at         TEXT,
  ends_at            TEXT,
  ended_at           TEXT,
  end_reason         TEXT,
  created_at         TEXT NOT NULL,
  updated_at         TEXT NOT NULL
);
CREATE INDEX trials_by_domain ON trials(domain);
CREATE INDEX trials_by_status ON trials(status);
CREATE UNIQUE INDEX trials_by_space_name ON trials(space_name) WHERE space_name IS NOT NULL;
CREATE UNIQUE INDEX trials_by_space_channel ON trials(space_channel_id) WHERE space_channel_id IS NOT NULL;
CREATE INDEX trials_by_issue ON trials(request_issue_number);

CREATE TABLE instances (
  url         TEXT PRIMARY KEY,
  domain      TEXT,            -- NULL: a pre-provisioned instance waiting in the pool
  admin_email TEXT,
  status      TEXT NOT NULL DEFAULT 'live' CHECK (status IN ('live','terminated')),
  trial_id    TEXT REFERENCES trials(id),
  created_at  TEXT NOT NULL,
  linked_at   TEXT
);
-- One live instance per domain: this is what makes "same domain shares one" hold.
CREATE UNIQUE INDEX instances_live_domain ON instances(domain) WHERE status = 'live' AND domain IS NOT NULL;
CREATE INDEX instances_pool ON instances(created_at) WHERE status = 'live' AND domain IS NULL;

CREATE TABLE signups (
  id           TEXT PRIMARY KEY,  -- the signup site's id: the idempotency key
  trial_id     TEXT NOT NULL REFERENCES trials(id),
  email        TEXT NOT NULL,
  name         TEXT,
  company      TEXT,
  domain       TEXT NOT NULL,
  case_code    TEXT NOT NULL,
  signed_up_at TEXT NOT NULL,
  received_at  TEXT NOT NULL,
  alert_channel TEXT,
  alert_ts     TEXT,
  response     TEXT NOT NULL      -- the exact JSON answered, replayed for a repeated id
);
CREATE INDEX signups_by_trial ON signups(trial_id);

-- Every GitHub issue the bot opened for a trial: the instance request, extensions,
-- terminations, domain changes. `state` follows the issue via webhooks and polling.
CREATE TABLE trial_issues (
  trial_id   TEXT REFERENCES trials(id),  -- NULL for the pool-low issue
  kind       TEXT NOT NULL CHECK (kind IN ('instance-request','extend','terminate','domain-change','pool-low')),
  number     INTEGER NOT NULL,
  url        TEXT NOT NULL,
  title      TEXT NOT NULL,
  state      TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open','closed')),
  created_at TEXT NOT NULL,
  PRIMARY KEY (number)
);
CREATE INDEX trial_issues_by_trial ON trial_issues(trial_id);

CREATE TABLE audit (
  id       INTEGER PRIMARY KEY,
  trial_id TEXT,
  actor    TEXT NOT NULL,        -- a Slack user id, or 'trialbot', 'signup', 'github', 'cli'
  action   TEXT NOT NULL,
  detail   TEXT,
  at       TEXT NOT NULL
);
CREATE INDEX audit_by_trial ON audit(trial_id, id);

-- Side effects, written in the same transaction as the state change that
-- causes them and carried out by the outbox worker. `key` is the idempotency
-- key: recording the same effect twice is a no-op.
CREATE TABLE outbox (
  id          INTEGER PRIMARY KEY,
  key         TEXT NOT NULL UNIQUE,
  kind        TEXT NOT NULL,
  -- Effects of one lane (usually one trial) run one at a time, in id order:
  -- the card is posted after the channel exists, the alert updated after it was posted.
  lane        TEXT NOT NULL,
  trial_id    TEXT,
  payload     TEXT NOT NULL,
  status      TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','running','done','failed')),
  attempts    INTEGER NOT NULL DEFAULT 0,
  run_after   TEXT NOT NULL,
  last_error  TEXT,
  result      TEXT,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
);
CREATE INDEX outbox_ready ON outbox(run_after) WHERE status = 'pending';
CREATE INDEX outbox_open_by_lane ON outbox(lane, id) WHERE status IN ('pending','running');
CREATE INDEX outbox_by_trial ON outbox(trial_id);

-- Slack retries events it thinks went unanswered; this remembers what was seen.
CREATE TABLE seen_slack_events (
  event_id TEXT PRIMARY KEY,
  seen_at  TEXT NOT NULL
);

-- Small named facts the bot keeps about itself (e.g. when the pool-low alert went out).
CREATE TABLE bot_state (
  name  TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
