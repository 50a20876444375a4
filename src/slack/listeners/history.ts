import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { TRIAL_GONE } from '../../messages/slack/lifecycle-answers.js';
import { trialHistory } from '../../messages/slack/trial-history.js';
import { personById } from '../../stores/people-store.js';
import { trialHistoryView } from '../../stores/views/load-trial-history.js';
import type { ListenerDeps } from './deps.js';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** History on a trial card: the audit trail, newest first, shown to the person who clicked (anyone in the roster). */
export function onHistory(deps: ListenerDeps) {
  return async ({ ack, body, action, client }: ButtonArgs) => {
    await ack();
    const channel = body.container?.channel_id ?? body.channel?.id;
    const user = body.user.id;
    if (!channel) return;
    if (!personById(deps.db, user)) {
      await client.chat.postEphemeral({ channel, user, text: ':no_entry_sign: The history is for people in the trialbot roster. Nothing was shown.' });
      return;
    }
    const view = trialHistoryView(deps.db, action.value ?? '', deps.config.TIMEZONE);
    if (!view) {
      await client.chat.postEphemeral({ channel, user, text: TRIAL_GONE });
      return;
    }
    const content = trialHistory(view);
    await client.chat.postEphemeral({ channel, user, text: content.text, blocks: content.blocks });
  };
}
