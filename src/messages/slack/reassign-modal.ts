import { plainText, userText } from '../../core/mrkdwn.js';
import { BlockId, ViewId } from './ids.js';

export interface ReassignModalState {
  trialId: string;
  role: 'ae' | 'ce';
}

export interface ReassignChoice {
  slackUserId: string;
  name: string;
  email: string;
}

/** Slack's static_select takes at most 100 options. */
const MAX_OPTIONS = 100;

/**
 * The admin's "Reassign the AE/CE" form: only the roster's eligible people for the role are offered
 * (Slack's user picker cannot be limited to them); the submission is checked again all the same.
 */
export function reassignModal(
  state: ReassignModalState,
  trial: { company: string | null; domain: string; currentId: string | null; currentName: string | null },
  choices: ReassignChoice[],
) {
  const role = state.role.toUpperCase();
  const current = trial.currentName ? `Today: ${userText(trial.currentName, 100)}.` : `The trial has no ${role} yet.`;
  return {
    type: 'modal' as const,
    callback_id: ViewId.Reassign,
    private_metadata: JSON.stringify(state),
    title: { type: 'plain_text' as const, text: `Reassign the ${role}` },
    ...(choices.length > 0 ? { submit: { type: 'plain_text' as const, text: 'Reassign' } } : {}),
    close: { type: 'plain_text' as const, text: 'Cancel' },
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          verbatim: true,
          text: `*${userText(trial.company ?? trial.domain, 150)}* · ${userText(trial.domain, 200)}\n${current} The new ${role} is invited to the trial space and introduced there${state.role === 'ce' ? ', and named on the instance request' : ''}.`,
        },
      },
      choices.length > 0
        ? {
            type: 'input',
            block_id: BlockId.ReassignPerson,
            label: { type: 'plain_text', text: `New ${role}` },
            element: {
              type: 'static_select',
              action_id: 'value',
              placeholder: { type: 'plain_text', text: `Pick an eligible ${role}` },
              options: choices
                .filter((c) => c.slackUserId !== trial.currentId)
                .slice(0, MAX_OPTIONS)
                .map((c) => ({ text: { type: 'plain_text', text: plainText(`${c.name} (${c.email})`, 75) }, value: c.slackUserId })),
            },
          }
        : {
            type: 'section',
            block_id: BlockId.ReassignPerson,
            text: { type: 'mrkdwn', text: `:warning: Nobody in the roster is an eligible ${role}. Import the roster with one first.` },
          },
    ],
  };
}
