import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { disqualifyLead, disqualifyReasons, qualifyLead, recordOpportunity, triageRefusal, type DisqualifyReason } from '../../flows/triage-lead.js';
import { mention } from '../../core/mrkdwn.js';
import { getTrial } from '../../trials/trial-store.js';
import { BlockId } from '../action-ids.js';
import { disqualifyModal, type DisqualifyModalState } from '../blocks/disqualify-modal.js';
import { triageRefusalText } from '../refusals.js';
import type { ListenerDeps } from '../register-listeners.js';
import { whisper } from './whisper.js';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

const where = (body: BlockAction) => ({
  channel: body.container?.channel_id ?? body.channel?.id ?? null,
  ts: body.container?.message_ts ?? body.message?.ts ?? null,
});

export function onQualify(deps: ListenerDeps) {
  return async ({ ack, body, action, client }: ButtonArgs) => {
    await ack();
    const outcome = qualifyLead(deps.db, deps.config, action.value ?? '', body.user.id, deps.now());
    if ('refused' in outcome) return whisper(client, deps, where(body).channel, body.user.id, triageRefusalText(outcome));
    const t = outcome.trial;
    await whisper(
      client,
      deps,
      where(body).channel,
      body.user.id,
      outcome.queued
        ? `:white_check_mark: Qualified. AE ${mention(t.ae_id)}, CE ${mention(t.ce_id)}. :hourglass: We are at the cap of ${deps.config.MAX_ACTIVE_INSTANCES} live instances, so the instance request waits in the queue and goes out when a slot frees.`
        : `:white_check_mark: Qualified. AE ${mention(t.ae_id)}, CE ${mention(t.ce_id)}. trialbot is opening the trial space, the instance request and the welcome email.`,
    );
  };
}

export function onDisqualify(deps: ListenerDeps) {
  return async ({ ack, body, action, client }: ButtonArgs) => {
    await ack();
    const trialId = action.value ?? '';
    const trial = getTrial(deps.db, trialId);
    const refusal = triageRefusal(deps.db, trial, body.user.id);
    const { channel, ts } = where(body);
    if (refusal) return whisper(client, deps, channel, body.user.id, triageRefusalText(refusal));
    const state: DisqualifyModalState = { trialId, channel, ts };
    try {
      await client.views.open({ trigger_id: body.trigger_id, view: disqualifyModal(state, { email: trial!.prospect_email, company: trial!.company }) as never });
    } catch (error) {
      const code = (error as { data?: { error?: string } }).data?.error;
      deps.logger.warn({ code, trial: trialId }, 'could not open the disqualify modal');
      await whisper(
        client,
        deps,
        channel,
        body.user.id,
        code === 'expired_trigger_id'
          ? ':hourglass: Slack took too long to open the form. Please click *Disqualify* again.'
          : ':warning: Slack could not open the form. Please click *Disqualify* again in a moment.',
      );
    }
  };
}

export function onDisqualifySubmit(deps: ListenerDeps) {
  return async ({ ack, body, view, client }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs) => {
    let state: DisqualifyModalState;
    try {
      state = JSON.parse(view.private_metadata) as DisqualifyModalState;
    } catch {
      return ack({ response_action: 'errors', errors: { [BlockId.DisqualifyReason]: 'This form is out of date: close it and click Disqualify again.' } });
    }
    const reason = view.state.values[BlockId.DisqualifyReason]?.value?.selected_option?.value as DisqualifyReason | undefined;
    const detail = (view.state.values[BlockId.DisqualifyDetail]?.value?.value ?? '').trim() || null;
    if (!reason || !(reason in disqualifyReasons)) {
      return ack({ response_action: 'errors', errors: { [BlockId.DisqualifyReason]: 'Pick a reason.' } });
    }
    if (reason === 'other' && !detail) {
      return ack({ response_action: 'errors', errors: { [BlockId.DisqualifyDetail]: 'Say why, for "Other".' } });
    }
    await ack();
    const outcome = disqualifyLead(deps.db, state.trialId, body.user.id, reason, detail?.slice(0, 500) ?? null, deps.now());
    if ('refused' in outcome) return whisper(client, deps, state.channel, body.user.id, triageRefusalText(outcome));
    await whisper(client, deps, state.channel, body.user.id, ':no_entry: Disqualified. The self-host recommendation email is on its way to the prospect.');
  };
}

export function onOpportunityCreated(deps: ListenerDeps) {
  return async ({ ack, body, action, client }: ButtonArgs) => {
    await ack();
    const outcome = recordOpportunity(deps.db, action.value ?? '', body.user.id, deps.now());
    const channel = where(body).channel;
    if ('refused' in outcome) {
      const text =
        outcome.refused === 'not_sdr'
          ? ':no_entry_sign: Only SDRs record the Salesforce conversion. Nothing was changed.'
          : outcome.refused === 'already'
            ? `Already recorded by ${mention(outcome.by)}. Nothing was changed.`
            : ':grey_question: This trial no longer exists in trialbot.';
      return whisper(client, deps, channel, body.user.id, text);
    }
    await whisper(client, deps, channel, body.user.id, ':handshake: Recorded: opportunity created in Salesforce.');
  };
}
