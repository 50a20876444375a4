import type { Config } from '../config.js';
import type { Db } from '../db/open-database.js';
import { writeTransaction } from '../db/open-database.js';
import { extensionEndOn, localDate, milestoneName, startOfLocalDay, type MilestoneKind } from '../core/deadlines.js';
import { mention, userText } from '../core/mrkdwn.js';
import { domainChangeIssue, extendIssue, terminateIssue, type TrialIssueFacts } from '../messages/github/issue-bodies.js';
import { recordEffect } from '../stores/record-effect.js';
import { peopleWithRole, personById } from '../stores/people-store.js';
import { feedbackRequest } from '../messages/slack/feedback-request.js';
import { audit } from '../stores/audit-log.js';
import { feedbackRequestView } from '../stores/views/load-feedback-request.js';
import { endedStatuses, type TrialRow, type TrialStatus } from '../core/trial.js';
import { getTrial, updateTrial } from '../stores/trial-store.js';
import { recordTouch } from './assign-owners.js';
import { recordAlertRefresh, recordCardRefresh, releaseQueue } from './onboarding-effects.js';
import { existingTerminationRefusal, mayManageTrial, mayRecordFeedback } from './trial-permissions.js';

/** Why a lifecycle action changed nothing; each becomes a clear ephemeral answer. */
export type LifecycleRefusal =
  | { refused: 'unknown_trial' }
  | { refused: 'not_allowed'; trial: TrialRow }
  | { refused: 'ended'; trial: TrialRow }
  /** Still in triage, queued or being provisioned: there is no running trial yet. */
  | { refused: 'not_started'; trial: TrialRow }
  /** An instance from before trialbot: no trial clock to extend or convert. */
  | { refused: 'no_clock'; trial: TrialRow }
  /** Terminating an instance from before trialbot: an admin's call, and only once they confirm it. */
  | { refused: 'existing_admin_only'; trial: TrialRow }
  | { refused: 'existing_unconfirmed'; trial: TrialRow }
  | { refused: 'no_instance'; trial: TrialRow }
  | { refused: 'same_domain'; trial: TrialRow }
  /** The same command resent, or the same domain change asked for again. */
  | { refused: 'duplicate'; trial: TrialRow }
  /** A prompt's button, but no prompt is waiting for an answer: someone already answered it. */
  | { refused: 'prompt_answered'; trial: TrialRow }
  /** An older prompt's button, while a later decision waits: its "Extend 15 days" no longer means what it said. */
  | { refused: 'prompt_superseded'; trial: TrialRow; clicked: PromptRef | null; waiting: PromptRef };

/** A deadline prompt, as a person would name it: "the day-30 decision, due 2026-03-31". */
export interface PromptRef {
  kind: MilestoneKind;
  dueOn: string;
}

export type LifecycleAction = 'extend' | 'terminate' | 'convert' | 'domain';

/** How the person asked: the `/trial` command or a deadline prompt's button. */
export type Source = 'command' | 'button';

export type ExtendOutcome =
  | {
      ok: true;
      trial: TrialRow;
      previousEndOn: string | null;
      newEndOn: string;
      licenseChange: boolean;
      /** The end date had passed (an overdue answer), so the days count from today. */
      fromToday: boolean;
    }
  | LifecycleRefusal;
export type TerminateOutcome = { ok: true; trial: TrialRow; feedbackTo: string[]; released: string[] } | LifecycleRefusal;
export type ConvertOutcome = { ok: true; trial: TrialRow } | LifecycleRefusal;
export type DomainChangeOutcome = { ok: true; trial: TrialRow; vanity: string } | LifecycleRefusal;
export type FeedbackSentOutcome =
  { ok: true; trial: TrialRow } | { refused: 'unknown_trial' } | { refused: 'not_feedback_owner' } | { refused: 'already'; by: string; at: string };

/** How the action came, for the audit line: the command, or which prompt's button. */
function viaText(db: Db, trialId: string, source: Source, prompt?: number): string {
  if (source !== 'button') return '';
  const m =
    prompt === undefined
      ? undefined
      : (db.prepare('SELECT kind FROM milestones WHERE id = ? AND trial_id = ?').get(prompt, trialId) as { kind: MilestoneKind } | undefined);
  return m ? ` (from the ${milestoneName(m.kind)} prompt)` : ' (from a deadline prompt)';
}

