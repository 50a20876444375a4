import { afterEach, describe, expect, it } from 'vitest';
import { TestBot } from '../support/test-bot.js';
import { seedTeam, team } from '../support/seed.js';

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

    const click = await t.clickButton(team.outsider.id, 'trial_qualify', signup.body.trialId, { channel: alert.channel, ts: alert.ts });
    expect(click.status).toBe(200);
    expect(await t.lastEphemeral(team.outsider.id)).toMatch(/Only inbound SDRs/);
  });
});
