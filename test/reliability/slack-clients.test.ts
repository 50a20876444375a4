import { ErrorCode } from '@slack/web-api';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeSlack } from '../../src/fakes/slack-api.js';
import { createSlackClient, slackClientOptions } from '../../src/clients/slack-client.js';
import { seedTeam, team } from '../support/seed.js';
import { TestBot, secrets } from '../support/test-bot.js';
import { ActionId } from '../../src/messages/slack/ids.js';

let t: TestBot | undefined;
let fake: FakeSlack | undefined;
afterEach(async () => {
  await t?.close();
  await fake?.close();
  t = undefined;
  fake = undefined;
});

describe("the outbox's Slack client", () => {
  it('is tamed: no retries of its own (the default retries for 30 minutes), 429s rejected, calls bounded', () => {
    const options = slackClientOptions({});
    expect(options.retryConfig).toMatchObject({ retries: 0 });
    expect(options.rejectRateLimitedCalls).toBe(true);
    expect(options.timeout).toBeGreaterThan(0);
    expect(options.timeout).toBeLessThanOrEqual(10_000);
  });

  it('hands a 5xx and a 429 straight back to the outbox, after one call each', async () => {
    fake = await FakeSlack.start({ token: secrets.slackToken });
    const channel = fake.createChannel({ name: 'c', botIsMember: true }).id;
    const slack = createSlackClient({ token: secrets.slackToken, apiUrl: `${fake.url}/api/` });

    fake.fail('chat.postMessage', { status: 503 }, 1);
    await expect(slack.chat.postMessage({ channel, text: 'x' })).rejects.toMatchObject({ code: ErrorCode.HTTPError, statusCode: 503 });
    expect(fake.callsTo('chat.postMessage')).toHaveLength(1);

    // Retry-After 600: a client that slept on it would outlast this test by minutes.
    fake.fail('chat.postMessage', { status: 429, retryAfter: 600 }, 1);
    await expect(slack.chat.postMessage({ channel, text: 'x' })).rejects.toMatchObject({ code: ErrorCode.RateLimitedError, retryAfter: 600 });
    expect(fake.callsTo('chat.postMessage')).toHaveLength(2);
  });

  it('with the production settings, a 429 is waited out by the outbox and the alert posted once', async () => {
    // slackRetries undefined: the server builds its client the way main.ts does.
    t = await TestBot.start({ options: { schedule: false, slackRetries: undefined } });
    t.slack.fail('chat.postMessage', { status: 429, retryAfter: 1 }, 1);
    await t.signup({ id: 's1', email: 'bob@initech.com' });
    await t.eventually(() => expect(t!.alerts()).toHaveLength(1), 10_000);
    await t.settle();
    const [limited, posted] = t.slack.callsTo('chat.postMessage');
    expect(posted!.at.getTime() - limited!.at.getTime()).toBeGreaterThanOrEqual(1000);
    expect(t.alerts()).toHaveLength(1);
    // The outbox recorded the wait; the client did not sleep on it.
    expect(t.db.prepare(`SELECT status, attempts FROM outbox`).get()).toEqual({ status: 'done', attempts: 1 });
  });
});

describe('the interactive client (modals and answers to the person who clicked)', () => {
  async function alertOfNewLead() {
    t = await TestBot.start({ options: { schedule: false } });
    seedTeam(t.db);
    const res = await t.signup({ id: 's1', email: 'bob@initech.com' });
    await t.settle();
    const alert = t.alerts()[0]!;
    return { trialId: res.body.trialId as string, where: { channel: alert.channel, ts: alert.ts } };
  }

  it('a 429 on views.open is waited out: the SDR still gets the Disqualify form', async () => {
    const { trialId, where } = await alertOfNewLead();
    t!.slack.fail('views.open', { status: 429, retryAfter: 1 }, 1);
    expect((await t!.clickButton(team.sdr.id, ActionId.Disqualify, trialId, where)).status).toBe(200);
    await t!.eventually(() => expect(t!.slack.views).toHaveLength(1), 10_000);
    expect((t!.slack.views[0]!.view as { callback_id: string }).callback_id).toBe('trial_disqualify_reason');
    expect(t!.slack.callsTo('views.open')).toHaveLength(2);
    expect(t!.slack.ephemeralsFor(team.sdr.id)).toHaveLength(0);
  });

  it('a 429 on chat.postEphemeral is waited out: the SDR still gets the answer', async () => {
    const { trialId, where } = await alertOfNewLead();
    t!.slack.fail('chat.postEphemeral', { status: 429, retryAfter: 1 }, 1);
    expect((await t!.clickButton(team.sdr.id, ActionId.Qualify, trialId, where)).status).toBe(200);
    expect(
      await t!.eventually(() => {
        const list = t!.slack.ephemeralsFor(team.sdr.id);
        if (list.length === 0) throw new Error('no answer yet');
        return list[0]!.text;
      }, 10_000),
    ).toMatch(/Qualified/);
    expect(t!.slack.callsTo('chat.postEphemeral')).toHaveLength(2);
  });
});
