import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { recordWelcomeSent, snoozeDecisionPrompt } from '../../flows/record-welcome.js';
import { snoozeAnswerText, welcomeAnswerText } from '../../messages/slack/loop-answers.js';
import type { ListenerDeps } from './deps.js';
import { promptOfBlock } from './lifecycle.js';
import { postEphemeralOrDm } from './post-ephemeral-or-dm.js';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

const channelOf = (body: BlockAction) => body.container?.channel_id ?? body.channel?.id ?? null;

/** "Sent the welcome": recorded once; every ask with the button is redrawn by the outbox. */
export function onWelcomed(deps: ListenerDeps) {
  return async ({ ack, body, action, client }: ButtonArgs) => {
    await ack();
    const outcome = recordWelcomeSent(deps.db, action.value ?? '', body.user.id, deps.config.TIMEZONE, deps.now());
    await postEphemeralOrDm(client, deps, channelOf(body), body.user.id, welcomeAnswerText(outcome, deps.config.TIMEZONE));
  };
}

/** "Snooze 2 days" on a decision prompt: the prompt it is on is the actions block's (`deadline:<id>`). */
export function onSnooze(deps: ListenerDeps) {
  return async ({ ack, body, action, client }: ButtonArgs) => {
    await ack();
    const outcome = snoozeDecisionPrompt(deps.db, action.value ?? '', promptOfBlock(action.block_id), body.user.id, deps.config.TIMEZONE, deps.now());
    await postEphemeralOrDm(client, deps, channelOf(body), body.user.id, snoozeAnswerText(outcome, deps.config.TIMEZONE));
  };
}