/** Checks every action shares: the trial exists, the person may act, it has not ended. */
function commonRefusal(db: Db, trial: TrialRow | undefined, actor: string, ended: readonly TrialStatus[] = endedStatuses): LifecycleRefusal | null {
  if (!trial) return { refused: 'unknown_trial' };
  if (!mayManageTrial(db, trial, actor)) return { refused: 'not_allowed', trial };
  if (ended.includes(trial.status)) return { refused: 'ended', trial };
  return null;
}

interface MilestoneRow {
  id: number;
  kind: MilestoneKind;
  due_on: string;
}

/** The prompt waiting for an answer: the latest one sent, neither answered nor cancelled. */
function waitingPrompt(db: Db, trialId: string): MilestoneRow | undefined {
  return db
    .prepare(
      `SELECT id, kind, due_on FROM milestones WHERE trial_id = ? AND prompted_at IS NOT NULL AND answered_at IS NULL AND cancelled_at IS NULL
        ORDER BY due_on DESC, id DESC LIMIT 1`,
    )
    .get(trialId) as MilestoneRow | undefined;
}

const promptRef = (m: MilestoneRow): PromptRef => ({ kind: m.kind, dueOn: m.due_on });

/**
 * The trial's end as things stand: its end date, or the decision now due when that is
 * later (day 30 prompted, or due, after an unanswered day 15). Extensions count from here.
 */
function currentEndOn(db: Db, trial: TrialRow, today: string): string | null {
  const due = db
    .prepare(
      // A prompted decision is due too: prompts go out on their day, never before.
      `SELECT MAX(due_on) AS dueOn FROM milestones WHERE trial_id = ? AND answered_at IS NULL AND cancelled_at IS NULL AND due_on <= ?`,
    )
    .get(trial.id, today) as { dueOn: string | null };
  const candidates = [trial.ends_at, due.dueOn].filter((d): d is string => d !== null);
  return candidates.length > 0 ? candidates.reduce((a, b) => (a > b ? a : b)) : null;
}

/** The AE's opportunity on the account closes with the trial: the rules of engagement give them the account's next trial. */
function recordClosedOpportunity(db: Db, trial: TrialRow, outcome: 'won' | 'lost', at: string): void {
  // Personal mailboxes are not an account: nobody "owns" gmail.com.
  if (!trial.ae_id || trial.personal_email) return;
  db.prepare(`INSERT INTO opportunities (domain, ae_id, trial_id, outcome, closed_at) VALUES (?, ?, ?, ?, ?)`).run(
    trial.domain,
    trial.ae_id,
    trial.id,
    outcome,
    at,
  );
}

/** Extend and convert need a running clock. */
function runningRefusal(trial: TrialRow): LifecycleRefusal | null {
  if (trial.status === 'active') return null;
  if (trial.status === 'existing') return { refused: 'no_clock', trial };
  return { refused: 'not_started', trial };
}

/** No more reminders: a prompt already sent counts as answered, the rest are cancelled. */
function closeOpenMilestones(db: Db, trialId: string, now: Date): void {
  const at = now.toISOString();
  db.prepare(`UPDATE milestones SET answered_at = ? WHERE trial_id = ? AND prompted_at IS NOT NULL AND answered_at IS NULL AND cancelled_at IS NULL`).run(
    at,
    trialId,
  );
  db.prepare(`UPDATE milestones SET cancelled_at = ? WHERE trial_id = ? AND prompted_at IS NULL AND answered_at IS NULL AND cancelled_at IS NULL`).run(
    at,
    trialId,
  );
}

function who(db: Db, slackUserId: string): string {
  const person = personById(db, slackUserId);
  return person ? `${person.name} (${person.email})` : slackUserId;
}

function issueFacts(db: Db, trial: TrialRow, actor: string): TrialIssueFacts {
  return {
    trialId: trial.id,
    company: trial.company,
    domain: trial.domain,
    instanceUrl: trial.instance_url,
    ceEmail: personById(db, trial.ce_id)?.email ?? null,
    aeEmail: personById(db, trial.ae_id)?.email ?? null,
    requestedBy: who(db, actor),
  };
}

function postInSpace(db: Db, trialId: string, key: string, text: string, now: Date): void {
  recordEffect(db, { key, kind: 'slack.post', trialId, payload: { to: { trialSpace: trialId }, text } }, now);
}

const hasEffect = (db: Db, key: string) => db.prepare('SELECT 1 FROM outbox WHERE key = ?').get(key) !== undefined;

const reasonSuffix = (reason: string | null | undefined) => (reason ? ` Reason: ${userText(reason, 500)}` : '');

