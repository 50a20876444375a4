import { afterEach, describe, expect, it } from 'vitest';
import { TestBot } from '../support/test-bot.js';
import { seedPeople, seedTeam, team } from '../support/seed.js';
import { ActionId } from '../../src/messages/slack/ids.js';

let t: TestBot;
afterEach(async () => t?.close());

describe('inviting people who are missing from Slack', () => {
  it('ends done (the others are invited, the alert thread says who is missing) and the audit line names them', async () => {
    t = await TestBot.start({ options: { schedule: false } });
    seedTeam(t.db);
    t.db.prepare(`UPDATE people SET eligible = 0 WHERE role = 'ce'`).run();
    seedPeople(t.db, [{ id: 'UGHOST', email: 'ghost.ce@vendor.test', name: 'Ghost CE', role: 'ce' }]);
    const res = await t.signup({ id: 's1', email: 'bob@initech.com' });
    await t.settle();
    const alert = t.alerts()[0]!;
    await t.clickButton(team.sdr.id, ActionId.Qualify, res.body.trialId, { channel: alert.channel, ts: alert.ts });
    await t.lastEphemeral(team.sdr.id);
    await t.eventually(async () => {
      await t.settle();
      expect(t.db.prepare(`SELECT status FROM outbox WHERE kind = 'trial.invite'`).get()).toEqual({ status: 'done' });
    });
    const line = t.db.prepare(`SELECT detail FROM audit WHERE trial_id = ? AND action = 'invited to trial space'`).get(res.body.trialId) as { detail: string };
    expect(line.detail).toMatch(/; not found in Slack: Ghost CE \(ghost\.ce@vendor\.test, roster id `UGHOST`\)$/);
    expect(line.detail).toContain(team.sdr.id);
    expect(t.thread(alert.channel, alert.ts).some((m) => m.text.includes('Could not invite Ghost CE'))).toBe(true);
  });
});

describe("inviting the trial's people", () => {
  it('one call invites the AE, CE, the SDR whose lead it is and the SDR who qualified it', async () => {
    t = await TestBot.start({ options: { schedule: false } });
    seedTeam(t.db);
    // Sue worked the account last week: the lead is hers, whoever qualifies it.
    t.db
      .prepare(`INSERT INTO touches (domain, slack_user_id, role, kind, at) VALUES ('initech.com', ?, 'inbound_sdr', 'email', ?)`)
      .run(team.sdr2.id, new Date(Date.now() - 7 * 24 * 60 * 60_000).toISOString());
    const res = await t.signup({ id: 's1', email: 'bob@initech.com' });
    await t.settle();
    const alert = t.alerts()[0]!;
    await t.clickButton(team.sdr.id, ActionId.Qualify, res.body.trialId, { channel: alert.channel, ts: alert.ts });
    await t.lastEphemeral(team.sdr.id);
    await t.settle();
    const trial = t.db.prepare('SELECT * FROM trials WHERE id = ?').get(res.body.trialId) as {
      sdr_id: string;
      ae_id: string;
      ce_id: string;
      space_channel_id: string;
    };
    expect(trial.sdr_id).toBe(team.sdr2.id);
    const invited = t.slack
      .callsTo('conversations.invite')
      .filter((c) => c.args.channel === trial.space_channel_id)
      .map((c) => String(c.args.users).split(',').sort());
    expect(invited).toContainEqual([trial.ae_id, trial.ce_id, team.sdr.id, team.sdr2.id].sort());
    expect(t.slack.channel(trial.space_channel_id)!.members).toEqual(expect.arrayContaining([trial.ae_id, trial.ce_id, team.sdr.id, team.sdr2.id]));
  });
});

describe('a batch Slack refuses because one person is in already', () => {
  it('is invited one by one: the others are not left out', async () => {
    t = await TestBot.start({ options: { schedule: false } });
    seedTeam(t.db);
    // Real Slack invites nobody when one invite of the batch fails; the fake would invite the rest.
    t.slack.fail('conversations.invite', { error: 'already_in_channel' }, 1);
    const res = await t.signup({ id: 's1', email: 'bob@initech.com' });
    await t.settle();
    const alert = t.alerts()[0]!;
    await t.clickButton(team.sdr.id, ActionId.Qualify, res.body.trialId, { channel: alert.channel, ts: alert.ts });
    await t.lastEphemeral(team.sdr.id);
    await t.settle();
    const trial = t.db.prepare('SELECT * FROM trials WHERE id = ?').get(res.body.trialId) as { ae_id: string; ce_id: string; space_channel_id: string };
    expect(t.slack.channel(trial.space_channel_id)!.members).toEqual(expect.arrayContaining([trial.ae_id, trial.ce_id, team.sdr.id]));
    expect(t.count('outbox', "status = 'failed'")).toBe(0);
  });
});
