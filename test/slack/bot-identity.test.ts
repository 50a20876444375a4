import { afterEach, describe, expect, it } from 'vitest';
import { createSlackClient } from '../../src/clients/slack-client.js';
import { botIdentity } from '../../src/clients/bot-identity.js';
import { FakeSlack } from '../../src/fakes/slack-api.js';
import { secrets, TestBot } from '../support/test-bot.js';
import { seedTeam, team } from '../support/seed.js';
import { ActionId } from '../../src/messages/slack/ids.js';

let t: TestBot;
afterEach(async () => t?.close());

describe("the bot's identity (auth.test)", () => {
  it('Slack not answering at start-up does not leave the bot deaf: signups are taken and the next click works', async () => {
    t = await TestBot.start({ deferStart: true });
    // The one auth.test made while starting fails, as when Slack has an outage at that moment.
    t.slack.fail('auth.test', { error: 'fatal_error' }, 1);
    await t.startBot();
    seedTeam(t.db);

    const signup = await t.signup({ id: 's1', email: 'bob@initech.com' });
    expect(signup.status).toBe(200);
    await t.settle();
    const alert = t.alerts()[0]!;

    const click = await t.clickButton(team.outsider.id, ActionId.Qualify, signup.body.trialId, { channel: alert.channel, ts: alert.ts });
    expect(click.status).toBe(200);
    expect(await t.lastEphemeral(team.outsider.id)).toMatch(/Only inbound SDRs/);
    // The click asked again (the failure was not kept); a second click uses that answer.
    expect(t.slack.callsTo('auth.test')).toHaveLength(2);
    await t.clickButton(team.outsider.id, ActionId.Qualify, signup.body.trialId, { channel: alert.channel, ts: alert.ts });
    await t.lastEphemeral(team.outsider.id, 2);
    expect(t.slack.callsTo('auth.test')).toHaveLength(2);
  });
});

describe('botIdentity', () => {
  it('asks Slack once per client, and again after a failure', async () => {
    const fake = await FakeSlack.start({ token: secrets.slackToken });
    try {
      const client = createSlackClient({ token: secrets.slackToken, apiUrl: `${fake.url}/api/` });
      fake.fail('auth.test', { error: 'fatal_error' }, 1);
      await expect(botIdentity(client)).rejects.toThrow(/fatal_error/);
      const first = await botIdentity(client);
      expect(first.botUserId).toBe(fake.botUserId);
      expect(await botIdentity(client)).toEqual(first);
      expect(fake.callsTo('auth.test')).toHaveLength(2);
      // Another client (the interactive one) has its own answer.
      await botIdentity(createSlackClient({ token: secrets.slackToken, apiUrl: `${fake.url}/api/` }));
      expect(fake.callsTo('auth.test')).toHaveLength(3);
    } finally {
      await fake.close();
    }
  });
});
