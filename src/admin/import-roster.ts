import type { Db } from '../db/open-database.js';
import { describeRemovals, removeRoles } from './roster-removal.js';
import { rosterRoles, upsertPersonRole } from '../stores/people-store.js';
import { ImportError, SeenKeys, email, orNull, required, runCsvImport, yesNo, type CsvRow, type ImportOptions, type ImportResult } from './csv-import.js';

export const ROLES = ['inbound_sdr', 'sdr', 'ae', 'ce', 'license_owner', 'feedback_owner', 'admin'] as const;
export type Role = (typeof ROLES)[number];

const slackUserId = /^[UW][A-Z0-9]{2,}$/;

/**
 * Imports the roster CSV (`slack_user_id,email,name,role,region,eligible`, optional
 * `consultant`): one row per role a person holds, upserted by (slack_user_id, role).
 * With `replace`, the file is the whole roster: every role it does not list is removed,
 * in the same transaction, and the summary says who lost what.
 */
export function importRoster(db: Db, csvText: string, now: Date, options: ImportOptions & { replace?: boolean } = {}): ImportResult {
  const seen = new SeenKeys();
  // One person, one email: a person listed under several roles must not disagree with themselves.
  const emailOf = new Map<string, { email: string; line: number }>();
  const idOf = new Map<string, { id: string; line: number }>();

  const importRow = (row: CsvRow): 'created' | 'updated' => {
    const id = required(row, 'slack_user_id');
    if (!slackUserId.test(id)) {
      throw new ImportError(row.line, `slack_user_id "${id}" is not a Slack user id (U or W, then capital letters and digits)`);
    }
    const address = email(row, 'email');
    const name = required(row, 'name');
    const roleCell = required(row, 'role');
    const role = roleCell.toLowerCase();
    if (!(ROLES as readonly string[]).includes(role)) {
      throw new ImportError(row.line, `unknown role "${roleCell}" (expected one of ${ROLES.join(', ')})`);
    }
    const eligible = yesNo(row, 'eligible');
    const consultant = yesNo(row, 'consultant', false);

    seen.check(`${id}\u0000${role}`, row.line, `${id} as ${role}`);
    const knownEmail = emailOf.get(id);
    if (knownEmail && knownEmail.email !== address) {
      throw new ImportError(row.line, `${id} has email ${address} here but ${knownEmail.email} on line ${knownEmail.line}`);
    }
    const knownId = idOf.get(address);
    if (knownId && knownId.id !== id) {
      throw new ImportError(row.line, `${address} belongs to ${id} here but to ${knownId.id} on line ${knownId.line}`);
    }
    emailOf.set(id, { email: address, line: row.line });
    idOf.set(address, { id, line: row.line });

    return upsertPersonRole(db, { slackUserId: id, role, email: address, name, region: orNull(row.cells.region ?? ''), eligible, consultant });
  };

  return runCsvImport(
    db,
    csvText,
    {
      action: 'import-roster',
      noun: 'roster',
      columns: { required: ['slack_user_id', 'email', 'name', 'role', 'region', 'eligible'], optional: ['consultant'] },
      importRow,
      finish: options.replace ? () => removeAbsent(db, seen) : undefined,
    },
    now,
    options,
  );
}

/** `--replace`: removes every (person, role) the file did not list. */
function removeAbsent(db: Db, listed: SeenKeys): string {
  const rows = rosterRoles(db);
  const absent = rows.filter((r) => !listed.has(`${r.slack_user_id}\u0000${r.role}`));
  if (absent.length === 0) return 'nobody lost a role (--replace)';
  const removals = removeRoles(db, absent);
  return `${removals.length} ${removals.length === 1 ? 'person' : 'people'} lost roles (--replace):\n${describeRemovals(removals)}`;
}
