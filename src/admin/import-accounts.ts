import type { Db } from '../db/open-database.js';
import { upsertAccount } from '../stores/account-store.js';
import { personByEmail } from '../stores/people-store.js';
import {
  ImportError,
  SeenKeys,
  optionalDomain,
  optionalEmail,
  orNull,
  required,
  runCsvImport,
  yesNo,
  type CsvRow,
  type ImportOptions,
  type ImportResult,
} from './csv-import.js';

/**
 * Imports the accounts CSV (`domain,account_name,prequalified,named,named_sdr,ae,ce`,
 * optional `region`), upserted by domain. People are named by email and must
 * already be in the roster, so import the roster first.
 */
export function importAccounts(db: Db, csvText: string, now: Date, options: ImportOptions = {}): ImportResult {
  const seen = new SeenKeys();

  const person = (row: CsvRow, column: string): string | null => {
    const address = optionalEmail(row, column);
    if (address !== null && !personByEmail(db, address)) {
      throw new ImportError(row.line, `${column} ${address} is not in the roster`);
    }
    return address;
  };

  const importRow = (row: CsvRow): 'created' | 'updated' => {
    const domain = optionalDomain(row, 'domain');
    if (domain === null) throw new ImportError(row.line, 'domain is empty');
    seen.check(domain, row.line, `domain ${domain}`);
    const accountName = required(row, 'account_name');
    const prequalified = yesNo(row, 'prequalified');
    const named = yesNo(row, 'named');
    const namedSdr = person(row, 'named_sdr');
    const ae = person(row, 'ae');
    const ce = person(row, 'ce');
    if (named) {
      // A named account routes straight to its own AE and CE (case 2.1), which needs both and a prequalified account.
      if (!prequalified) throw new ImportError(row.line, 'a named account must be prequalified');
      if (ae === null) throw new ImportError(row.line, 'a named account needs an ae');
      if (ce === null) throw new ImportError(row.line, 'a named account needs a ce');
    }

    const ownerAe = person(row, 'owner_ae');
    const openOpportunity = yesNo(row, 'open_opportunity', false);
    if (openOpportunity && ownerAe === null) throw new ImportError(row.line, 'an open opportunity needs its owner_ae');
    return upsertAccount(db, { domain, accountName, prequalified, named, namedSdr, ae, ce, region: orNull(row.cells.region ?? ''), ownerAe, openOpportunity });
  };

  return runCsvImport(
    db,
    csvText,
    {
      action: 'import-accounts',
      noun: 'account',
      columns: { required: ['domain', 'account_name', 'prequalified', 'named', 'named_sdr', 'ae', 'ce'], optional: ['region', 'owner_ae', 'open_opportunity'] },
      importRow,
    },
    now,
    options,
  );
}
