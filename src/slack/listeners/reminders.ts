import { humanDay } from '../../core/human-date.js';
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { mention } from '../../core/mrkdwn.js';
import { recordLicenseRotation } from '../../flows/license-rotation.js';
import { licenseRotatedNotice } from '../../messages/slack/license-reminder.js';
import { slackDate } from '../../messages/slack/block-kit.js';
import type { ListenerDeps } from './deps.js';
import { postEphemeralOrDm } from './post-ephemeral-or-dm.js';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** "Rotated" under a license reminder: records the rotation, once per period. */
export function onLicenseRotated(deps: ListenerDeps) {
  return async ({ ack, body, action, client }: ButtonArgs) => {
    await ack();
    const channel = body.container?.channel_id ?? body.channel?.id ?? null;
    const ts = body.container?.message_ts ?? body.message?.ts ?? null;
    const outcome = recordLicenseRotation(deps.db, action.value ?? '', body.user.id, deps.now(), deps.config.LICENSE_ROTATION_DAYS, deps.config.TIMEZONE);
    if ('refused' in outcome) {
      const text =
        outcome.refused === 'not_allowed'
          ? ':no_entry_sign: Only the license owner or an admin records a license key rotation. Nothing was changed.'
          : outcome.refused === 'bad_period'
            ? ':grey_question: This reminder is out of date. Nothing was changed.'
            : `Already recorded: the key was rotated ${slackDate(outcome.at)} by ${mention(outcome.by)}. Nothing was changed.`;
      return postEphemeralOrDm(client, deps, channel, body.user.id, text);
    }
    deps.logger.info({ by: body.user.id }, 'license rotation recorded');
    await postEphemeralOrDm(
      client,
      deps,
      channel,
      body.user.id,
      `:white_check_mark: Recorded: the shared trial license key was rotated. The next reminder is due ${humanDay(outcome.nextDueOn)}.`,
    );
    if (channel && ts) {
      // Only cosmetic: the rotation is recorded whether or not the reminder can be updated.
      const notice = licenseRotatedNotice({ by: body.user.id, at: outcome.at, nextDueOn: outcome.nextDueOn });
      try {
        await client.chat.update({ channel, ts, text: notice.text, blocks: notice.blocks });
      } catch (error) {
        deps.logger.info({ err: (error as Error).message }, 'could not update the license reminder');
      }
    }
  };
}
