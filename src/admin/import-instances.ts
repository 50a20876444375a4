import { normaliseInstanceUrl } from '../core/instance-url.js';
import { getDomain } from 'tldts';
import type { Db } from '../db/open-database.js';
import { insertInstance, instanceRecord, otherLiveInstance, setInstanceOwner } from '../stores/instance-store.js';
import {
  ImportError,
  SeenKeys,
  optionalDomain,
  optionalEmail,
  required,
  runCsvImport,
  type CsvRow,
  type ImportOptions,
  type ImportResult,
} from './csv-import.js';

/**
 * Imports the instances CSV (`url,domain,admin_email`), upserted by url. Empty
 * domain and admin_email: a pre-provisioned pool instance. Otherwise the
 * instance belongs to the domain of its initial admin, so both are required
 * and must agree.
 */
export function importInstances(db: Db, csvText: string, now: Date, options: ImportOptions = {}): ImportResult {
  const seen = new SeenKeys();
  const lineOfUrl = new Map<string, number>();

  const importRow = (row: CsvRow): 'created' | 'updated' => {
    const rawUrl = required(row, 'url');
    const url = normaliseInstanceUrl(rawUrl);
    if (url === null) {
      throw new ImportError(row.line, `url "${rawUrl}" is not an http(s) URL (like https://acme.example.com)`);
    }
    seen.check(url, row.line, `url ${url}`);
    lineOfUrl.set(url, row.line);

    const domain = optionalDomain(row, 'domain');
    const adminEmail = optionalEmail(row, 'admin_email');
    if (domain === null && adminEmail !== null) {
      throw new ImportError(row.line, 'domain is empty but admin_email is not (leave both empty for a pool instance)');
    }
    if (domain !== null && adminEmail === null) {
      throw new ImportError(row.line, 'admin_email is empty but domain is not (leave both empty for a pool instance)');
    }
    if (domain !== null && adminEmail !== null) {
      const emailDomain = adminEmail.slice(adminEmail.lastIndexOf('@') + 1);
      if (getDomain(emailDomain) !== domain) {
        throw new ImportError(row.line, `admin_email ${adminEmail} is not at ${domain}`);
      }
    }

    const before = instanceRecord(db, url);
    if (before === undefined) {
      if (domain !== null) checkNoOtherLiveInstance(row, domain, url);
      insertInstance(db, { url, domain, adminEmail }, now);
      return 'created';
    }
    if (domain === null) {
      // A pool row for an instance the bot has since linked to a domain: re-importing
      // the pool file must not unlink a running trial, so keep the link.
      if (before.domain === null) setInstanceOwner(db, { url, domain: null, adminEmail: null });
      return 'updated';
    }
    if (before.status === 'live') checkNoOtherLiveInstance(row, domain, url);
    setInstanceOwner(db, { url, domain, adminEmail });
    return 'updated';
  };

  // The schema's unique index would refuse this too, but without saying which line or instance.
  const checkNoOtherLiveInstance = (row: CsvRow, domain: string, url: string): void => {
    const other = otherLiveInstance(db, domain, url);
    if (other === undefined) return;
    const otherLine = lineOfUrl.get(other);
    const where = otherLine === undefined ? 'already in the database' : `on line ${otherLine}`;
    throw new ImportError(row.line, `${domain} already has a live instance, ${other} (${where})`);
  };

  return runCsvImport(
    db,
    csvText,
    { action: 'import-instances', noun: 'instance', columns: { required: ['url', 'domain', 'admin_email'] }, importRow },
    now,
    options,
  );
}
