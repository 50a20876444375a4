import type { Db } from '../db/open-database.js';

export type Role = 'inbound_sdr' | 'sdr' | 'ae' | 'ce' | 'license_owner' | 'feedback_owner' | 'admin';

export interface PersonRow {
  slack_user_id: string;
  role: Role;
  email: string;
  name: string;
  region: string | null;
  eligible: 0 | 1;
  consultant: 0 | 1;
}

export function hasRole(db: Db, slackUserId: string, ...roles: Role[]): boolean {
  return roles.some((role) => db.prepare('SELECT 1 FROM people WHERE slack_user_id = ? AND role = ?').get(slackUserId, role) !== undefined);
}

/** A person by Slack id (any of their roles; the name and email are the same on each). */
export function personById(db: Db, slackUserId: string | null | undefined): PersonRow | undefined {
  if (!slackUserId) return undefined;
  return db.prepare('SELECT * FROM people WHERE slack_user_id = ? ORDER BY role LIMIT 1').get(slackUserId) as PersonRow | undefined;
}

/** A person by email, preferring the row of `preferRole` when they hold several. */
export function personByEmail(db: Db, email: string | null | undefined, preferRole?: Role): PersonRow | undefined {
  if (!email) return undefined;
  return db
    .prepare('SELECT * FROM people WHERE email = ? ORDER BY CASE WHEN role = ? THEN 0 ELSE 1 END, role LIMIT 1')
    .get(email.toLowerCase(), preferRole ?? '') as PersonRow | undefined;
}

export function peopleWithRole(db: Db, role: Role): PersonRow[] {
  return db.prepare('SELECT * FROM people WHERE role = ? ORDER BY slack_user_id').all(role) as PersonRow[];
}

/** The roles a roster email holds. */
export function rolesOfEmail(db: Db, email: string): string[] {
  return (db.prepare('SELECT role FROM people WHERE email = ? ORDER BY role').all(email) as Array<{ role: string }>).map((r) => r.role);
}

/** One (person, role) row of the roster. */
export interface PersonRole {
  slack_user_id: string;
  role: string;
  name: string;
  email: string;
}

/** Every role the roster lists, by email then role (or only those of `email`). */
export function rosterRoles(db: Db, email?: string): PersonRole[] {
  const where = email === undefined ? '' : ' WHERE email = ?';
  return db
    .prepare(`SELECT slack_user_id, role, name, email FROM people${where} ORDER BY email, role`)
    .all(...(email === undefined ? [] : [email])) as PersonRole[];
}

export function deleteRole(db: Db, slackUserId: string, role: string): void {
  db.prepare('DELETE FROM people WHERE slack_user_id = ? AND role = ?').run(slackUserId, role);
}

export interface PersonImport {
  slackUserId: string;
  role: string;
  email: string;
  name: string;
  region: string | null;
  eligible: boolean;
  consultant: boolean;
}

/** Inserts or replaces one (person, role); returns whether it was new. */
export function upsertPersonRole(db: Db, p: PersonImport): 'created' | 'updated' {
  const existed = db.prepare('SELECT 1 FROM people WHERE slack_user_id = ? AND role = ?').get(p.slackUserId, p.role) !== undefined;
  db.prepare(
    `
    INSERT INTO people (slack_user_id, role, email, name, region, eligible, consultant)
    VALUES (@slackUserId, @role, @email, @name, @region, @eligible, @consultant)
    ON CONFLICT (slack_user_id, role) DO UPDATE SET
      email = excluded.email, name = excluded.name, region = excluded.region,
      eligible = excluded.eligible, consultant = excluded.consultant`,
  ).run({ ...p, eligible: p.eligible ? 1 : 0, consultant: p.consultant ? 1 : 0 });
  return existed ? 'updated' : 'created';
}

/** Everyone in the roster once (a person with several roles is one person), in the order they were added. */
export function rosterPeople(db: Db): Array<{ id: string; name: string; email: string; role: string }> {
  return db.prepare('SELECT slack_user_id AS id, name, email, role FROM people ORDER BY rowid').all() as Array<{
    id: string;
    name: string;
    email: string;
    role: string;
  }>;
}
