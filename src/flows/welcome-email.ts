import type { Brand } from '../core/brand.js';
import type { Db } from '../db/open-database.js';
import { existingInstanceEmail, introductionEmail, welcomeEmail, type Draft } from '../messages/email/templates.js';
import { recordEffect } from '../stores/record-effect.js';
import { personById } from '../stores/people-store.js';
import type { TrialRow } from '../core/trial.js';
import { trialPeople } from '../stores/trial-store.js';

/** Records one email for the outbox to send, once per key; `template` names it in the audit and the sandbox. */
export function recordEmail(db: Db, trialId: string, key: string, template: string, email: Draft, now: Date): boolean {
  return recordEffect(db, { key, kind: 'email.send', trialId, payload: { trialId, template, ...email } }, now);
}

/**
 * Whether the trial is owed the welcome email: it is waiting for its instance (queued or
 * being provisioned). The email introduces the CE, so it goes out once the trial has one.
 */
export function owesWelcomeEmail(trial: Pick<TrialRow, 'status'>): boolean {
  return trial.status === 'provisioning' || trial.status === 'queued';
}
/**
 * The welcome email (3.2), once per person of the trial: the prospect, and each colleague
 * who joined the lead while it waited for triage, in an email of their own. It introduces
 * the CE, so without one it waits for an admin to assign one (`admin -- assign`). A trial
 * waiting in the capacity queue is told so, not that its instance is being provisioned.
 * Returns whether any was recorded now.
 */
export function recordWelcomeEmail(db: Db, trial: TrialRow, brand: Brand, now: Date): boolean {
  const ce = personById(db, trial.ce_id);
  if (!ce) return false;
  const ae = personById(db, trial.ae_id);
  let recorded = false;
  trialPeople(db, trial).forEach((person, n) => {
    // The trial's own prospect keeps the trial's key, the one its welcome has always had.
    const key = n === 0 ? `email:welcome:${trial.id}` : `email:welcome:${trial.id}:${person.signupId}`;
    const welcome = welcomeEmail({
      to: person.email,
      prospectName: person.name,
      company: trial.company,
      ce: { name: ce.name, email: ce.email },
      ae: ae ? { name: ae.name, email: ae.email } : null,
      instance: trial.status === 'queued' ? 'queued' : 'provisioning',
      brand,
    });
    const template = trial.status === 'queued' ? 'welcome (queued)' : 'welcome';
    if (recordEmail(db, trial.id, key, template, welcome, now)) recorded = true;
  });
  return recorded;
}

/** Cases 2.1/2.2 with a pre-provisioned instance: the CE introduces themselves (AE in cc), once. */
export function recordIntroductionEmail(db: Db, trial: TrialRow, brand: Brand, now: Date): boolean {
  const ce = personById(db, trial.ce_id);
  if (!ce || !trial.instance_url) return false;
  const ae = personById(db, trial.ae_id);
  const email = introductionEmail({
    to: trial.prospect_email,
    prospectName: trial.prospect_name,
    company: trial.company,
    instanceUrl: trial.instance_url,
    ce: { name: ce.name, email: ce.email },
    ae: ae ? { name: ae.name, email: ae.email } : null,
    brand,
  });
  return recordEmail(db, trial.id, `email:intro:${trial.id}`, 'introduction', email, now);
}

/** Someone sent to their company's existing instance hears from its AE how to get in, once per signup. */
export function recordExistingInstanceEmail(
  db: Db,
  trial: TrialRow,
  person: { signupId: string; email: string; name: string | null },
  brand: Brand,
  now: Date,
): boolean {
  const ae = personById(db, trial.ae_id);
  if (!ae || !trial.instance_url) return false;
  const email = existingInstanceEmail({
    to: person.email,
    prospectName: person.name,
    company: trial.company,
    instanceUrl: trial.instance_url,
    ae: { name: ae.name, email: ae.email },
    brand,
  });
  return recordEmail(db, trial.id, `email:existing:${trial.id}:${person.signupId}`, 'existing instance', email, now);
}