/**
 * Moves the trial's end by `days` and re-plans its reminders: the prompt
 * already out is answered, reminders falling before the new end are dropped,
 * and a decision point sits on the new end date (day 30's own milestone when
 * the extension lands there).
 *
 * The extension counts from the trial's current end (see `currentEndOn` and
 * `extensionEndOn`): on the day-30 prompt, 15 days is day 45, even when day 15
 * went unanswered and the end date still said day 15.
 *
 * A command is identified by `submission` (Slack's trigger id), so a resent
 * command extends once. A prompt's button answers its own prompt (`prompt`,
 * the milestone id it carries) when that is the one waiting: the same prompt
 * reaches the CE in the space and by DM (and the AE when escalated), and
 * clicking any of them, any number of times, extends once. An older prompt's
 * button, clicked while a later decision waits, changes nothing and says which
 * prompt is waiting. Buttons sent before they carried the milestone answer
 * whichever prompt is waiting.
 */
export function extendTrial(
  db: Db,
  config: Config,
  trialId: string,
  actor: string,
  args: { days: number; reason?: string | null; submission?: string; source: Source; prompt?: number },
  now: Date,
): ExtendOutcome {
  if (!Number.isInteger(args.days) || args.days < 1 || args.days > 90) throw new RangeError(`extension must be 1–90 whole days: ${args.days}`);
  return writeTransaction(db, () => {
    const trial = getTrial(db, trialId);
    const refusal = commonRefusal(db, trial, actor) ?? runningRefusal(trial!);
    if (refusal) return refusal;
    const t = trial!;
    let submission = args.submission ?? `${now.getTime()}`;
    if (args.source === 'button') {
      const waiting = waitingPrompt(db, t.id);
      if (waiting && args.prompt !== undefined && args.prompt !== waiting.id) {
        const clicked = db.prepare('SELECT id, kind, due_on FROM milestones WHERE id = ? AND trial_id = ?').get(args.prompt, t.id) as MilestoneRow | undefined;
        return { refused: 'prompt_superseded' as const, trial: t, clicked: clicked ? promptRef(clicked) : null, waiting: promptRef(waiting) };
      }
      if (!waiting) return { refused: 'prompt_answered' as const, trial: t };
      submission = `prompt:${waiting.id}`;
    }
    const key = `extend:${t.id}:${submission}`;
    if (hasEffect(db, key)) return { refused: 'duplicate' as const, trial: t };

    const zone = config.TIMEZONE;
    const at = now.toISOString();
    const previousEndOn = currentEndOn(db, t, localDate(now, zone));
    const { endOn: newEndOn, fromToday } = extensionEndOn(previousEndOn, localDate(now, zone), args.days);

    db.prepare(`UPDATE milestones SET answered_at = ? WHERE trial_id = ? AND prompted_at IS NOT NULL AND answered_at IS NULL AND cancelled_at IS NULL`).run(
      at,
      t.id,
    );
    db.prepare(
      `UPDATE milestones SET cancelled_at = ? WHERE trial_id = ? AND prompted_at IS NULL AND answered_at IS NULL AND cancelled_at IS NULL AND due_on < ?`,
    ).run(at, t.id, newEndOn);
    const onNewEnd = db
      .prepare(`SELECT id FROM milestones WHERE trial_id = ? AND due_on = ? AND prompted_at IS NULL AND answered_at IS NULL AND cancelled_at IS NULL`)
      .get(t.id, newEndOn);
    if (!onNewEnd) {
      // An earlier extension may have ended on this very date and been closed since: reopen it.
      db.prepare(
        `INSERT INTO milestones (trial_id, kind, due_on, due_at) VALUES (?, 'extension_end', ?, ?)
         ON CONFLICT(trial_id, kind, due_on) DO UPDATE SET prompted_at = NULL, escalated_at = NULL, answered_at = NULL, cancelled_at = NULL`,
      ).run(t.id, newEndOn, startOfLocalDay(newEndOn, zone).toISOString());
    }
    updateTrial(db, t.id, { ends_at: newEndOn }, now);

    const reason = args.reason?.trim() || null;
    const licenseChange = args.days > 15;
    audit(
      db,
      {
        trialId: t.id,
        actor,
        action: 'extended',
        detail: `by ${args.days} days to ${newEndOn} (was ${previousEndOn ?? 'unset'})${viaText(db, t.id, args.source, args.prompt)}${reason ? `: ${reason}` : ''}`,
      },
      now,
    );
    recordTouch(db, t, actor, 'extended', now);
    recordEffect(
      db,
      {
        key,
        kind: 'github.issue',
        trialId: t.id,
        payload: { trialId: t.id, kind: 'extend', draft: extendIssue({ ...issueFacts(db, t, actor), key, days: args.days, newEndOn, reason }) },
      },
      now,
    );
    postInSpace(
      db,
      t.id,
      `${key}:space`,
      `:calendar: ${mention(actor)} extended the trial by ${args.days} days: it now ends on *${newEndOn}* (was ${previousEndOn ?? 'unset'}${fromToday && previousEndOn ? ', already past, so counted from today' : ''}).${reasonSuffix(reason)}` +
        (licenseChange ? ' :key: More than 15 days, so the instance needs a license change: the cloud team’s issue says so.' : ''),
      now,
    );
    recordCardRefresh(db, t.id, 'extended', now);
    return { ok: true as const, trial: getTrial(db, t.id)!, previousEndOn, newEndOn, licenseChange, fromToday };
  });
}

