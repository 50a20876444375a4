import type { Db } from '../db/open-database.js';
import { escapeMrkdwn, mention } from '../core/mrkdwn.js';
import { recordEffect } from '../stores/record-effect.js';
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
import {
  accountByDomain,
  closedOpportunitiesOn,
  insertTouches,
  outOfOffice,
  peopleWith,
  rolesOf,
  rotationState,
  saveRotation,
  touchesOn,
} from '../stores/assignment-store.js';

const DAY = 86_400_000;

type PersonRole = Person['role'];

const daysBefore = (now: Date, days: number) => new Date(now.getTime() - days * DAY).toISOString();
const ownerRoles: readonly PersonRole[] = ['ae', 'ce', 'sdr', 'inbound_sdr'];
const sdrRoles: readonly PersonRole[] = ['sdr', 'inbound_sdr'];

/** What round robin and the rules of engagement need to know about one trial's account. */
function assignmentInput(db: Db, trial: TrialRow, now: Date, zone: string): AssignmentInput {
  // Personal mailboxes are not an account: nobody "owns" gmail.com.
  const domain = trial.personal_email ? null : trial.domain;
  const since90 = daysBefore(now, CLOSED_OPPORTUNITY_WINDOW_DAYS);
  const closedOpportunities = domain ? closedOpportunitiesOn(db, domain, since90) : [];
  const rotation = rotationState(db);

  return {
    people: peopleWith(db, ownerRoles),
    account: accountByDomain(db, trial.account_domain),
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

  saveRotation(db, nextRotationState(rotation, assignment, now));
  recordRoutingNotes(db, trial, assignment, now);
  return assignment;
}

/** The SDR a new lead of this trial's account routes to by the rules of engagement, if any. */
export function leadSdrFor(db: Db, trial: TrialRow, now: Date, zone: string): SdrPick | null {
  // Nobody works gmail.com: a personal mailbox has no account to have touched.
  if (trial.personal_email) return null;
  return leadSdr({
    people: peopleWith(db, sdrRoles),
    account: accountByDomain(db, trial.account_domain),
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
  insertTouches(db, { domain: trial.domain, who, roles: rolesOf(db, who, as), kind, trialId: trial.id, at: now.toISOString() });
}

/** The audit line of an assignment: who got each role, and by which rule. */
export function ownersDetail(owners: Assignment, sdr?: { slackUserId: string; reason: string } | null): string {
  // The audit trail is read by people (History, the card, `admin -- audit`): reasons in words.
  const why: Record<string, string> = {
    named_account: 'named account',
    open_opportunity: 'holds the open opportunity',
    recent_touch: 'worked the account recently',
    closed_opportunity: 'won the account before',
    rotation: 'round robin',
    decided: 'decided',
  };
  const pick = (p: { slackUserId: string; reason: string; passedOver?: string } | null | undefined) =>
    p ? `${p.slackUserId} (${why[p.reason] ?? p.reason}${p.passedOver ? `; ${p.passedOver} is out of office` : ''})` : 'none (nobody eligible)';
  return `AE ${pick(owners.ae)}, CE ${pick(owners.ce)}${sdr ? `, SDR ${pick(sdr)}` : ''}`;
}

/** What the rules of engagement decided that people must hear (seed 001): told once, under the trial's alert. */
function recordRoutingNotes(db: Db, trial: TrialRow, a: Assignment, now: Date): void {
  const company = escapeMrkdwn(trial.company ?? trial.domain);
  const note = (key: string, text: string) =>
    recordEffect(db, { key: `roe:${trial.id}:${key}`, kind: 'slack.post', trialId: trial.id, payload: { to: { trialAlertThread: trial.id }, text } }, now);
  if (a.ae?.reason === 'open_opportunity') {
    note(
      'open-opportunity',
      `:handshake: ${mention(a.ae.slackUserId)} holds an open opportunity on *${company}* in Salesforce: the trial is theirs. Check with them before reaching out (rules of engagement).`,
    );
  }
  for (const role of ['ae', 'ce'] as const) {
    const p = a[role];
    if (p?.passedOver) {
      note(
        `${role}-away`,
        `:palm_tree: ${mention(p.passedOver)} would take this trial by the rules of engagement but is out of office today: ${mention(p.slackUserId)} is its ${role.toUpperCase()} instead.`,
      );
    }
  }
}
