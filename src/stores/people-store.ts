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
