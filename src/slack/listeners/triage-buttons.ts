import { inputValue } from './view-input.js';
import { brandOf } from '../../core/brand.js';
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { sendsSelfHostEmail } from '../../core/disqualify-reasons.js';
import { disqualifyLead, disqualifyReasons, qualifyLead, recordOpportunity, triageRefusal, type DisqualifyReason } from '../../flows/triage-lead.js';
import { mention } from '../../core/mrkdwn.js';
import { getTrial } from '../../stores/trial-store.js';
import { BlockId } from '../../messages/slack/ids.js';
import { disqualifyModal, type DisqualifyModalState } from '../../messages/slack/disqualify-modal.js';
import { triageRefusalText } from '../../messages/slack/triage-answers.js';
import { TRIAL_GONE } from '../../messages/slack/lifecycle-answers.js';
import type { ListenerDeps } from './deps.js';
import { postEphemeralOrDm } from './post-ephemeral-or-dm.js';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

const where = (body: BlockAction) => ({
  channel: body.container?.channel_id ?? body.channel?.id ?? null,
  ts: body.container?.message_ts ?? body.message?.ts ?? null,
});

export function onQualify(deps: ListenerDeps) {
  return async ({ ack, body, action, client }: ButtonArgs) => {
    await ack();
    const outcome = qualifyLead(deps.db, deps.config, action.value ?? '', body.user.id, deps.now());
    if ('refused' in outcome) return postEphemeralOrDm(client, deps, where(body).channel, body.user.id, triageRefusalText(outcome));
    const t = outcome.trial;
    await postEphemeralOrDm(
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
    if (refusal || !trial) return postEphemeralOrDm(client, deps, channel, body.user.id, triageRefusalText(refusal ?? { refused: 'unknown_trial' }));
    const state: DisqualifyModalState = { trialId, channel, ts };
    try {
      await client.views.open({
        trigger_id: body.trigger_id,
        view: disqualifyModal(state, { email: trial.prospect_email, company: trial.company }),
      });
    } catch (error) {
      const code = (error as { data?: { error?: string } }).data?.error;
      deps.logger.warn({ code, trial: trialId }, 'could not open the disqualify modal');
      await postEphemeralOrDm(
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

const staleForm = 'This form is out of date: close it and click Disqualify again.';

/** The modal's own metadata, as the bot wrote it; anything else is a stale or forged form. */
function modalState(metadata: unknown): DisqualifyModalState | null {
  if (typeof metadata !== 'string') return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(metadata);
  } catch {
    return null;
  }
  const s = parsed as Partial<Record<keyof DisqualifyModalState, unknown>> | null;
  if (!s || typeof s !== 'object' || typeof s.trialId !== 'string') return null;
  const optional = (v: unknown) => (typeof v === 'string' ? v : null);
  return { trialId: s.trialId, channel: optional(s.channel), ts: optional(s.ts) };
}

/** One input's value; Slack always sends `state.values`, a forged payload may send anything. */

export function onDisqualifySubmit(deps: ListenerDeps) {
  return async ({ ack, body, view, client }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs) => {
    const state = modalState(view.private_metadata);
    if (!state) return ack({ response_action: 'errors', errors: { [BlockId.DisqualifyReason]: staleForm } });
    // A submission without usable values (forged: Slack always sends them) has no reason in it.
    const selected = inputValue(view, BlockId.DisqualifyReason).selected;
    const typed = inputValue(view, BlockId.DisqualifyDetail).text;
    const reason = typeof selected === 'string' && Object.hasOwn(disqualifyReasons, selected) ? (selected as DisqualifyReason) : undefined;
    const detail = (typeof typed === 'string' ? typed.trim() : '') || null;
    if (!reason) {
      return ack({ response_action: 'errors', errors: { [BlockId.DisqualifyReason]: 'Pick a reason.' } });
    }
    if (reason === 'other' && !detail) {
      return ack({ response_action: 'errors', errors: { [BlockId.DisqualifyDetail]: 'Say why, for "Other".' } });
    }
    await ack();
    const outcome = disqualifyLead(deps.db, state.trialId, body.user.id, reason, detail?.slice(0, 500) ?? null, brandOf(deps.config), deps.now());
    if ('refused' in outcome) return postEphemeralOrDm(client, deps, state.channel, body.user.id, triageRefusalText(outcome));
    await postEphemeralOrDm(
      client,
      deps,
      state.channel,
      body.user.id,
      sendsSelfHostEmail(reason)
        ? ':no_entry: Disqualified. The self-host recommendation email is on its way to the prospect.'
        : `:no_entry: Disqualified (${disqualifyReasons[reason]}). No email goes to the prospect for this reason.`,
    );
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
            : TRIAL_GONE;
      return postEphemeralOrDm(client, deps, channel, body.user.id, text);
    }
    await postEphemeralOrDm(client, deps, channel, body.user.id, ':handshake: Recorded: opportunity created in Salesforce.');
  };
}