/**
 * Ends the trial: the instance stops routing its domain, reminders stop, the
 * cloud team gets a termination issue, the feedback owner a feedback request,
 * the AE's opportunity closes lost, and a queued trial may take the freed slot.
 * A prompt's Terminate button means the same on any prompt, so an older
 * prompt's button terminates too.
 */
export function terminateTrial(
  db: Db,
  config: Config,
  trialId: string,
  actor: string,
  args: { reason?: string | null; source: Source; prompt?: number; confirmed?: boolean },
  now: Date,
): TerminateOutcome {
  return writeTransaction(db, () => {
    const trial = getTrial(db, trialId);
    const refusal = commonRefusal(db, trial, actor);
    if (refusal) return refusal;
    const t = trial!;
    if (t.status === 'triage') return { refused: 'not_started' as const, trial: t };
    const existing = existingTerminationRefusal(db, t, actor, args.confirmed === true);
    if (existing) return { refused: existing, trial: t };
    const reason = args.reason?.trim() || null;
    const at = now.toISOString();

    updateTrial(db, t.id, { status: 'terminated', ended_at: at, end_reason: reason }, now);
    recordClosedOpportunity(db, t, 'lost', at);
    if (t.instance_url) {
      db.prepare(`UPDATE instances SET status = 'terminated' WHERE url = ? AND status = 'live'`).run(t.instance_url);
    }
    closeOpenMilestones(db, t.id, now);
    audit(db, { trialId: t.id, actor, action: 'terminated', detail: `${reason ?? 'no reason given'}${viaText(db, t.id, args.source, args.prompt)}` }, now);
    recordTouch(db, t, actor, 'terminated', now);

    // A queued trial never had an instance: there is nothing for the cloud team to tear down.
    if (t.status !== 'queued') {
      const key = `terminate:${t.id}`;
      recordEffect(
        db,
        {
          key,
          kind: 'github.issue',
          trialId: t.id,
          payload: { trialId: t.id, kind: 'terminate', draft: terminateIssue({ ...issueFacts(db, t, actor), key, reason }) },
        },
        now,
      );
    }

    const owners = peopleWithRole(db, 'feedback_owner');
    const request = feedbackRequest(feedbackRequestView(db, t.id, config.TIMEZONE)!, { withButton: true, ownerMissing: owners.length === 0 });
    for (const owner of owners) {
      recordEffect(
        db,
        { key: `feedback:${t.id}:${owner.slack_user_id}`, kind: 'slack.post', trialId: t.id, payload: { to: { user: owner.slack_user_id }, ...request } },
        now,
      );
    }
    if (owners.length === 0) {
      recordEffect(db, { key: `feedback:${t.id}:alerts`, kind: 'slack.post', trialId: t.id, payload: { to: { alerts: true }, ...request } }, now);
    }

    postInSpace(
      db,
      t.id,
      `terminate:${t.id}:space`,
      `:red_circle: ${mention(actor)} terminated the trial.${reasonSuffix(reason)} Reminders have stopped${t.instance_url ? ', the domain no longer routes to the instance' : ''} and the feedback request is with ${owners.length > 0 ? owners.map((o) => mention(o.slack_user_id)).join(', ') : '#cloud-trial-alerts'}.`,
      now,
    );
    recordCardRefresh(db, t.id, 'terminated', now);
    recordAlertRefresh(db, t.id, 'terminated', now);
    const released = releaseQueue(db, config, now);
    return { ok: true as const, trial: getTrial(db, t.id)!, feedbackTo: owners.map((o) => o.slack_user_id), released };
  });
}

