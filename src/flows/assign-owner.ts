import type { Brand } from '../core/brand.js';
import { rolesOfEmail } from '../stores/people-store.js';
import { writeTransaction, type Db } from '../db/open-database.js';
import { escapeMrkdwn, mention } from '../core/mrkdwn.js';
import { recordTouch } from './assign-owners.js';
import { owesWelcomeEmail, recordWelcomeEmail } from './welcome-email.js';
import { recordAlertRefresh, recordCardRefresh, recordSpacePost } from './record-messages.js';
import { recordCeComment } from './ce-comment.js';
import { recordEffect } from '../stores/record-effect.js';
import { personByEmail, type PersonRow } from '../stores/people-store.js';
import { audit } from '../stores/audit-log.js';
import { endedStatuses, type TrialRow } from '../core/trial.js';
import { lookupTrial, updateTrial, trialNow } from '../stores/trial-store.js';

export type OwnerRole = 'ae' | 'ce';

export interface AssignOutcome {
  trial: TrialRow;
  role: OwnerRole;
  person: PersonRow;
  /** False when the person already held the role on the trial: nothing was done. */
  changed: boolean;
  previousId: string | null;
  welcomeEmail: boolean;
  issueComment: boolean;
}

/** The one trial `ref` names, or an Error saying why not. */
export function trialNamed(db: Db, ref: string): TrialRow {
  const found = lookupTrial(db, ref);
  if ('none' in found) throw new Error(`unknown trial: ${ref}`);
  if ('ambiguous' in found) {
    const list = found.ambiguous.map((t) => `${t.id} (${t.status})`).join(', ');
    const why = found.personal ? 'is a personal-mail domain' : `has ${found.ambiguous.length} open trials`;
    throw new Error(`${ref} ${why}: give the trial id (${list})`);
  }
  return found.trial;
}

/** The roster's `role` row of the person with that email, or an Error saying why there is none. */
function rosterPerson(db: Db, emailArg: string, role: OwnerRole): PersonRow {
  const email = emailArg.trim().toLowerCase();
  const person = personByEmail(db, email, role);
  if (person?.role === role) return person;
  if (!person) throw new Error(`${email} is not in the roster`);
  const roles = rolesOfEmail(db, email);
  throw new Error(`${email} is in the roster as ${roles.join(', ')}, not as ${role}`);
}

/**
 * An admin assigns a trial's AE or CE by hand: the way out when round robin found
 * nobody eligible. Everything it sets in motion is recorded with the change, for the
 * server's outbox worker: the invite, a note, the card and alert, and for a CE the
 * welcome email held back for want of one and the CE's email on the instance request.
 */
export function assignOwner(db: Db, ref: string, role: OwnerRole, email: string, brand: Brand, now: Date, by: string = 'cli'): AssignOutcome {
  // `by` is `cli`, or the Slack user id of the admin who reassigned from their Home tab.
  const byWhom = by === 'cli' ? 'an admin' : mention(by);
  return writeTransaction(db, () => {
    const trial = trialNamed(db, ref);
    if (endedStatuses.includes(trial.status)) throw new Error(`trial ${trial.id} (${trial.domain}) is ${trial.status}: it has no owners to assign`);
    if (trial.status === 'triage') {
      throw new Error(`trial ${trial.id} (${trial.domain}) is still waiting for an inbound SDR to qualify it; round robin assigns its owners then`);
    }
    const person = rosterPerson(db, email, role);
    const column = role === 'ae' ? 'ae_id' : 'ce_id';
    const previousId = trial[column];
    const outcome = { role, person, previousId, welcomeEmail: false, issueComment: false };
    if (previousId === person.slack_user_id) return { ...outcome, trial, changed: false };

    const label = role.toUpperCase();
    updateTrial(db, trial.id, { [column]: person.slack_user_id }, now);
    audit(
      db,
      {
        trialId: trial.id,
        actor: by,
        action: `assigned ${label}`,
        detail: `${person.slack_user_id} (${person.email}) by ${by === 'cli' ? 'an admin' : by}${previousId ? `, replacing ${previousId}` : ''}`,
      },
      now,
    );
    recordTouch(db, trial, person.slack_user_id, 'assigned', now, [role]);

    const key = `assign:${trial.id}:${role}:${now.getTime()}`;
    recordEffect(db, { key: `${key}:invite`, kind: 'trial.invite', trialId: trial.id, payload: { trialId: trial.id, users: [person.slack_user_id] } }, now);
    const updated = trialNow(db, trial.id);
    const welcomeEmail = role === 'ce' && owesWelcomeEmail(updated) && recordWelcomeEmail(db, updated, brand, now);
    const issueComment = role === 'ce' && recordCeComment(db, updated, now);

    const text =
      `:bust_in_silhouette: ${mention(person.slack_user_id)} (${escapeMrkdwn(person.email)}) is now the ${label} of this trial, assigned by ${byWhom}` +
      `${previousId ? ` in place of ${mention(previousId)}` : ''}.` +
      (welcomeEmail ? ' The welcome email introducing them is on its way to the prospect.' : '');
    recordSpacePost(db, trial.id, `${key}:note`, { text }, now);
    // Under the alert too, where the "nobody eligible" warning was, when the space is a channel
    // of its own: a space in the alert's thread, or none (its posts fall back there), has the note already.
    if (updated.space_channel_id) {
      recordEffect(db, { key: `${key}:alert-note`, kind: 'slack.post', trialId: trial.id, payload: { to: { trialAlertThread: trial.id }, text } }, now);
    }
    recordCardRefresh(db, trial.id, `assign-${role}`, now);
    recordAlertRefresh(db, trial.id, `assign-${role}-${now.getTime()}`, now);
    return { ...outcome, trial: updated, changed: true, welcomeEmail, issueComment };
  });
}

/** What the CLI prints for an assignment. */
export function describeAssignment(o: AssignOutcome): string {
  const who = `${o.person.name} (${o.person.email})`;
  const trial = `trial ${o.trial.id} (${o.trial.domain})`;
  if (!o.changed) return `${who} is already the ${o.role.toUpperCase()} of ${trial}; nothing changed`;
  const follows = [
    'invites them to the trial space and posts a note there',
    ...(o.welcomeEmail ? ['sends the welcome email introducing them'] : []),
    ...(o.issueComment ? ["comments the CE's email on the instance-request issue"] : []),
  ];
  return `${who} is now the ${o.role.toUpperCase()} of ${trial}; the server ${new Intl.ListFormat('en', { type: 'conjunction' }).format(follows)}`;
}
