import { randomBytes } from 'node:crypto';
import type { Db } from '../db/open-database.js';
import { endedStatuses, type TrialRow } from '../core/trial.js';
import type { CompanyTrial } from '../messages/slack/company-history.js';

const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789';

/** Short, unambiguous, typeable: `tr_7kq3m9xa`. */
export function newTrialId(): string {
  const bytes = randomBytes(8);
  return `tr_${Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('')}`;
}

export function getTrial(db: Db, id: string): TrialRow | undefined {
  return db.prepare('SELECT * FROM trials WHERE id = ?').get(id) as TrialRow | undefined;
}

/** The trial a caller has just written or was handed by id: missing means the database changed under us. */
export function trialNow(db: Db, id: string): TrialRow {
  const trial = getTrial(db, id);
  if (!trial) throw new Error(`trial ${id} is not in the database`);
  return trial;
}

/** What a person's name for a trial comes to: one trial, none, or several it cannot choose between. */
export type TrialLookup =
  | { trial: TrialRow }
  | { none: true }
  /**
   * A domain that names no single trial: several open trials share it, or it is a
   * personal-mail domain (gmail.com), which names no company at all.
   */
  | { ambiguous: TrialRow[]; personal: boolean };

const CANDIDATES_SHOWN = 10;

/**
 * A trial as a person names it: its id, its space (`#cloud-trial-acme`,
 * `cloud-trial-acme` or `acme`), or its domain: the domain's one open trial,
 * else its most recent ended one. Never a guess among several.
 */