/**
 * The prospect bought: the trial is converted, its reminders stop, and the
 * AE's closed opportunity on the domain counts for the rules of engagement.
 */
export function convertTrial(db: Db, config: Config, trialId: string, actor: string, args: { source: Source; prompt?: number }, now: Date): ConvertOutcome {
  return writeTransaction(db, () => {
    const trial = getTrial(db, trialId);
    const refusal = commonRefusal(db, trial, actor) ?? runningRefusal(trial!);
    if (refusal) return refusal;
    const t = trial!;
    const at = now.toISOString();
    updateTrial(db, t.id, { status: 'converted', ended_at: at, end_reason: 'converted' }, now);
    closeOpenMilestones(db, t.id, now);
    recordClosedOpportunity(db, t, 'won', at);
    audit(db, { trialId: t.id, actor, action: 'converted', detail: viaText(db, t.id, args.source, args.prompt).trim() || undefined }, now);
    recordTouch(db, t, actor, 'converted', now);
    postInSpace(db, t.id, `convert:${t.id}:space`, `:tada: ${mention(actor)} marked the trial *converted*. Reminders have stopped.`, now);
    recordCardRefresh(db, t.id, 'converted', now);
    recordAlertRefresh(db, t.id, 'converted', now);
    return { ok: true as const, trial: getTrial(db, t.id)! };
  });
}

/**
 * A request to the cloud team to move the instance to a vanity hostname, with the
 * seed's checklist. Customers want one "either when they convert, or earlier", so a
 * converted trial's instance may move; a terminated one has nothing left to move.
 */
export function requestDomainChange(db: Db, config: Config, trialId: string, actor: string, args: { vanity: string }, now: Date): DomainChangeOutcome {
  return writeTransaction(db, () => {
    const trial = getTrial(db, trialId);
    const refusal = commonRefusal(db, trial, actor, ['terminated', 'disqualified']);
    if (refusal) return refusal;
    const t = trial!;
    if (!t.instance_url) return { refused: 'no_instance' as const, trial: t };
    const vanity = args.vanity.toLowerCase();
    let currentHost: string | null = null;
    try {
      currentHost = new URL(t.instance_url).hostname.toLowerCase();
    } catch {
      currentHost = null;
    }
    if (currentHost === vanity) return { refused: 'same_domain' as const, trial: t };
    const key = `domain-change:${t.id}:${vanity}`;
    if (hasEffect(db, key)) return { refused: 'duplicate' as const, trial: t };

    audit(db, { trialId: t.id, actor, action: 'requested a domain change', detail: `${t.instance_url} → ${vanity}` }, now);
    recordTouch(db, t, actor, 'domain change', now);
    recordEffect(
      db,
      {
        key,
        kind: 'github.issue',
        trialId: t.id,
        payload: { trialId: t.id, kind: 'domain-change', draft: domainChangeIssue({ ...issueFacts(db, t, actor), key, vanity }) },
      },
      now,
    );
    postInSpace(
      db,
      t.id,
      `${key}:space`,
      `:link: ${mention(actor)} asked the cloud team to move the instance to *${userText(vanity, 253)}*. Before it happens, tell the instance admin: SSO and permission-syncing auth providers, webhooks and hard-coded links to the old address will need updating.`,
      now,
    );
    recordCardRefresh(db, t.id, 'domain-change', now);
    return { ok: true as const, trial: getTrial(db, t.id)!, vanity };
  });
}

/** The feedback owner sent the feedback request to the prospect: recorded once. */
export function recordFeedbackSent(db: Db, trialId: string, actor: string, now: Date): FeedbackSentOutcome {
  return writeTransaction(db, () => {
    const trial = getTrial(db, trialId);
    if (!trial) return { refused: 'unknown_trial' as const };
    if (!mayRecordFeedback(db, actor)) return { refused: 'not_feedback_owner' as const };
    const earlier = db.prepare(`SELECT actor, at FROM audit WHERE trial_id = ? AND action = 'feedback request sent' ORDER BY id LIMIT 1`).get(trialId) as
      { actor: string; at: string } | undefined;
    if (earlier) return { refused: 'already' as const, by: earlier.actor, at: earlier.at };
    audit(db, { trialId, actor, action: 'feedback request sent' }, now);
    recordCardRefresh(db, trialId, 'feedback', now);
    return { ok: true as const, trial };
  });
}
