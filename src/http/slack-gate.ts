import type { IncomingMessage } from 'node:http';
import { isValidSlackRequest } from '@slack/bolt';

/** What the app listens for (the Slack wiring index, `slack/listeners/index.ts`). */
export interface ListenedIds {
  actions: readonly string[];
  views: readonly string[];
  commands: readonly string[];
  events: readonly string[];
}

export type GateVerdict =
  | { pass: true }
  /** Well-formed and signed, but nothing here listens for it: acknowledged and dropped. */
  | { pass: false; status: 200; body: '' }
  | { pass: false; status: 400 | 401; error: string };

/**
 * Checks a Slack request before Bolt sees it: the v0 signature (with Bolt's
 * own helper), the timestamp in both directions, and that the payload is one
 * this app handles. Bolt then runs only for requests that mean something;
 * junk gets an answer at once instead of hanging until Slack's timeout.
 */
export function gateSlackRequest(req: IncomingMessage, raw: Buffer, signingSecret: string, nowMs: number, ids: ListenedIds): GateVerdict {
  const body = raw.toString('utf8');
  const timestamp = Number(req.headers['x-slack-request-timestamp']);
  const signature = req.headers['x-slack-signature'];
  if (typeof signature !== 'string' || !Number.isInteger(timestamp)) return { pass: false, status: 401, error: 'missing Slack signature headers' };
  if (Math.abs(nowMs / 1000 - timestamp) > 300) return { pass: false, status: 401, error: 'request timestamp is more than five minutes away from now' };
  const valid = isValidSlackRequest({
    signingSecret,
    body,
    headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': timestamp },
    nowMilliseconds: nowMs,
  });
  if (!valid) return { pass: false, status: 401, error: 'invalid Slack signature' };

  const type = String(req.headers['content-type'] ?? '');
  if (type.startsWith('application/json')) {
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      return { pass: false, status: 400, error: 'body is not valid JSON' };
    }
    if (!isObject(json) || typeof json.type !== 'string') return { pass: false, status: 400, error: 'not a Slack event' };
    if (json.type === 'url_verification' && typeof json.challenge === 'string') return { pass: true };
    if (json.type === 'event_callback' && isObject(json.event) && typeof json.event_id === 'string') {
      return ids.events.includes(String(json.event.type)) ? { pass: true } : { pass: false, status: 200, body: '' };
    }
    return { pass: false, status: 200, body: '' };
  }
  if (!type.startsWith('application/x-www-form-urlencoded')) return { pass: false, status: 400, error: 'unsupported content type' };
  const form = new URLSearchParams(body);
  if (form.has('command')) {
    return ids.commands.includes(form.get('command') ?? '') && form.get('user_id') && form.get('channel_id')
      ? { pass: true }
      : { pass: false, status: 400, error: 'unknown slash command' };
  }
  if (form.has('ssl_check')) return { pass: false, status: 200, body: '' };
  const payloadText = form.get('payload');
  if (payloadText === null) return { pass: false, status: 400, error: 'no payload' };
  let payload: unknown;
  try {
    payload = JSON.parse(payloadText);
  } catch {
    return { pass: false, status: 400, error: 'payload is not valid JSON' };
  }
  if (!isObject(payload) || !isObject(payload.user) || typeof payload.user.id !== 'string') {
    return { pass: false, status: 400, error: 'payload has no user' };
  }
  if (payload.type === 'block_actions') {
    const actions = payload.actions;
    if (!Array.isArray(actions) || actions.length === 0 || !actions.every((a) => isObject(a) && typeof a.action_id === 'string')) {
      return { pass: false, status: 400, error: 'payload has no actions' };
    }
    return actions.some((a) => ids.actions.includes((a as { action_id: string }).action_id)) ? { pass: true } : { pass: false, status: 200, body: '' };
  }
  if (payload.type === 'view_submission' || payload.type === 'view_closed') {
    const view = payload.view;
    if (!isObject(view) || typeof view.callback_id !== 'string' || (payload.type === 'view_submission' && !isObject(view.state))) {
      return { pass: false, status: 400, error: 'payload has no view' };
    }
    return ids.views.includes(view.callback_id) && payload.type === 'view_submission' ? { pass: true } : { pass: false, status: 200, body: '' };
  }
  return { pass: false, status: 200, body: '' };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The request with its body already read, as Bolt's receiver takes it: a request carrying
 * `rawBody` is not read again (Bolt's `BufferedIncomingMessage`). Replaying the bytes through a
 * stream for Bolt to buffer a second time cost every ack a stream and a copy.
 */
export function withBody(req: IncomingMessage, raw: Buffer): IncomingMessage & { rawBody: Buffer } {
  return Object.assign(req, { rawBody: raw });
}
