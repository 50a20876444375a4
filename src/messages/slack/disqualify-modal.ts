import { disqualifyReasons } from '../../core/disqualify-reasons.js';
import { plainText, userText } from '../../core/mrkdwn.js';
import { BlockId, ViewId } from './ids.js';

export interface DisqualifyModalState {
  trialId: string;
  channel: string | null;
  ts: string | null;
}

/** The modal asking why a lead is disqualified. */
export function disqualifyModal(state: DisqualifyModalState, lead: { email: string; company: string | null }) {
  return {
    type: 'modal' as const,
    callback_id: ViewId.DisqualifyReason,
    private_metadata: JSON.stringify(state),
    title: { type: 'plain_text' as const, text: 'Disqualify lead' },
    submit: { type: 'plain_text' as const, text: 'Disqualify' },
    close: { type: 'plain_text' as const, text: 'Cancel' },
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          verbatim: true,
          text: `*${userText(lead.email, 254)}* · ${userText(lead.company, 200)}\nUnless the reason is spam, a competitor, a student or a job seeker, they get the automated email recommending they self-host.`,
        },
      },
      {
        type: 'input',
        block_id: BlockId.DisqualifyReason,
        label: { type: 'plain_text', text: 'Reason' },
        element: {
          type: 'static_select',
          action_id: 'value',
          placeholder: { type: 'plain_text', text: 'Pick a reason' },
          options: Object.entries(disqualifyReasons).map(([value, label]) => ({ text: { type: 'plain_text', text: plainText(label, 75) }, value })),
        },
      },
      {
        type: 'input',
        block_id: BlockId.DisqualifyDetail,
        optional: true,
        // Slack adds "(optional)" to an optional input's label itself; when it is needed is the hint's to say.
        label: { type: 'plain_text', text: 'Details' },
        hint: { type: 'plain_text', text: 'Required when the reason is Other.' },
        element: { type: 'plain_text_input', action_id: 'value', multiline: true, max_length: 500 },
      },
    ],
  };
}
