import { mention, userText } from '../../core/mrkdwn.js';

export const REASSIGN_ADMINS_ONLY = ':no_entry_sign: Only trialbot admins reassign a trial. Nothing was changed.';

export function reassignRefusal(why: 'unknown' | 'not_open', trial?: { company: string | null; domain: string; status: string }): string {
  if (why === 'unknown' || !trial) return ':grey_question: That trial is no longer in trialbot. Nothing was changed.';
  const name = userText(trial.company ?? trial.domain, 100);
  return trial.status === 'triage'
    ? `:hourglass: *${name}* is still waiting for triage: its AE and CE are assigned when it is qualified. Nothing was changed.`
    : `:grey_question: The trial for *${name}* has ended: it has no owners to reassign. Nothing was changed.`;
}

/** What the admin is told once the form went through. */
export function reassignAnswer(o: {
  trial: { company: string | null; domain: string };
  role: 'ae' | 'ce';
  person: { slack_user_id: string };
  changed: boolean;
  previousId: string | null;
}): string {
  const role = o.role.toUpperCase();
  const name = userText(o.trial.company ?? o.trial.domain, 100);
  if (!o.changed) return `${mention(o.person.slack_user_id)} is already the ${role} of *${name}*. Nothing was changed.`;
  return (
    `:bust_in_silhouette: ${mention(o.person.slack_user_id)} is now the ${role} of *${name}*` +
    `${o.previousId ? ` in place of ${mention(o.previousId)}` : ''}. They are invited to the trial space and introduced there.`
  );
}
