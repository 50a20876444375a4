-- A domain change done (issue 17.4): the instance answers at its new address; its old address still
-- counts as the instance for a grace period, so usage reported from either is the trial's.
CREATE TABLE instance_aliases (
  url          TEXT PRIMARY KEY,      -- the old address, normalised like instances.url
  instance_url TEXT NOT NULL,         -- the instance's address now
  until        TEXT NOT NULL          -- the end of the grace period (UTC instant)
) WITHOUT ROWID;
