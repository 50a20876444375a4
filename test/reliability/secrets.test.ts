import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { loadConfig } from '../../src/config.js';
import { scrubSecrets } from '../../src/secrets.js';
import { TestBot, secrets } from '../support/test-bot.js';
import { seedTeam, team } from '../support/seed.js';
import { ActionId } from '../../src/messages/slack/ids.js';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, logger: createLogger('debug', stream as never) };
}

let t: TestBot | undefined;
afterEach(async () => t?.close());

describe('secrets', () => {
  it('pino redacts the configuration, tokens and signature headers', () => {
    const { lines, logger } = capture();
    const config = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-1111-supersecret',
      SLACK_SIGNING_SECRET: 'signing-secret-value',
      ALERTS_CHANNEL: 'C1',
      GITHUB_TOKEN: 'ghp_tokenvalue',
      GITHUB_REPO: 'a/b',
      GITHUB_WEBHOOK_SECRET: 'gh-webhook-secret',
      WEBHOOK_SECRET: 'webhook-secret-value',
      SMTP_URL: 'smtp://user:mail-password@127.0.0.1:25',
      EMAIL_FROM: 'a@b.com',
    });
    logger.info({ config }, 'starting');
    logger.info({ req: { headers: { authorization: 'Bearer xoxb-1111-supersecret', 'x-slack-signature': 'v0=abc' } } }, 'request');
    logger.info({ token: 'ghp_tokenvalue', auth: 'x' }, 'client');
    const out = lines.join('');
    for (const value of [
      'xoxb-1111-supersecret',
      'signing-secret-value',
      'ghp_tokenvalue',
      'gh-webhook-secret',
      'webhook-secret-value',
      'mail-password',
      'v0=abc',
    ]) {
      expect(out).not.toContain(value);
    }
    expect(out).toContain('[redacted]');
  });

  it('error text is scrubbed of secret values and token-shaped strings', () => {
    // Token-shaped, but built here so no scanner mistakes the test's source for a leaked token.
    const githubToken = ['ghp', 'abcdefghijklmnopqrstuvwxyz0123'].join('_');
    const config = { GITHUB_TOKEN: githubToken, SMTP_URL: 'smtp://u:p4ssw0rd@h:25', SLACK_BOT_TOKEN: 'xoxb-9-9' };
    const text = scrubSecrets(`failed with ${githubToken} and p4ssw0rd and ${['xoxb', '12345', 'abcdef'].join('-')}`, config);
    expect(text).toBe('failed with [redacted] and [redacted] and [redacted]');
  });

  it('after failures, no secret is in the logs, the messages sent to Slack, or the database file', async () => {
    const { lines, logger } = capture();
    // No retry budget: the first failure is final, so it is reported in Slack as well as logged and stored.
    t = await TestBot.start({ smtp: true, deferStart: true, options: { logger, schedule: false, outbox: { retryBudgetMs: 0 } } });
    // A password nothing else in the run could contain, so finding it anywhere means it leaked.
    const smtpPassword = 'Smtp-Pa55w0rd-9f3c2e';
    t.env.SMTP_URL = t.smtp!.useCredentials('trialbot', smtpPassword);
    await t.startBot();
    seedTeam(t.db);
    t.github.fail('POST /repos/:o/:r/issues', { status: 401 }, 5);
    // An error that quotes the token back (some proxies and SDKs echo the request): the bot must not pass it on.
    t.slack.fail('conversations.create', { error: `restricted_action ${secrets.slackToken}` }, 5);
    const signup = await t.signup({ id: 's1', email: 'bob@initech.com' });
    await t.settle();
    const alert = t.alerts()[0]!;
    await t.clickButton(team.sdr.id, ActionId.Qualify, signup.body.trialId, { channel: alert.channel, ts: alert.ts });
    await t.lastEphemeral(team.sdr.id);
    await t.settle();
    expect(t.db.prepare(`SELECT kind, last_error FROM outbox WHERE status = 'failed' ORDER BY id`).all()).toEqual([
      { kind: 'trial.space', last_error: expect.stringMatching(/^Slack: restricted_action \[redacted\]/) },
      { kind: 'github.issue', last_error: expect.stringMatching(/^GitHub 401/) },
    ]);
    expect(t.alerts().filter((m) => m.text.includes('could not open the trial space') && m.text.includes('restricted_action [redacted]'))).toHaveLength(1);
    // The welcome email went out through the password-protected SMTP server, logged in as the configured user.
    const welcome = await t.smtp!.waitFor((m) => m.to.includes('bob@initech.com'));
    expect(welcome.authUser).toBe('trialbot');
    t.bot.db.pragma('wal_checkpoint(TRUNCATE)');
    const everything = [
      lines.join(''),
      JSON.stringify(t.slack.calls.map((c) => c.args)),
      JSON.stringify(t.slack.ephemerals()),
      readFileSync(t.env.DATABASE_PATH!).toString('latin1'),
    ].join('\n');
    for (const value of [secrets.signing, secrets.webhook, secrets.github, secrets.githubToken, secrets.slackToken, smtpPassword, t.env.SMTP_URL!]) {
      expect(everything).not.toContain(value);
    }
    // The bot token travels only in the Authorization header: not in a body it sends, a log line or the database.
  });
});
