import { humanDay } from '../../core/human-date.js';
import { channelLink, link, mention, userText } from '../../core/mrkdwn.js';
import { ActionId } from './ids.js';
import { actions, context, fields, header, message, section, slackDate, type SlackMessage } from './block-kit.js';

export interface FeedbackRequestView {
  trialId: string;
  company: string | null;
  domain: string;
  prospectName: string | null;
  prospectEmail: string;
  instanceUrl: string | null;
  aeId: string | null;
  ceId: string | null;
  startedAt: string | null;
  endedAt: string | null;
  endsOn: string | null;
  grade: { grade: string; description: string } | null;
  reason: string | null;
  spaceChannelId: string | null;
  /** Recorded by the "Feedback sent" button. */
  sent: { by: string; at: string } | null;
}

/**
 * The DM to the feedback owner when a trial is terminated: everything needed
 * to ask the prospect for feedback, and a button to record that it was sent.
 */
export function feedbackRequest(v: FeedbackRequestView, opts: { withButton: boolean; ownerMissing?: boolean }): SlackMessage {
  const company = v.company ?? v.domain;
  const blocks = [
    header(`Feedback request: ${company}`),
    section(
      `The cloud trial of *${userText(company, 150)}* (${userText(v.domain, 200)}) was terminated. Please ask ${userText(v.prospectName ?? v.prospectEmail, 150)} for feedback on the trial.` +
        (opts.ownerMissing ? '\n:warning: Nobody holds the `feedback_owner` role in the roster, so this landed here: someone please take it.' : ''),
    ),
    fields([
      ['Company', userText(company, 150)],
      ['Domain', userText(v.domain, 200)],
      ['Prospect', `${userText(v.prospectName ?? v.prospectEmail, 150)}\n${userText(v.prospectEmail, 254)}`],
      ['Instance', v.instanceUrl ? link(v.instanceUrl, v.instanceUrl) : '—'],
      ['CE', mention(v.ceId)],
      ['AE', mention(v.aeId)],
      [
        'Dates',
        `started ${v.startedAt ? slackDate(v.startedAt, '{date_short_pretty}') : '—'}, ended ${v.endedAt ? slackDate(v.endedAt, '{date_short_pretty}') : '—'}${v.endsOn ? ` (was due to end ${humanDay(v.endsOn)})` : ''}`,
      ],
      ['Usage grade', v.grade ? `${v.grade.grade} · ${userText(v.grade.description, 200)}` : '—'],
      ['Reason', userText(v.reason, 500)],
      ['Trial space', channelLink(v.spaceChannelId)],
    ]),
  ];
  if (v.sent) {
    blocks.push(context(`:white_check_mark: Feedback request sent, recorded by ${mention(v.sent.by)} ${slackDate(v.sent.at, '{date_short_pretty} {time}')}`));
  } else if (opts.withButton) {
    blocks.push(actions('feedback', [{ actionId: ActionId.FeedbackSent, text: 'Feedback sent', value: v.trialId, style: 'primary' }]));
  }
  blocks.push(context(`Trial \`${v.trialId}\``));
  return message(`Feedback request: the cloud trial of ${userText(company, 100)} was terminated`, blocks);
}
