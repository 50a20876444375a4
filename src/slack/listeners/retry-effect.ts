import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { retryFailedEffect } from '../../flows/retry-effect.js';
import { failureReportRetried } from '../../messages/slack/failure-report.js';
import { hasRole } from '../../stores/people-store.js';
import type { ListenerDeps } from './deps.js';
import { postEphemeralOrDm } from './post-ephemeral-or-dm.js';

/** Retry on a failure report: an admin sends the failed effect back to the queue (as `admin -- outbox retry`). */
export function onRetryEffect(deps: ListenerDeps) {
  return async ({ ack, body, action, client }: SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs) => {
    await ack();
    const user = body.user.id;
    const channel = body.container?.channel_id ?? body.channel?.id ?? null;
    const ts = body.container?.message_ts ?? body.message?.ts ?? null;
    if (!hasRole(deps.db, user, 'admin')) {
      return postEphemeralOrDm(client, deps, channel, user, ':no_entry_sign: Only trialbot admins retry a failed action. Nothing was changed.');
    }
    try {
      retryFailedEffect(deps.db, action.value ?? '', user, deps.now());
    } catch (error) {
      // Its reasons are one line for a person: already retried, or no longer failed.
      return postEphemeralOrDm(
        client,
        deps,
        channel,
        user,
        `:grey_question: ${(error as Error).message.replace(/^outbox effect \d+ is/, 'It is')}. Nothing was changed.`,
      );
    }
    const text = (body.message as { text?: string } | undefined)?.text ?? 'A failed action';
    if (channel && ts) {
      const done = failureReportRetried(text, user, deps.now(), deps.config.TIMEZONE);
      await client.chat
        .update({ channel, ts, text: done.text, blocks: done.blocks })
        .catch((error: Error) => deps.logger.info({ err: error.message }, 'could not update the failure report'));
    }
    await postEphemeralOrDm(client, deps, channel, user, ':repeat: Sent back to the queue: trialbot tries it again now.');
  };
}
