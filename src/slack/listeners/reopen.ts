import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { humanTime } from '../../core/human-date.js';
import { reopenLead } from '../../flows/reopen-lead.js';
import { TRIAL_GONE } from '../../messages/slack/lifecycle-answers.js';
import type { ListenerDeps } from './deps.js';
import { postEphemeralOrDm } from './post-ephemeral-or-dm.js';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** Reopen on a disqualified lead's alert: back to triage, within 24 hours, by an inbound SDR. */
export function onReopen(deps: ListenerDeps) {
  return async ({ ack, body, action, client }: ButtonArgs) => {
    await ack();
    const channel = body.container?.channel_id ?? body.channel?.id ?? null;
    const outcome = reopenLead(deps.db, action.value ?? '', body.user.id, deps.now());
    const text =
      'ok' in outcome
        ? ':leftwards_arrow_with_hook: Reopened: the lead is back in triage, with its Qualify and Disqualify buttons. The self-host email already sent is not sent again.'
        : outcome.refused === 'unknown_trial'
          ? TRIAL_GONE
          : outcome.refused === 'not_inbound_sdr'
            ? ':no_entry_sign: Only inbound SDRs can reopen a lead. Nothing was changed.'
            : outcome.refused === 'too_late'
              ? `This lead could be reopened until ${humanTime(outcome.until, deps.config.TIMEZONE)}; it is too late now. Nothing was changed.`
              : 'This lead is not disqualified, so there is nothing to reopen. Nothing was changed.';
    await postEphemeralOrDm(client, deps, channel, body.user.id, text);
  };
}