export function lookupTrial(db: Db, reference: string): TrialLookup {
  const ref = reference.trim().replace(/^#/, '').toLowerCase();
  if (!ref) return { none: true };
  const named =
    getTrial(db, ref) ?? (db.prepare('SELECT * FROM trials WHERE space_name = ? OR space_name = ?').get(ref, `cloud-trial-${ref}`) as TrialRow | undefined);
  if (named) return { trial: named };
  // Open trials first, then the most recent: all the answers below need are the first few.
  const byDomain = db
    .prepare(
      `SELECT * FROM trials WHERE domain = ?
        ORDER BY CASE WHEN status IN (${endedStatuses.map(() => '?').join(', ')}) THEN 1 ELSE 0 END, created_at DESC, id
        LIMIT ${CANDIDATES_SHOWN}`,
    )
    .all(ref, ...endedStatuses) as TrialRow[];
  const open = byDomain.filter((t) => !endedStatuses.includes(t.status));
  // Whether a domain is personal mail depends on the domain alone: any of its trials says.
  const [newest] = byDomain;
  if (!newest) return { none: true };
  const personal = newest.personal_email === 1;
  if (personal) return { ambiguous: open.length > 0 ? open : byDomain, personal };
  if (open.length > 1) return { ambiguous: open, personal };
  return { trial: newest };
}

/** Someone who signed up for a trial: its first prospect, or a colleague who joined it. */
export interface TrialPerson {
  /** Their first signup (null only for a trial with no signup recorded). */
  signupId: string | null;
  email: string;
  name: string | null;
}

/**
 * Everyone who signed up for the trial, in signup order, once per address: a person
 * who signed up twice is still one person to write to.
 */
export function trialPeople(db: Db, trial: Pick<TrialRow, 'id' | 'prospect_email' | 'prospect_name'>): TrialPerson[] {
  const signups = db.prepare('SELECT id, email, name FROM signups WHERE trial_id = ? ORDER BY received_at, rowid').all(trial.id) as Array<{
    id: string;
    email: string;
    name: string | null;
  }>;
  if (signups.length === 0) return [{ signupId: null, email: trial.prospect_email, name: trial.prospect_name }];
  const byEmail = new Map<string, TrialPerson>();
  for (const s of signups) {
    const known = byEmail.get(s.email);
    if (!known) byEmail.set(s.email, { signupId: s.id, email: s.email, name: s.name });
    else known.name ??= s.name;
  }
  return [...byEmail.values()];
}

export function trialBySpaceChannel(db: Db, channelId: string): TrialRow | undefined {
  return db.prepare('SELECT * FROM trials WHERE space_channel_id = ?').get(channelId) as TrialRow | undefined;
}

export function insertTrial(db: Db, trial: Partial<TrialRow> & Pick<TrialRow, 'id' | 'case_code' | 'status' | 'domain' | 'prospect_email'>, now: Date): void {
  const row = { ...trial, created_at: now.toISOString(), updated_at: now.toISOString() };
  const columns = Object.keys(row);
  db.prepare(`INSERT INTO trials (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`).run(row);
}

type Updatable = Omit<TrialRow, 'id' | 'created_at' | 'updated_at'>;

export function updateTrial(db: Db, id: string, changes: Partial<Updatable>, now: Date): void {
  const columns = Object.keys(changes);
  if (columns.length === 0) return;
  db.prepare(`UPDATE trials SET ${columns.map((c) => `${c} = @${c}`).join(', ')}, updated_at = @updated_at WHERE id = @id`).run({
    ...changes,
    updated_at: now.toISOString(),
    id,
  });
}

/** The open trial of a company's domain (a second person from it joins it), if any. */
export function openTrialOfDomain(db: Db, domain: string, statuses: readonly string[]): { id: string; caseCode: string; status: string } | undefined {
  return db
    .prepare(
      `SELECT id, case_code AS caseCode, status FROM trials
        WHERE domain = ? AND personal_email = 0 AND status IN (${statuses.map(() => '?').join(', ')})
        ORDER BY created_at, id LIMIT 1`,
    )
    .get(domain, ...statuses) as { id: string; caseCode: string; status: string } | undefined;
}

export function countTrialsIn(db: Db, status: string): number {
  return db.prepare(`SELECT count(*) FROM trials WHERE status = ?`).pluck().get(status) as number;
}

/** Trials waiting for capacity, longest-waiting first. */
export function queuedTrials(db: Db): TrialRow[] {
  return db.prepare(`SELECT * FROM trials WHERE status = 'queued' ORDER BY queued_at, id`).all() as TrialRow[];
}

export function trialByRequestIssue(db: Db, issueNumber: number): TrialRow | undefined {
  return db.prepare(`SELECT * FROM trials WHERE request_issue_number = ?`).get(issueNumber) as TrialRow | undefined;
}

export function setIssueState(db: Db, issueNumber: number, state: 'open' | 'closed'): void {
  db.prepare(`UPDATE trial_issues SET state = ? WHERE number = ?`).run(state, issueNumber);
}

/** The clock starts: active from `startedAt`, ending on `endsOn`. */
export function startTrial(db: Db, trialId: string, startedAt: Date, endsOn: string, now: Date): void {
  db.prepare(`UPDATE trials SET status = 'active', started_at = ?, ends_at = ?, updated_at = ? WHERE id = ?`).run(
    startedAt.toISOString(),
    endsOn,
    now.toISOString(),
    trialId,
  );
}

/** Moves the end to `endsOn` only if it was earlier (or unset); whether it moved. */
export function extendEndTo(db: Db, trialId: string, endsOn: string, now: Date): boolean {
  return (
    db
      .prepare(`UPDATE trials SET ends_at = ?, updated_at = ? WHERE id = ? AND (ends_at IS NULL OR ends_at < ?)`)
      .run(endsOn, now.toISOString(), trialId, endsOn).changes === 1
  );
}

/** Trials whose instance request is open on GitHub, waiting for the cloud team. */
export function trialsAwaitingInstance(db: Db): Array<{ id: string; request_issue_number: number }> {
  return db.prepare(`SELECT id, request_issue_number FROM trials WHERE status = 'provisioning' AND request_issue_number IS NOT NULL`).all() as Array<{
    id: string;
    request_issue_number: number;
  }>;
}

/** An issue opened for a trial (or for none: the license rotation's), once per issue number. */
export function recordTrialIssue(db: Db, issue: { trialId: string | null; kind: string; number: number; url: string; title: string }, now: Date): void {
  db.prepare(
    `INSERT INTO trial_issues (trial_id, kind, number, url, title, created_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT(number) DO NOTHING`,
  ).run(issue.trialId, issue.kind, issue.number, issue.url, issue.title, now.toISOString());
}

/** Which trial holds a space name, if any: names are unique across trials. */
export function trialHoldingSpaceName(db: Db, name: string): string | undefined {
  return (db.prepare('SELECT id FROM trials WHERE space_name = ?').get(name) as { id: string } | undefined)?.id;
}

export function isSpaceChannelLinked(db: Db, channelId: string): boolean {
  return db.prepare('SELECT 1 FROM trials WHERE space_channel_id = ?').get(channelId) !== undefined;
}

/** Claims a space name before the channel is created, so a crash in between finds its own name again. */
export function reserveSpaceName(db: Db, trialId: string, name: string): void {
  db.prepare('UPDATE trials SET space_name = ? WHERE id = ?').run(name, trialId);
}

/** Where the trial's card was posted (it is updated in place from then on). */
export function recordCardPosted(db: Db, trialId: string, posted: { channel: string; ts: string }): void {
  db.prepare('UPDATE trials SET card_channel = ?, card_ts = ? WHERE id = ?').run(posted.channel, posted.ts, trialId);
}

/** Open trials whose CE or AE the person is. */
export function openTrialsOwnedBy(db: Db, slackUserId: string): number {
  return db
    .prepare(`SELECT count(*) FROM trials WHERE (ce_id = @id OR ae_id = @id) AND status NOT IN (${endedStatuses.map((s) => `'${s}'`).join(', ')})`)
    .pluck()
    .get({ id: slackUserId }) as number;
}

/** A company's earlier trials that ended without a sale, newest first: who ended each, when and why. */
export function earlierEndedTrials(
  db: Db,
  domain: string,
  except: string,
  limit = 3,
): Array<{ status: string; endedAt: string; reason: string | null; by: string | null }> {
  return db
    .prepare(
      `SELECT t.status, t.ended_at AS endedAt, t.end_reason AS reason,
              coalesce(t.decided_by, (SELECT a.actor FROM audit a WHERE a.trial_id = t.id AND a.action = 'terminated' ORDER BY a.id DESC LIMIT 1)) AS by
         FROM trials t
        WHERE t.domain = ? AND t.id <> ? AND t.personal_email = 0 AND t.status IN ('disqualified', 'terminated') AND t.ended_at IS NOT NULL
        ORDER BY t.ended_at DESC LIMIT ?`,
    )
    .all(domain, except, limit) as Array<{ status: string; endedAt: string; reason: string | null; by: string | null }>;
}

/** Every trial a company ever had (ended ones included), newest first. */
export function trialsOfDomain(db: Db, domain: string, limit = 20): CompanyTrial[] {
  return db
    .prepare(
      `SELECT id, case_code AS caseCode, status, company, created_at AS createdAt, ended_at AS endedAt, end_reason AS endReason,
              space_channel_id AS spaceChannelId, ae_id AS aeId, ce_id AS ceId
         FROM trials WHERE domain = ? AND personal_email = 0 ORDER BY created_at DESC, id LIMIT ?`,
    )
    .all(domain, limit) as CompanyTrial[];
}
