import { slackSignature, webhookSignature } from '../support/sign.js';
import { secrets } from '../support/test-bot.js';
import type { PreparedRequest } from './load-generator.js';
import { buttonClickFields, formBody, slashCommandFields } from '../support/slack-payloads.js';

let triggers = 0;

/** `/trial <text>` typed by `user` in `channel`, signed as Slack signs it. */
export function slashCommand(user: string, channel: string, text: string): PreparedRequest {
  const fields = slashCommandFields({
    user,
    channel,
    channelName: 'cloud-trial-bench',
    text,
    triggerId: `${++triggers}.1.bench`,
    responseUrl: 'http://127.0.0.1:9/response',
  });
  return slackForm(fields);
}

/** A click on a button (block_actions) in message `ts` of `channel`. */
export function buttonClick(user: string, actionId: string, value: string, channel: string, ts: string): PreparedRequest {
  return slackForm(
    buttonClickFields({ user, actionId, value, message: { channel, ts }, triggerId: `${++triggers}.1.bench`, responseUrl: 'http://127.0.0.1:9/response' }),
  );
}

function slackForm(fields: Record<string, string>): PreparedRequest {
  const body = formBody(fields);
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
