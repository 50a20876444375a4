// What round robin and the rules of engagement read and write: people by role, the account, touches,
// out-of-office, closed opportunities and the rotation.
import type { Db } from '../db/open-database.js';
import type { AssignmentInput, Person } from '../core/round-robin.js';

type PersonRole = Person['role'];

export function peopleWith(db: Db, roles: readonly PersonRole[]): Person[] {
  const rows = db.prepare(`SELECT * FROM people WHERE role IN (${roles.map(() => '?').join(', ')})`).all(...roles) as Array<{
    slack_user_id: string;
    email: string;
    name: string;
    role: PersonRole;
    region: string | null;
    eligible: number;
    consultant: number;
  }>;
  return rows.map((p) => ({
    slackUserId: p.slack_user_id,
    email: p.email,
    name: p.name,
    role: p.role,
    region: p.region,
    eligible: p.eligible === 1,
    consultant: p.consultant === 1,
  }));
}

export function accountByDomain(db: Db, domain: string | null): AssignmentInput['account'] {
  const account = domain
    ? (db.prepare('SELECT * FROM accounts WHERE domain = ?').get(domain) as
        | {
            domain: string;
            region: string | null;
            named: number;
            ae_email: string | null;
            ce_email: string | null;
            named_sdr_email: string | null;
            owner_ae_email: string | null;
            open_opportunity: number;
          }
        | undefined)
    : undefined;
  return account
    ? {
        domain: account.domain,
        region: account.region,
        named: account.named === 1,
        aeEmail: account.ae_email,
        ceEmail: account.ce_email,
        namedSdrEmail: account.named_sdr_email,
        ownerAeEmail: account.owner_ae_email,
        openOpportunity: account.open_opportunity === 1,
      }
    : null;
}

export function touchesOn(db: Db, domain: string, since: string, roles?: readonly PersonRole[]): AssignmentInput['touches'] {
  const inRoles = roles ? ` AND role IN (${roles.map(() => '?').join(', ')})` : '';
  return db
    .prepare(`SELECT slack_user_id AS slackUserId, role, at FROM touches WHERE domain = ? AND at >= ?${inRoles}`)
    .all(domain, since, ...(roles ?? [])) as AssignmentInput['touches'];
}

export const outOfOffice = (db: Db) =>
  db.prepare('SELECT email, from_date AS fromDate, to_date AS toDate FROM out_of_office').all() as AssignmentInput['outOfOffice'];

export function closedOpportunitiesOn(db: Db, domain: string, since: string): AssignmentInput['closedOpportunities'] {
  return db.prepare('SELECT ae_id AS aeId, closed_at AS closedAt FROM opportunities WHERE domain = ? AND closed_at >= ?').all(domain, since) as Array<{
    aeId: string;
    closedAt: string;
  }>;
}

export function rotationState(db: Db): AssignmentInput['rotation'] {
  return (
    db.prepare('SELECT role, slack_user_id, last_assigned_at, assignments FROM rotation').all() as Array<{
      role: 'ae' | 'ce';
      slack_user_id: string;
      last_assigned_at: string;
      assignments: number;
    }>
  ).map((r) => ({ role: r.role, slackUserId: r.slack_user_id, lastAssignedAt: r.last_assigned_at, assignments: r.assignments }));
}

export function saveRotation(db: Db, rows: Iterable<{ role: string; slackUserId: string; lastAssignedAt: string; assignments: number }>): void {
  const upsert = db.prepare(
    `INSERT INTO rotation (role, slack_user_id, last_assigned_at, assignments) VALUES (@role, @slackUserId, @lastAssignedAt, @assignments)
     ON CONFLICT(role, slack_user_id) DO UPDATE SET last_assigned_at = excluded.last_assigned_at, assignments = excluded.assignments`,
  );
  for (const row of rows) upsert.run(row);
}

/** The roles among `as` that the person holds. */
export function rolesOf(db: Db, who: string, as: readonly string[]): string[] {
  return (
    db.prepare(`SELECT role FROM people WHERE slack_user_id = ? AND role IN (${as.map(() => '?').join(', ')})`).all(who, ...as) as Array<{ role: string }>
  ).map((r) => r.role);
}

export function insertTouches(db: Db, t: { domain: string; who: string; roles: readonly string[]; kind: string; trialId: string; at: string }): void {
  const insert = db.prepare('INSERT INTO touches (domain, slack_user_id, role, kind, trial_id, at) VALUES (?, ?, ?, ?, ?, ?)');
  for (const role of t.roles) insert.run(t.domain, t.who, role, t.kind, t.trialId, t.at);
}
