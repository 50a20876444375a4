-- Rules of engagement from Salesforce's side (issue 17.6): the accounts CSV may name the AE who
-- holds an open opportunity on the account; a new trial there routes to that AE first.
ALTER TABLE accounts ADD COLUMN owner_ae_email TEXT;
ALTER TABLE accounts ADD COLUMN open_opportunity INTEGER NOT NULL DEFAULT 0;
