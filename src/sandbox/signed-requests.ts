// What Slack and the signup site send the bot, built and signed as they would: the sandbox page
// acts through the bot's real /slack/events and /webhooks/signup, over HTTP, like they do.
import { createHmac } from 'node:crypto';

export interface BotAnswer {
  status: number;
  /** Parsed JSON, or the raw text when the answer is not JSON (an empty ack is ''). */
  body: unknown;
}

export interface SignedClient {
  /** Base URL of the bot (`http://127.0.0.1:PORT`, or the one address it listens on). */
  botUrl: string;
  signingSecret: string;
  webhookSecret: string;
}

export function slackSignatureHeaders(secret: string, body: string, timestampS: number): Record<string, string> {
  return {
    'x-slack-request-timestamp': String(timestampS),
    'x-slack-signature': `v0=${createHmac('sha256', secret).update(`v0:${timestampS}:${body}`).digest('hex')}`,
  };
}

export function webhookSignatureHeader(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

async function answer(res: Response): Promise<BotAnswer> {
  const text = await res.text();
  try {
    return { status: res.status, body: JSON.parse(text) as unknown };
  } catch {
    return { status: res.status, body: text };
  }
}

/** POSTs a form to /slack/events with Slack's v0 signature. */
export async function postToSlackEndpoint(client: SignedClient, fields: Record<string, string>): Promise<BotAnswer> {
  const body = new URLSearchParams(fields).toString();
  const res = await fetch(`${client.botUrl}/slack/events`, {
    method: 'POST',
    body,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      // Stamped with wall-clock time, not the sandbox clock: that is what Slack does, and the bot
      // refuses requests more than five minutes from real time either way.
      ...slackSignatureHeaders(client.signingSecret, body, Math.floor(Date.now() / 1000)),
    },
  });
  return answer(res);
}

/** POSTs an Events API callback (JSON) to /slack/events with Slack's v0 signature. */
export async function postSlackEvent(client: SignedClient, event: Record<string, unknown>, eventId: string): Promise<BotAnswer> {
  const body = JSON.stringify({
    token: 'sandbox',
    team_id: 'TSANDBOX',
    api_app_id: 'ASANDBOX',
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    event,
  });
  const res = await fetch(`${client.botUrl}/slack/events`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', ...slackSignatureHeaders(client.signingSecret, body, Math.floor(Date.now() / 1000)) },
  });
  return answer(res);
}

/** POSTs JSON to a webhook signed with `X-Signature-256`, as the signup site does. */
export async function postSignedWebhook(client: SignedClient, path: string, payload: unknown): Promise<BotAnswer> {
  const body = JSON.stringify(payload);
  const res = await fetch(`${client.botUrl}${path}`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', 'x-signature-256': webhookSignatureHeader(client.webhookSecret, body) },
  });
  return answer(res);
}

export interface Actor {
  id: string;
  name: string;
  teamId: string;
}

const userOf = (a: Actor) => ({ id: a.id, username: a.name, name: a.name, team_id: a.teamId });

export function blockActionsPayload(opts: {
  actor: Actor;
  triggerId: string;
  responseUrl: string;
  channel: { id: string; name: string } | null;
  message: { ts: string; text: string; blocks?: unknown[]; user: string; ephemeral: boolean } | null;
  action: { action_id: string; block_id: string; value?: string; text: string; overflow?: boolean };
  /** Clicked on the person's Home tab. */
  home?: boolean;
  now: Date;
}) {
  const { actor, channel, message } = opts;
  return {
    type: 'block_actions',
    team: { id: actor.teamId, domain: 'sandbox' },
    user: userOf(actor),
    api_app_id: 'ASANDBOX',
    token: 'sandbox',
    trigger_id: opts.triggerId,
    response_url: opts.responseUrl,
    is_enterprise_install: false,
    enterprise: null,
    container:
      message && channel
        ? { type: 'message', channel_id: channel.id, message_ts: message.ts, is_ephemeral: message.ephemeral }
        : opts.home
          ? { type: 'view', view_id: `VHOME${actor.id}` }
          : undefined,
    view: opts.home ? { id: `VHOME${actor.id}`, type: 'home', team_id: actor.teamId } : undefined,
    channel: channel ?? undefined,
    message: message && !message.ephemeral ? { type: 'message', ts: message.ts, text: message.text, blocks: message.blocks, user: message.user } : undefined,
    state: { values: {} },
    actions: [
      opts.action.overflow
        ? {
            type: 'overflow',
            action_id: opts.action.action_id,
            block_id: opts.action.block_id,
            selected_option: { text: { type: 'plain_text', text: opts.action.text }, value: opts.action.value },
            action_ts: (opts.now.getTime() / 1000).toFixed(6),
          }
        : {
            type: 'button',
            action_id: opts.action.action_id,
            block_id: opts.action.block_id,
            value: opts.action.value,
            text: { type: 'plain_text', text: opts.action.text, emoji: true },
            action_ts: (opts.now.getTime() / 1000).toFixed(6),
          },
    ],
  };
}

export function slashCommandFields(opts: {
  actor: Actor;
  channel: { id: string; name: string };
  text: string;
  triggerId: string;
  responseUrl: string;
}): Record<string, string> {
  return {
    token: 'sandbox',
    team_id: opts.actor.teamId,
    team_domain: 'sandbox',
    channel_id: opts.channel.id,
    channel_name: opts.channel.name,
    user_id: opts.actor.id,
    user_name: opts.actor.name,
    command: '/trial',
    text: opts.text,
    api_app_id: 'ASANDBOX',
    is_enterprise_install: 'false',
    response_url: opts.responseUrl,
    trigger_id: opts.triggerId,
  };
}

export type InputValue =
  | { type: 'static_select'; selected_option: { text: { type: 'plain_text'; text: string }; value: string } | null }
  | { type: 'plain_text_input'; value: string | null }
  | { type: 'datepicker'; selected_date: string | null };

export function viewSubmissionPayload(opts: {
  actor: Actor;
  triggerId: string;
  view: { id: string; view: Record<string, unknown>; root_view_id: string; previous_view_id: string | null };
  values: Record<string, Record<string, InputValue>>;
}) {
  const v = opts.view.view;
  return {
    type: 'view_submission',
    team: { id: opts.actor.teamId, domain: 'sandbox' },
    user: userOf(opts.actor),
    api_app_id: 'ASANDBOX',
    token: 'sandbox',
    trigger_id: opts.triggerId,
    is_enterprise_install: false,
    enterprise: null,
    view: {
      ...v,
      id: opts.view.id,
      team_id: opts.actor.teamId,
      state: { values: opts.values },
      private_metadata: typeof v.private_metadata === 'string' ? v.private_metadata : '',
      callback_id: typeof v.callback_id === 'string' ? v.callback_id : '',
      root_view_id: opts.view.root_view_id,
      previous_view_id: opts.view.previous_view_id,
      app_id: 'ASANDBOX',
      bot_id: 'BSANDBOX',
    },
    response_urls: [],
  };
}
