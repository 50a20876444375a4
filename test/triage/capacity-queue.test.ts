import { afterEach, describe, expect, it } from 'vitest';
import { REPO, TestBot } from '../support/test-bot.js';
import { activeTrial } from '../support/active-trial.js';
import { seedTeam, team } from '../support/seed.js';
import { ActionId } from '../../src/messages/slack/ids.js';

let t: TestBot;
afterEach(async () => t?.close());

const instanceRequests = () => t.github.issues(REPO).filter((i) => i.labels.some((l) => l.name === 'instance-request'));
const spaceField = (body: string | null | undefined) => body!.split('\n').find((l) => l.startsWith('| Trial space |'));

async function qualifyInitech() {
  const { trialId, alert } = await t.signUp({ id: 's-initech', email: 'bob@initech.com', company: 'Initech' });
  await t.qualify(team.sdr.id, trialId);
  return { trialId, alert };
}

describe('a trial waiting in the capacity queue', () => {
  it('gets a welcome email that says it waits for capacity, not that its instance is being provisioned', async () => {
    t = await TestBot.start({ smtp: true, env: { MAX_ACTIVE_INSTANCES: '1' } });
    // Hooli's running trial holds the one slot.
    await activeTrial(t);
    const { trialId } = await qualifyInitech();
    expect(t.trial(trialId).status).toBe('queued');

    const mail = await t.smtp!.waitFor((m) => m.to.includes('bob@initech.com'));
    expect(mail.subject).toBe('Your Sourcegraph Cloud trial for Initech is confirmed');
    expect(mail.text).toMatch(/as soon as capacity frees up/);
    expect(mail.text).not.toMatch(/being (provisioned|set up)/);
    expect(mail.html).not.toMatch(/being (provisioned|set up)/);
    expect(mail.text).toContain(team.ce2.email);
    expect(mail.text).toMatch(/will be in touch/);
    expect(mail.cc).toEqual(expect.arrayContaining([team.ce2.email, team.ae2.email]));
  });
});

describe('the "Trial space" field of the instance request', () => {
  it('names the channel when it is open by the time the issue is opened', async () => {
    t = await TestBot.start();
    seedTeam(t.db);
    // GitHub is failing until the channel exists; the request was recorded long before.
    t.github.fail('POST /repos/:o/:r/issues', { status: 502 }, 1000);
    const res = await t.signup({ id: 's-initech', email: 'bob@initech.com', name: 'Bob Porter', company: 'Initech' });
    await t.settle();
    const alert = t.alerts()[0]!;
    await t.clickButton(team.sdr.id, ActionId.Qualify, res.body.trialId, { channel: alert.channel, ts: alert.ts });
    await t.eventually(() => expect(t.trial(res.body.trialId).space_channel_id).not.toBeNull());
    // Two more failed attempts: the second of them was drawn up after the channel opened.
    const creates = () => t.github.callsTo('POST /repos/:o/:r/issues').length;
    const seen = creates();
    await t.eventually(() => expect(creates()).toBeGreaterThanOrEqual(seen + 2));
    t.github.clearFaults();
    // The failed attempts left it waiting out a backoff: settle alone may come before the retry.
    await t.eventually(() => expect(instanceRequests()).toHaveLength(1));
    await t.settle();

    const [issue] = instanceRequests();
    expect(spaceField(issue!.body)).toBe('| Trial space | `#cloud-trial-initech` |');
    // The rest of the request as before: one issue, the marker a retry looks for, the CE's email.
    expect(instanceRequests()).toHaveLength(1);
    expect(issue!.body).toContain(`<!-- trialbot:instance-request:${res.body.trialId} -->`);
    const ce = [team.ce1, team.ce2].find((p) => p.id === t.trial(res.body.trialId).ce_id)!;
    expect(issue!.body).toContain(`| CE email | \`${ce.email}\` |`);
  });

  it('in thread mode names the thread in #cloud-trial-alerts', async () => {
    t = await TestBot.start({ env: { TRIAL_SPACE: 'thread' } });
    seedTeam(t.db);
    await qualifyInitech();
    expect(spaceField(instanceRequests()[0]!.body)).toBe('| Trial space | thread in `#cloud-trial-alerts` |');
  });

  it('stays "—" when no channel exists when the issue is opened, even with a channel name being tried', async () => {
    t = await TestBot.start();
    seedTeam(t.db);
    t.slack.fail('conversations.create', { error: 'restricted_action' }, 10);
    const { trialId } = await qualifyInitech();
    expect(t.trial(trialId).space_channel_id).toBeNull();
    expect(spaceField(instanceRequests()[0]!.body)).toBe('| Trial space | — |');
  });
});
