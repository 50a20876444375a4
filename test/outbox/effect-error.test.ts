import { RequestError } from '@octokit/request-error';
import { WebAPIHTTPError, WebAPIPlatformError, WebAPIRateLimitedError, WebAPIRequestError } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import { classifyError, PermanentEffectError } from '../../src/outbox/effect-error.js';

const slackError = (error: string) => new WebAPIPlatformError({ ok: false, error, response_metadata: {} } as never);

const github = (status: number, headers: Record<string, string> = {}, message = 'Error') =>
  new RequestError(message, status, {
    request: { method: 'POST', url: 'https://api.github.test/repos/a/b/issues', headers: {} },
    response: { status, url: '', headers, data: { message } },
  });

const timeout = () => new DOMException('The operation was aborted due to timeout', 'TimeoutError');

/** What nodemailer throws: an Error with the SMTP reply code. */
const smtp = (responseCode: number) => Object.assign(new Error(`SMTP ${responseCode}`), { responseCode });

describe('classifyError', () => {
  it.each([
    'channel_not_found',
    'not_in_channel',
    'is_archived',
    'user_not_found',
    'users_not_found',
    'invalid_blocks',
    'restricted_action',
    'invalid_auth',
    'token_revoked',
    'missing_scope',
  ])('Slack %s is permanent', (code) => {
    expect(classifyError(slackError(code))).toEqual({ kind: 'permanent', reason: `Slack: ${code}` });
  });

  it.each(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout', 'some_new_error'])('Slack %s is retried', (code) => {
    expect(classifyError(slackError(code))).toEqual({ kind: 'retry', reason: `Slack: ${code}` });
  });

  it.each([
    ['a Slack 429', new WebAPIRateLimitedError(7), { kind: 'rate_limited', retryAfterMs: 7000, reason: 'Slack rate limit' }],
    ['a Slack 503', new WebAPIHTTPError(503, 'Service Unavailable', {}), { kind: 'retry', reason: 'Slack HTTP 503' }],
    ['a Slack 408', new WebAPIHTTPError(408, 'Request Timeout', {}), { kind: 'retry', reason: 'Slack HTTP 408' }],
    ['a Slack 404', new WebAPIHTTPError(404, 'Not Found', {}), { kind: 'permanent', reason: 'Slack HTTP 404' }],
    ['Slack unreachable', new WebAPIRequestError(new Error('ECONNREFUSED')), { kind: 'retry', reason: 'Slack unreachable' }],
    ['a Slack call past its deadline', new WebAPIRequestError(timeout()), { kind: 'retry', reason: 'Slack did not answer in time', uncertain: true }],
    ['a GitHub 502', github(502), { kind: 'retry', reason: 'GitHub 502' }],
    ['a GitHub 503', github(503), { kind: 'retry', reason: 'GitHub 503' }],
    ['a GitHub 429 with retry-after', github(429, { 'retry-after': '5' }), { kind: 'rate_limited', retryAfterMs: 5000, reason: 'GitHub 429' }],
    ['a GitHub 429 without retry-after', github(429), { kind: 'rate_limited', retryAfterMs: 60_000, reason: 'GitHub 429' }],
    ['a GitHub secondary limit (403 + retry-after)', github(403, { 'retry-after': '3' }), { kind: 'rate_limited', retryAfterMs: 3000, reason: 'GitHub 403' }],
    ['a GitHub 403 saying rate limit', github(403, {}, 'API rate limit exceeded'), { kind: 'rate_limited', retryAfterMs: 60_000, reason: 'GitHub 403' }],
    ['a GitHub 403 forbidden', github(403, {}, 'Resource not accessible'), { kind: 'permanent', reason: 'GitHub 403: Resource not accessible' }],
    ['a GitHub 401', github(401, {}, 'Bad credentials'), { kind: 'permanent', reason: 'GitHub 401: Bad credentials' }],
    ['a GitHub 422', github(422, {}, 'Validation Failed'), { kind: 'permanent', reason: 'GitHub 422: Validation Failed' }],
    // What @octokit/request makes of a fetch whose deadline fired.
    [
      'a GitHub call past its deadline',
      Object.assign(new RequestError('aborted due to timeout', 500, { request: { method: 'POST', url: 'u', headers: {} } }), { cause: timeout() }),
      { kind: 'retry', reason: 'GitHub did not answer in time', uncertain: true },
    ],
    ['a bare deadline', timeout(), { kind: 'retry', reason: 'the call did not answer in time', uncertain: true }],
    ['SMTP 421 (try later)', smtp(421), { kind: 'retry', reason: 'SMTP 421' }],
    ['SMTP 550 (no such mailbox)', smtp(550), { kind: 'permanent', reason: 'SMTP 550' }],
    ['an SMTP connection timeout', Object.assign(new Error('Connection timeout'), { code: 'ETIMEDOUT' }), { kind: 'retry', reason: 'Connection timeout' }],
    ['a decision of the effect itself', new PermanentEffectError('trial tr_1 no longer exists'), { kind: 'permanent', reason: 'trial tr_1 no longer exists' }],
    ['anything else', new Error('socket hang up'), { kind: 'retry', reason: 'socket hang up' }],
    ['a thrown string', 'boom', { kind: 'retry', reason: 'boom' }],
  ])('%s', (_name, error, verdict) => {
    expect(classifyError(error)).toEqual(verdict);
  });
});
