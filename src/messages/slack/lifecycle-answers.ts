import { humanDay } from '../../core/human-date.js';
import { milestoneName } from '../../core/deadlines.js';
import { channelLink, mention, userText } from '../../core/mrkdwn.js';
import type { ConvertOutcome, ExtendOutcome, FeedbackSentOutcome, LifecycleAction, LifecycleRefusal, TerminateOutcome } from '../../core/lifecycle.js';
import { slackDate } from './block-kit.js';

const verb: Record<LifecycleAction, string> = {
  extend: 'extend',
  terminate: 'terminate',
  convert: 'convert',
  domain: 'request a domain change for',
};

const endedWord: Record<string, string> = {
  terminated: 'terminated',
  converted: 'converted',
  disqualified: 'disqualified',
};

/** The answer when a click, form or command could not be recorded (it changed nothing): try again. */
export const COULD_NOT_RECORD = ':warning: trialbot could not record that, so nothing was changed. Please try again in a moment.';

/** The answer when a trial a person names or clicks was deleted since. */
export const TRIAL_GONE = ':grey_question: This trial no longer exists in trialbot.';

/** What a person is told when extend, terminate, convert or domain changed nothing. */
export function lifecycleRefusalText(r: LifecycleRefusal, action: LifecycleAction): string {
  if (r.refused === 'unknown_trial') return `${TRIAL_GONE} Nothing was changed.`;
  const t = r.trial;
  const name = `*${userText(t.company ?? t.domain, 100)}*`;
  switch (r.refused) {
    case 'not_allowed':
      return `:no_entry_sign: Only the trial’s CE (${mention(t.ce_id)}), its AE (${mention(t.ae_id)}) or an admin can ${verb[action]} ${name}. Nothing was changed.`;
    case 'ended':
      return `The trial of ${name} was already ${endedWord[t.status] ?? t.status}${t.ended_at ? ` ${slackDate(t.ended_at, '{date_short_pretty}')}` : ''}. Nothing was changed.`;
    case 'not_started':
      return t.status === 'triage'
        ? `The trial of ${name} has not started yet: it is waiting for an SDR to qualify or disqualify it in #cloud-trial-alerts. Nothing was changed.`
        : `The trial of ${name} has not started yet (${t.status === 'queued' ? 'queued for an instance slot' : 'its instance is being provisioned'}): its clock starts when the instance is ready. Nothing was changed.`;
    case 'no_clock':
      return `${name} runs on an instance from before trialbot, with no trial clock to ${action === 'convert' ? 'stop' : 'extend'}. Nothing was changed.`;
    case 'existing_admin_only':
      return `${name} runs on an instance from before trialbot, not on a trial: only an admin can terminate it. Nothing was changed.`;
    case 'existing_unconfirmed':
      return (
        `:warning: ${name} runs on an instance from before trialbot, not on a trial: terminating it tears down an instance its people may be using. ` +
        `If that is what you mean, type \`/trial terminate ${userText(t.domain, 100)} confirm\` followed by the reason. Nothing was changed.`
      );
    case 'no_instance':
      return `${name} has no instance yet, so there is no domain to change. Nothing was changed.`;
    case 'same_domain':
      return `The instance of ${name} already lives at that hostname. Nothing was changed.`;
    case 'duplicate':
      return action === 'domain'
        ? `That domain change for ${name} was already requested. Nothing new was sent.`
        : `This was already done for ${name} (the same request arrived twice). Nothing more was changed.`;
    case 'prompt_superseded': {
      const where = t.space_channel_id ? ` (posted in ${channelLink(t.space_channel_id)})` : '';
      return (
        `This ${r.clicked ? `${milestoneName(r.clicked.kind)} ` : ''}prompt for ${name} is out of date: the *${milestoneName(r.waiting.kind)}* decision (due ${humanDay(r.waiting.dueOn)}) is waiting for an answer${where}. ` +
        `Use that prompt’s buttons, or \`/trial ${action}\`. Nothing was changed.`
      );
    }
    case 'prompt_answered':
      return `This prompt for ${name} was already answered${t.ends_at ? `: the trial now ends on *${humanDay(t.ends_at)}*` : ''}. To change it again, use \`/trial ${action}\`. Nothing was changed.`;
  }
}

export function feedbackRefusalText(r: Exclude<FeedbackSentOutcome, { ok: true }>): string {
  switch (r.refused) {
    case 'unknown_trial':
      return TRIAL_GONE;
    case 'not_feedback_owner':
      return ':no_entry_sign: Only the feedback owner (or an admin) records that the feedback request was sent. Nothing was changed.';
    case 'already':
      return `Already recorded by ${mention(r.by)} ${slackDate(r.at, '{date_short_pretty} {time}')}. Nothing was changed.`;
  }
}

/** The answer to an extension, from the command or a deadline prompt's button. */
export function extendAnswerText(outcome: ExtendOutcome, days: number): string {
  if ('refused' in outcome) return lifecycleRefusalText(outcome, 'extend');
  const t = outcome.trial;
  return (
    `:white_check_mark: Extended *${userText(t.company ?? t.domain, 100)}* by ${days} days: it now ends on *${humanDay(outcome.newEndOn)}*` +
    `${outcome.fromToday && outcome.previousEndOn ? ` (counted from today: its end date, ${humanDay(outcome.previousEndOn)}, had passed)` : ''}. ` +
    `The cloud team gets a trial-extend issue${outcome.licenseChange ? ' saying a license change is needed (more than 15 days)' : ''}, and the trial’s channel hears about it.`
  );
}

/** The answer to a termination, from the command or a deadline prompt's button. */
export function terminateAnswerText(outcome: TerminateOutcome): string {
  if ('refused' in outcome) return lifecycleRefusalText(outcome, 'terminate');
  const t = outcome.trial;
  const feedback =
    outcome.feedbackTo.length > 0 ? outcome.feedbackTo.map(mention).join(', ') : '#cloud-trial-alerts (nobody in the roster is the feedback owner)';
  return (
    `:white_check_mark: Terminated *${userText(t.company ?? t.domain, 100)}*. ` +
    `The cloud team gets a termination issue, the domain no longer routes to the instance, reminders have stopped, and the feedback request went to ${feedback}. ` +
    'A mistake? Say so on the termination issue before the instance is torn down: only the cloud team can keep it.'
  );
}

/** The answer to a conversion, from the command or a deadline prompt's button. */
export function convertAnswerText(outcome: ConvertOutcome): string {
  if ('refused' in outcome) return lifecycleRefusalText(outcome, 'convert');
  return `:tada: *${userText(outcome.trial.company ?? outcome.trial.domain, 100)}* is converted. Its reminders have stopped, and the trial’s channel hears about it.`;
}
