import type { IncomingMessage } from 'node:http';

const FIVE_MINUTES_S = 5 * 60;

/**
 * Bolt refuses Slack requests older than five minutes but accepts any from the
 * future, which would let a captured request be replayed later. This refuses
 * both before Bolt reads the body; Bolt then checks the signature itself.
 */
export function slackTimestampProblem(req: IncomingMessage, nowMs: number): string | null {
  const header = req.headers['x-slack-request-timestamp'];
  if (typeof header !== 'string' || !/^\d{1,12}$/.test(header)) return 'missing or malformed X-Slack-Request-Timestamp';
  if (typeof req.headers['x-slack-signature'] !== 'string') return 'missing X-Slack-Signature';
  const skew = Math.abs(nowMs / 1000 - Number(header));
  return skew > FIVE_MINUTES_S ? 'request timestamp is more than five minutes away from now' : null;
}
