import { afterEach, describe, expect, it } from 'vitest';
import { REPO, TestBot } from '../support/test-bot.js';
import { seedAccount, seedPeople, seedPool, seedTeam, team } from '../support/seed.js';
import { ActionId } from '../../src/messages/slack/ids.js';

let t: TestBot;
afterEach(async () => t?.close());

async function qualified(id: string, email: string, company?: string) {
  const { trialId, alert } = await t.signUp({ id, email, company, name: undefined });
  await t.qualify(team.sdr.id, trialId);
  return { trialId, alert };
}

describe('the trial space', () => {
  it('takes -2, -3 when the name is taken, archived channels included, and never another trial’s channel', async () => {
    t = await TestBot.start();
    seedTeam(t.db);
    const archived = t.slack.createChannel({ name: 'cloud-trial-initech' });
    t.slack.channel(archived.id)!.is_archived = true;
    t.slack.createChannel({ name: 'cloud-trial-initech-2' });
    const first = await qualified('s1', 'bob@initech.com');
    expect(t.trial(first.trialId).space_name).toBe('cloud-trial-initech-3');
    // Another company whose name makes the same channel name (one company is one trial: see below).
    const second = await qualified('s2', 'peter@initech.io');
    expect(second.trialId).not.toBe(first.trialId);
    expect(t.trial(second.trialId).space_name).toBe('cloud-trial-initech-4');
    expect(t.trial(first.trialId).space_channel_id).not.toBe(t.trial(second.trialId).space_channel_id);
    // Each trial's channel opens with that trial's own card.
    for (const { trialId } of [first, second]) {
      const trial = t.trial(trialId);
      const opening = t.slack.messagesIn(trial.space_channel_id)[0]!;
      expect(opening.ts).toBe(trial.card_ts);
      expect(opening.text).toContain(`Cloud trial: ${trial.domain}`);
      expect(JSON.stringify(opening.blocks)).toContain(`Trial \`${trialId}\``);
    }
  });

  it('names the space after the account when there is one', async () => {
    t = await TestBot.start();
    seedTeam(t.db);
    seedAccount(t.db, { domain: 'umbrella-corp.com', name: 'Umbrella Corporation (EMEA)', prequalified: false, named: false });
    const { trialId } = await qualified('s1', 'alice@umbrella-corp.com');
    expect(t.trial(trialId).space_name).toBe('cloud-trial-umbrella-corporation-emea');
  });

  it('reports people missing from Slack under the alert and still invites the others', async () => {
    t = await TestBot.start();
    seedTeam(t.db);
    // A CE in the roster whose Slack id does not exist in the workspace.
    t.db.prepare(`UPDATE people SET eligible = 0 WHERE role = 'ce'`).run();
    seedPeople(t.db, [{ id: 'UGHOST', email: 'ghost.ce@vendor.test', name: 'Ghost CE', role: 'ce' }]);
    const { trialId, alert } = await qualified('s1', 'bob@initech.com');
    const space = t.slack.channel(t.trial(trialId).space_channel_id)!;
    expect(space.members).toEqual(expect.arrayContaining([t.trial(trialId).ae_id, team.sdr.id]));
    expect(space.members).not.toContain('UGHOST');
    const thread = t
      .thread(alert.channel, alert.ts)
      .map((m) => m.text)
      .join('\n');
    expect(thread).toContain('Could not invite Ghost CE (ghost.ce@vendor.test, roster id `UGHOST`)');
    expect(t.count('outbox', "status = 'failed'")).toBe(0);
  });

  it('TRIAL_SPACE=thread puts the card in the alert’s thread instead of a channel', async () => {
    t = await TestBot.start({ env: { TRIAL_SPACE: 'thread' } });
    seedTeam(t.db);
    const { trialId, alert } = await qualified('s1', 'bob@initech.com');
    expect(t.slack.channels().some((c) => c.name.startsWith('cloud-trial-initech'))).toBe(false);
    const thread = t.thread(alert.channel, alert.ts);
    expect(thread[0]!.text).toContain('Cloud trial: initech.com');
    expect(t.trial(trialId).space_thread_ts).toBe(alert.ts);
  });

  it('a later signup from the domain is posted in the space, asking the AE to get the person added', async () => {
    t = await TestBot.start();
    seedTeam(t.db);
    seedAccount(t.db, { domain: 'hooli.com', name: 'Hooli', prequalified: true, named: false });
    seedPool(t.db, 3);
    const first = await t.signup({ id: 's1', email: 'gavin@hooli.com' });
    await t.settle();
    const next = await t.signup({ id: 's2', email: 'Big.Head@hooli.com', name: 'Big Head' });
    expect(next.body.case).toBe('1');
    await t.settle();
    const trial = t.trial(first.body.trialId);
    const texts = t.slack.messagesIn(trial.space_channel_id).map((m) => m.text);
    expect(texts.some((x) => x.includes('Big Head (big.head@hooli.com)') && x.includes(`<@${trial.ae_id}>`) && /added/.test(x))).toBe(true);
  });

  it('a slow GitHub does not keep the CE waiting: channel, invites and card go out while the issue is pending', async () => {
    t = await TestBot.start();
    seedTeam(t.db);
    // The issue create is held (GitHub slow or paced 3 s per issue) until released below.
    t.github.fail('POST /repos/:o/:r/issues', { hang: 10_000 });
    const res = await t.signup({ id: 's1', email: 'bob@initech.com' });
    await t.settle();
    const alert = t.alerts().find((m) => JSON.stringify(m.blocks).includes(res.body.trialId))!;
    await t.clickButton(team.sdr.id, ActionId.Qualify, res.body.trialId, { channel: alert.channel, ts: alert.ts });
    await t.eventually(() => expect(t.trial(res.body.trialId).card_ts).toBeTruthy());
    const trial = t.trial(res.body.trialId);
    expect(t.slack.channel(trial.space_channel_id)!.members).toEqual(expect.arrayContaining([trial.ae_id, trial.ce_id, team.sdr.id]));
    expect(t.github.issues(REPO)).toHaveLength(0);

    t.github.releaseHung();
    await t.eventually(() => expect(t.github.issues(REPO)).toHaveLength(1));
    await t.settle();
    const space = t.slack.messagesIn(trial.space_channel_id).map((m) => m.text);
    expect(space.filter((x) => x.includes('Instance request') && x.includes(`#${t.github.issues(REPO)[0]!.number}`))).toHaveLength(1);
    const thread = t.thread(alert.channel, alert.ts).map((m) => m.text);
    expect(thread.filter((x) => x.includes('Instance request'))).toHaveLength(1);
  });

  it('invites AE, CE and SDR in one call, so a retry after a 429 costs one call again', async () => {
    t = await TestBot.start();
    seedTeam(t.db);
    t.slack.fail('conversations.invite', { status: 429, retryAfter: 1 }, 1);
    const { trialId } = await qualified('s1', 'bob@initech.com');
    await t.eventually(
      () =>
        expect(t.slack.channel(t.trial(trialId).space_channel_id)!.members).toEqual(
          expect.arrayContaining([t.trial(trialId).ae_id, t.trial(trialId).ce_id, team.sdr.id]),
        ),
      5000,
    );
    // The one the 429 refused, and the retry: never a call per person re-inviting those already in.
    expect(t.slack.callsTo('conversations.invite')).toHaveLength(2);
  });
});

describe('a trial from a personal mailbox', () => {
  it('is named after the company the prospect typed, or the person, never the mail provider', async () => {
    t = await TestBot.start();
    seedTeam(t.db);
    const withCompany = await t.signUp({ id: 'p1', email: 'jo@gmail.com', name: 'Jo Bloggs', company: 'Bloggs Consulting' });
    await t.qualify(team.sdr.id, withCompany.trialId);
    const withoutCompany = await t.signUp({ id: 'p2', email: 'kim.lee@gmail.com', name: 'Kim Lee' });
    await t.qualify(team.sdr.id, withoutCompany.trialId);
    expect(t.trial(withCompany.trialId).space_name).toBe('cloud-trial-bloggs-consulting');
    expect(t.trial(withoutCompany.trialId).space_name).toBe('cloud-trial-kim-lee');
    expect(t.slack.channels().filter((c) => c.name.startsWith('cloud-trial-gmail'))).toEqual([]);
  });
});
