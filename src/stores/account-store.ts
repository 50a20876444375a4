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

export interface AccountImport {
  domain: string;
  accountName: string;
  prequalified: boolean;
  named: boolean;
  namedSdr: string | null;
  ae: string | null;
  ce: string | null;
  region: string | null;
  ownerAe?: string | null;
  openOpportunity?: boolean;
}

/** Inserts or replaces the account of a domain; returns whether it was new. */
export function upsertAccount(db: Db, a: AccountImport): 'created' | 'updated' {
  const existed = db.prepare('SELECT 1 FROM accounts WHERE domain = ?').get(a.domain) !== undefined;
  db.prepare(
    `
    INSERT INTO accounts (domain, account_name, prequalified, named, named_sdr_email, ae_email, ce_email, region, owner_ae_email, open_opportunity)
    VALUES (@domain, @accountName, @prequalified, @named, @namedSdr, @ae, @ce, @region, @ownerAe, @openOpportunity)
    ON CONFLICT (domain) DO UPDATE SET
      account_name = excluded.account_name, prequalified = excluded.prequalified, named = excluded.named,
      named_sdr_email = excluded.named_sdr_email, ae_email = excluded.ae_email, ce_email = excluded.ce_email,
      region = excluded.region, owner_ae_email = excluded.owner_ae_email, open_opportunity = excluded.open_opportunity`,
  ).run({ ...a, prequalified: a.prequalified ? 1 : 0, named: a.named ? 1 : 0, ownerAe: a.ownerAe ?? null, openOpportunity: a.openOpportunity ? 1 : 0 });
  return existed ? 'updated' : 'created';
}
