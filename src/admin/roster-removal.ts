import { writeTransaction, type Db } from '../db/open-database.js';
import { audit } from '../stores/audit-log.js';
import { deleteRole, rosterRoles, type PersonRole } from '../stores/people-store.js';
import { openTrialsOwnedBy } from '../stores/trial-store.js';

/** What one person lost from the roster, and the open trials still in their name. */
export interface Removal {
  slackUserId: string;
  name: string;
  email: string;
  roles: string[];
  /** Open trials whose CE or AE they still are: an admin gives those another (`admin -- assign`). */
  ownedTrials: number;
}

/**
 * Deletes these roster rows (call inside the caller's transaction) and says who lost what.
 * Permissions read the roster on every click and command, so this is effective at once.
 */
export function removeRoles(db: Db, rows: PersonRole[]): Removal[] {
  const byPerson = new Map<string, Removal>();
  for (const row of rows) {
    deleteRole(db, row.slack_user_id, row.role);
    const person = byPerson.get(row.slack_user_id) ?? { slackUserId: row.slack_user_id, name: row.name, email: row.email, roles: [], ownedTrials: 0 };
    person.roles.push(row.role);
    byPerson.set(row.slack_user_id, person);
  }
  for (const person of byPerson.values()) person.ownedTrials = openTrialsOwnedBy(db, person.slackUserId);
  return [...byPerson.values()].sort((a, b) => a.email.localeCompare(b.email));
}

/** One line per person: `Carol Ce (carol@acme.com): ce, license_owner; still owns 2 open trials …`. */
export function describeRemovals(removals: Removal[]): string {
  return removals
    .map(
      (r) =>
        `  ${r.name} (${r.email}) lost ${r.roles.sort().join(', ')}` +
        (r.ownedTrials > 0
          ? `; still the CE or AE of ${r.ownedTrials} open trial${r.ownedTrials === 1 ? '' : 's'}: give ${r.ownedTrials === 1 ? 'it' : 'them'} another with admin -- assign`
          : ''),
    )
    .join('\n');
}

/** `admin -- remove-person EMAIL`: every role of the person with that email, in one transaction. */
export function removePerson(db: Db, emailArg: string, now: Date): string {
  const email = emailArg.trim().toLowerCase();
  return writeTransaction(db, () => {
    const rows = rosterRoles(db, email);
    if (rows.length === 0) throw new Error(`${email} is not in the roster`);
    const removals = removeRoles(db, rows);
    const summary = `removed ${email} from the roster:\n${describeRemovals(removals)}`;
    audit(db, { trialId: null, actor: 'cli', action: 'remove-person', detail: `${email}: ${rows.map((r) => r.role).join(', ')}` }, now);
    return summary;
  });
}
