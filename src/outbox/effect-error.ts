import { ErrorCode as SlackErrorCode } from '@slack/web-api';

/** How the worker should treat a failed attempt. */
export type Verdict =
  /**
   * `uncertain`: the call timed out, so it may still be on its way and land after we gave up.
   * The next attempt waits a little longer, so its look-up-before-create sees it.
   */
  | { kind: 'retry'; reason: string; uncertain?: boolean }
  | { kind: 'rate_limited'; retryAfterMs: number; reason: string }
  | { kind: 'permanent'; reason: string };

/** Slack answers that will be the same however often they are retried. */
const permanentSlackErrors = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'user_not_found',
  'users_not_found',
  'invalid_blocks',
  'invalid_blocks_format',
  'msg_too_long',
  'no_text',
  'message_not_found',
  'cant_update_message',
  'edit_window_closed',
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'missing_scope',
  'invalid_arguments',
  'invalid_name_specials',
  'invalid_name_maxlength',
  'invalid_name_required',
  'restricted_action',
  'not_allowed_token_type',
  'cant_invite_self',
  'user_is_restricted',
  'ekm_access_denied',
  'invalid_metadata_format',
  'cannot_dm_bot',
  'user_disabled',
]);

/** An error the effect code itself decided can never succeed. */
export class PermanentEffectError extends Error {}

interface MaybeHttpError {
  code?: string;
  name?: string;
  cause?: unknown;
  /** @slack/web-api's RequestError: what fetch threw. */
  original?: unknown;
  status?: number;
  statusCode?: number;
  retryAfter?: number;
  responseCode?: number;
  data?: { error?: string };
  response?: { headers?: Record<string, string | undefined>; data?: { message?: string } };
  message?: string;
}

/** A request deadline fired (AbortSignal.timeout), here or in the error's cause. */
function timedOut(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 3) return false;
  const e = error as MaybeHttpError;
  if (e.name === 'TimeoutError') return true;
  return timedOut(e.original, depth + 1) || timedOut(e.cause, depth + 1);
}

export function classifyError(error: unknown): Verdict {
  const e = (error ?? {}) as MaybeHttpError;
  const message = typeof e.message === 'string' ? e.message : String(error);
  if (error instanceof PermanentEffectError) return { kind: 'permanent', reason: message };
  if (timedOut(error)) {
    const who = e.code === SlackErrorCode.RequestError ? 'Slack' : typeof e.status === 'number' ? 'GitHub' : 'the call';
    return { kind: 'retry', reason: `${who} did not answer in time`, uncertain: true };
  }

  switch (e.code) {
    case SlackErrorCode.RateLimitedError:
      return { kind: 'rate_limited', retryAfterMs: (e.retryAfter ?? 1) * 1000, reason: 'Slack rate limit' };
    case SlackErrorCode.PlatformError: {
      const slackError = e.data?.error ?? 'unknown_error';
      return permanentSlackErrors.has(slackError) ? { kind: 'permanent', reason: `Slack: ${slackError}` } : { kind: 'retry', reason: `Slack: ${slackError}` };
    }
    case SlackErrorCode.HTTPError:
      return (e.statusCode ?? 500) >= 500 || e.statusCode === 408
        ? { kind: 'retry', reason: `Slack HTTP ${e.statusCode}` }
        : { kind: 'permanent', reason: `Slack HTTP ${e.statusCode}` };
    case SlackErrorCode.RequestError:
      return { kind: 'retry', reason: 'Slack unreachable' };
  }

  // Octokit's RequestError carries the HTTP status.
  if (typeof e.status === 'number') {
    const retryAfter = Number(e.response?.headers?.['retry-after']);
    if (e.status === 429 || (e.status === 403 && (retryAfter > 0 || /rate limit/i.test(message)))) {
      return { kind: 'rate_limited', retryAfterMs: (retryAfter > 0 ? retryAfter : 60) * 1000, reason: `GitHub ${e.status}` };
    }
    if (e.status >= 500 || e.status === 408) return { kind: 'retry', reason: `GitHub ${e.status}` };
    if (e.status >= 400) return { kind: 'permanent', reason: `GitHub ${e.status}: ${e.response?.data?.message ?? message}` };
  }

  // nodemailer: SMTP 4xx is "try later", 5xx is "never".
  if (typeof e.responseCode === 'number') {
    return e.responseCode >= 500 ? { kind: 'permanent', reason: `SMTP ${e.responseCode}` } : { kind: 'retry', reason: `SMTP ${e.responseCode}` };
  }
  return { kind: 'retry', reason: message.slice(0, 200) };
}
