import type { Db } from '../db/open-database.js';

export interface AccountRow {
  domain: string;
  account_name: string | null;
  prequalified: number;
  named: number;
  region: string | null;
  ae_email: string | null;
  ce_email: string | null;
  named_sdr_email: string | null;
}

/** The account (from the accounts CSV) of a domain, if imported. */
export function accountOf(db: Db, domain: string | null | undefined): AccountRow | undefined {
  return domain ? (db.prepare('SELECT * FROM accounts WHERE domain = ?').get(domain) as AccountRow | undefined) : undefined;
}
