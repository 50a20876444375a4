import { createHmac } from 'node:crypto';

/** Headers Slack sends with a v0-signed request. */
export function slackSignature(secret: string, body: string, timestampS = Math.floor(Date.now() / 1000)): Record<string, string> {
  const base = `v0:${timestampS}:${body}`;
  return {
    'x-slack-request-timestamp': String(timestampS),
    'x-slack-signature': `v0=${createHmac('sha256', secret).update(base).digest('hex')}`,
  };
}

/** `X-Signature-256` for /webhooks/signup and /webhooks/activity (and GitHub's X-Hub-Signature-256). */
export function webhookSignature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}
