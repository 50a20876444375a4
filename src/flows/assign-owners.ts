import type { Db } from '../db/open-database.js';
import { localDate } from '../core/deadlines.js';
import {
  assignOwners,
  CLOSED_OPPORTUNITY_WINDOW_DAYS,
  leadSdr,
  nextRotationState,
  TOUCH_WINDOW_DAYS,
  type Assignment,
  type AssignmentInput,
  type Person,
  type SdrPick,
} from '../core/round-robin.js';
import type { TrialRow } from '../core/trial.js';

const DAY = 86_400_000;

type PersonRole = Person['role'];

function peopleWith(db: Db, roles: readonly PersonRole[]): Person[] {
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

function accountOf(db: Db, trial: TrialRow): AssignmentInput['account'] {
  const account = trial.account_domain
    ? (db.prepare('SELECT * FROM accounts WHERE domain = ?').get(trial.account_domain) as
        { domain: string; region: string | null; named: number; ae_email: string | null; ce_email: string | null; named_sdr_email: string | null } | undefined)
    : undefined;
  return account
    ? {
        domain: account.domain,
        region: account.region,
        named: account.named === 1,
        aeEmail: account.ae_email,
        ceEmail: account.ce_email,
        namedSdrEmail: account.named_sdr_email,
      }
    : null;
}

function touchesOn(db: Db, domain: string, since: string, roles?: readonly PersonRole[]): AssignmentInput['touches'] {
  const inRoles = roles ? ` AND role IN (${roles.map(() => '?').join(', ')})` : '';
  return db
    .prepare(`SELECT slack_user_id AS slackUserId, role, at FROM touches WHERE domain = ? AND at >= ?${inRoles}`)
    .all(domain, since, ...(roles ?? [])) as AssignmentInput['touches'];
}

const outOfOffice = (db: Db) => db.prepare('SELECT email, from_date AS fromDate, to_date AS toDate FROM out_of_office').all() as AssignmentInput['outOfOffice'];
const daysBefore = (now: Date, days: number) => new Date(now.getTime() - days * DAY).toISOString();
const ownerRoles: readonly PersonRole[] = ['ae', 'ce', 'sdr', 'inbound_sdr'];
const sdrRoles: readonly PersonRole[] = ['sdr', 'inbound_sdr'];

/** What round robin and the rules of engagement need to know about one trial's account. */
function assignmentInput(db: Db, trial: TrialRow, now: Date, zone: string): AssignmentInput {
  // Personal mailboxes are not an account: nobody "owns" gmail.com.
  const domain = trial.personal_email ? null : trial.domain;
  const since90 = daysBefore(now, CLOSED_OPPORTUNITY_WINDOW_DAYS);
  const closedOpportunities = domain
    ? (db.prepare('SELECT ae_id AS aeId, closed_at AS closedAt FROM opportunities WHERE domain = ? AND closed_at >= ?').all(domain, since90) as Array<{
        aeId: string;
        closedAt: string;
      }>)
    : [];
  const rotation = (
    db.prepare('SELECT role, slack_user_id, last_assigned_at, assignments FROM rotation').all() as Array<{
      role: 'ae' | 'ce';
      slack_user_id: string;
      last_assigned_at: string;
      assignments: number;
    }>
  ).map((r) => ({ role: r.role, slackUserId: r.slack_user_id, lastAssignedAt: r.last_assigned_at, assignments: r.assignments }));

  return {
    people: peopleWith(db, ownerRoles),
    account: accountOf(db, trial),
    touches: domain ? touchesOn(db, domain, since90) : [],
    closedOpportunities,
    rotation,
    outOfOffice: outOfOffice(db),
    now,
    today: localDate(now, zone),
  };
}

/**
 * Decides the trial's owners with the pure `assignOwners` and stores the
 * rotation so a restart continues where it left off. Call inside the deciding transaction.
 */
export function assignTrialOwners(db: Db, trial: TrialRow, now: Date, zone: string): Assignment {
  const input = assignmentInput(db, trial, now, zone);
  const assignment = assignOwners(input);
  const rotation = input.rotation;

  const upsert = db.prepare(
    `INSERT INTO rotation (role, slack_user_id, last_assigned_at, assignments) VALUES (@role, @slackUserId, @lastAssignedAt, @assignments)
     ON CONFLICT(role, slack_user_id) DO UPDATE SET last_assigned_at = excluded.last_assigned_at, assignments = excluded.assignments`,
  );
  for (const row of nextRotationState(rotation, assignment, now)) upsert.run(row);
  return assignment;
}

/** The SDR a new lead of this trial's account routes to by the rules of engagement, if any. */
export function leadSdrFor(db: Db, trial: TrialRow, now: Date, zone: string): SdrPick | null {
  // Nobody works gmail.com: a personal mailbox has no account to have touched.
  if (trial.personal_email) return null;
  return leadSdr({
    people: peopleWith(db, sdrRoles),
    account: accountOf(db, trial),
    touches: touchesOn(db, trial.domain, daysBefore(now, TOUCH_WINDOW_DAYS), sdrRoles),
    outOfOffice: outOfOffice(db),
    now,
    today: localDate(now, zone),
  });
}

const touchRoles = ['ae', 'ce', 'sdr', 'inbound_sdr'] as const;

/**
 * A touch on the trial's account: the rules of engagement look back at these.
 * `as` narrows it to the roles the person acted in (an SDR who also holds the
 * AE role qualifying a lead has not worked the account as its AE).
 */
export function recordTouch(
  db: Db,
  trial: Pick<TrialRow, 'id' | 'domain' | 'personal_email'>,
  who: string | null,
  kind: string,
  now: Date,
  as: ReadonlyArray<(typeof touchRoles)[number]> = touchRoles,
): void {
  if (!who || trial.personal_email) return;
  const roles = db.prepare(`SELECT role FROM people WHERE slack_user_id = ? AND role IN (${as.map(() => '?').join(', ')})`).all(who, ...as) as Array<{
    role: string;
  }>;
  const insert = db.prepare('INSERT INTO touches (domain, slack_user_id, role, kind, trial_id, at) VALUES (?, ?, ?, ?, ?, ?)');
  for (const { role } of roles) insert.run(trial.domain, who, role, kind, trial.id, now.toISOString());
}

/** The audit line of an assignment: who got each role, and by which rule. */
export function ownersDetail(owners: Assignment, sdr?: { slackUserId: string; reason: string } | null): string {
  const pick = (p: { slackUserId: string; reason: string } | null | undefined) => (p ? `${p.slackUserId} (${p.reason})` : 'none (nobody eligible)');
  return `AE ${pick(owners.ae)}, CE ${pick(owners.ce)}${sdr ? `, SDR ${pick(sdr)}` : ''}`;
}
