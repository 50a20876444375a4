import { slackSignature, webhookSignature } from '../support/sign.js';
import { secrets } from '../support/test-bot.js';
import type { PreparedRequest } from './load-generator.js';

let triggers = 0;

/** `/trial <text>` typed by `user` in `channel`, signed as Slack signs it. */
export function slashCommand(user: string, channel: string, text: string): PreparedRequest {
  const body = new URLSearchParams({
    command: '/trial',
    text,
    user_id: user,
    user_name: user,
    channel_id: channel,
    channel_name: 'cloud-trial-bench',
    team_id: 'T1',
    trigger_id: `${++triggers}.1.bench`,
    response_url: 'http://127.0.0.1:9/response',
    token: 'legacy',
  }).toString();
  return { path: '/slack/events', body, headers: { 'content-type': 'application/x-www-form-urlencoded', ...slackSignature(secrets.signing, body) } };
}

/** A click on a button (block_actions) in message `ts` of `channel`. */
export function buttonClick(user: string, actionId: string, value: string, channel: string, ts: string): PreparedRequest {
  const payload = {
    type: 'block_actions',
    team: { id: 'T1' },
    user: { id: user, username: user, team_id: 'T1' },
    api_app_id: 'A1',
    token: 'legacy',
    trigger_id: `${++triggers}.1.bench`,
    response_url: 'http://127.0.0.1:9/response',
    container: { type: 'message', channel_id: channel, message_ts: ts },
    channel: { id: channel },
    message: { ts, type: 'message' },
    actions: [{ type: 'button', action_id: actionId, block_id: 'b', value, action_ts: String(Date.now() / 1000) }],
  };
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return { path: '/slack/events', body, headers: { 'content-type': 'application/x-www-form-urlencoded', ...slackSignature(secrets.signing, body) } };
}

/** A signup from the signup site: a new company each, so each is a Case 3 lead. */
export function signupRequest(id: string): PreparedRequest {
  const body = JSON.stringify({ id, email: `pat@${id}.com`, name: 'Pat Prospect', company: `Company ${id}` });
  return { path: '/webhooks/signup', body, headers: { 'content-type': 'application/json', 'x-signature-256': webhookSignature(secrets.webhook, body) } };
}

/** Sends one prepared request from this thread; resolves with its status. */
export async function send(baseUrl: string, r: PreparedRequest): Promise<number> {
  const res = await fetch(`${baseUrl}${r.path}`, { method: 'POST', headers: r.headers, body: r.body });
  await res.arrayBuffer();
  return res.status;
}

/** A usage event from a trial instance (`POST /webhooks/activity`). */
export function activityRequest(id: string, instanceUrl: string, event: 'search' | 'visit' | 'code_host_added' | 'repo_added', at: Date): PreparedRequest {
  const body = JSON.stringify({ id, instanceUrl, event, private: event === 'repo_added', at: at.toISOString() });
  return { path: '/webhooks/activity', body, headers: { 'content-type': 'application/json', 'x-signature-256': webhookSignature(secrets.webhook, body) } };
}
