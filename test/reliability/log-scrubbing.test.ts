import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { registerSecrets } from '../../src/secrets.js';
import { ActionId } from '../../src/messages/slack/ids.js';
import { TestBot, secrets } from '../support/test-bot.js';
import { seedTeam, team } from '../support/seed.js';

// Issue 16.10: pino's redaction works by key, but a secret also travels inside error messages,
// stacks and what a client echoes back. Every line the process logs is scrubbed, whatever logged it.
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

describe('every log line is scrubbed', () => {
  it('of a configured secret in an error message, its stack, a message string and a nested value, JSON-escaped or not', () => {
    const signing = 'sign"ing-secret-7f3a\\9';
    registerSecrets({ SLACK_SIGNING_SECRET: signing, GITHUB_TOKEN: 'gh-token-not-shaped-like-one-42' });
    const { lines, logger } = capture();
    logger.error({ err: new Error(`upstream said ${signing}`) }, `request failed for gh-token-not-shaped-like-one-42`);
    logger.warn({ deep: { echo: [`token=${signing}`] } }, 'client echo');
    logger.info(`${['xoxb', '1', 'abc'].join('-')} in a plain message`);
    const all = lines.join('');
    expect(all).not.toContain('sign');
    expect(all).not.toContain('gh-token-not-shaped-like-one-42');
    expect(all).not.toMatch(/xoxb-/);
    expect(all.match(/\[redacted\]/g)?.length).toBeGreaterThanOrEqual(5);
  });

  it('a listener whose answer Slack refuses with the token echoed back logs the failure without the token', async () => {
    const { lines, logger } = capture();
    t = await TestBot.start({ options: { logger, schedule: false } });
    seedTeam(t.db);
    const { trialId, alert } = await t.signUp({ id: 's1', email: 'bob@initech.com', company: 'Initech' });
    t.slack.fail('chat.postEphemeral', { error: `channel_not_found ${secrets.slackToken}` }, 5);
    t.slack.fail('conversations.open', { error: `user_not_found ${secrets.slackToken}` }, 5);
    // An outsider's click is refused; the refusal cannot be delivered, so the listener logs why.
    await t.clickButton(team.outsider.id, ActionId.Qualify, trialId, alert);
    await t.eventually(() => expect(lines.join('')).toContain('channel_not_found'));
    expect(lines.join('')).not.toContain(secrets.slackToken);
    expect(lines.join('')).toContain('[redacted]');
  });
});
