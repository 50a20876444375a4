import { userText } from '../../core/mrkdwn.js';
import type { Button } from './block-kit.js';
import { ActionId } from './ids.js';

/**
 * Extend / Converted / Terminate for one trial: the deadline prompts' buttons and the Home tab's are
 * these, with the same confirmations, answered by the same listeners and flows as `/trial`.
 * `running` (the clock runs) offers all three; a trial still waiting for its instance can only end.
 */
export function decisionButtons(t: { trialId: string; company: string; running: boolean; recommend?: 'extend' | 'terminate' | null }): Button[] {
  const company = userText(t.company, 100);
  const extend: Button = {
    actionId: ActionId.Extend,
    text: 'Extend 15 days',
    // The trial; which prompt a click answers is the actions block's id, `deadline:<milestone>` (see extendTrial).
    value: t.trialId,
    ...(t.recommend === 'extend' ? { style: 'primary' as const } : {}),
  };
  const terminate: Button = {
    actionId: ActionId.Terminate,
    text: 'Terminate',
    value: t.trialId,
    ...(t.recommend === 'terminate' ? { style: 'danger' as const } : {}),
    confirm: {
      title: 'Terminate this trial?',
      text: `The trial for *${company}* ends and its instance is torn down. A feedback request goes out.`,
      confirm: 'Terminate',
      deny: 'Cancel',
    },
  };
  const convert: Button = {
    actionId: ActionId.Convert,
    text: 'Converted',
    value: t.trialId,
    confirm: {
      title: 'Mark as converted?',
      text: `*${company}* bought: the trial is marked converted and its reminders stop.`,
      confirm: 'Converted',
      deny: 'Cancel',
    },
  };
  return t.running ? [extend, convert, terminate] : [terminate];
}
