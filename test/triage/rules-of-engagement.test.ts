import { afterEach, describe, expect, it } from 'vitest';
import { TestBot } from '../support/test-bot.js';
import { seedAccount, seedPeople, seedPool, seedTeam, team } from '../support/seed.js';
import { ActionId } from '../../src/messages/slack/ids.js';

// Seed 001, rules of engagement: "If an SDR has touch … within the past 30 days on an
// account … for a new Inbound Lead, that lead should be routed to that SDR to work."

let t: TestBot;
afterEach(async () => t?.close());

const DAY = 86_400_000;
const alertOf = (trialId: string) => t.alerts().find((m) => JSON.stringify(m.blocks ?? []).includes(trialId))!;

async function disqualify(sdr: string, trialId: string) {
  const alert = alertOf(trialId);
  const views = t.slack.views.length;
  await t.clickButton(sdr, ActionId.Disqualify, trialId, { channel: alert.channel, ts: alert.ts });
  await t.eventually(() => expect(t.slack.views).toHaveLength(views + 1));
  const view = t.slack.views.at(-1)!.view as any;
  await t.submitView(sdr, {
    callback_id: view.callback_id,
    private_metadata: view.private_metadata,
    values: {
      reason: { value: { type: 'static_select', selected_option: { value: 'not_a_fit' } } },
      detail: { value: { type: 'plain_text_input', value: '' } },
    },
  });
  await t.lastEphemeral(sdr);
  await t.settle();
}

describe('an SDR who worked the account in the last 30 days gets the lead', () => {
  it('Case 3: the alert names them, they become the trial’s SDR and are invited, whoever qualifies', async () => {
    t = await TestBot.start({ options: { schedule: false } });
    seedTeam(t.db);
    // Sue (an inbound SDR) works Initech: she triages its first lead.
    const first = await t.signup({ id: 's1', email: 'bob@initech.com', company: 'Initech' });
    await t.settle();
    await disqualify(team.sdr2.id, first.body.trialId);

    // A week later another person from Initech signs up: a new lead, and it is Sue's.
    const lead = await t.signup({ id: 's2', email: 'peter@initech.com', name: 'Peter', company: 'Initech' });
    expect(lead.body.trialId).not.toBe(first.body.trialId);
    await t.settle();
    const alert = alertOf(lead.body.trialId);
    expect(JSON.stringify(alert.blocks)).toContain(`<@${team.sdr2.id}>: you worked this account in the last 30 days`);

    // Sam happens to click Qualify: Sue still works the trial, and both are in its space.
    await t.clickButton(team.sdr.id, ActionId.Qualify, lead.body.trialId, { channel: alert.channel, ts: alert.ts });
    await t.lastEphemeral(team.sdr.id);
    await t.settle();
    const trial = t.trial(lead.body.trialId);
    expect(trial).toMatchObject({ sdr_id: team.sdr2.id, decided_by: team.sdr.id, decision: 'qualified' });
    const space = t.slack.channel(trial.space_channel_id)!;
    expect(space.members).toEqual(expect.arrayContaining([team.sdr2.id, team.sdr.id, trial.ae_id, trial.ce_id]));
    // Everyone in one invite: the SDR who decided is no call of their own.
    expect(t.slack.callsTo('conversations.invite')).toHaveLength(1);
    const card = JSON.stringify(t.slack.messagesIn(trial.space_channel_id)[0]!.blocks);
    expect(card).toContain(`*SDR*\\n<@${team.sdr2.id}>`);
    expect(card).toContain(`*Qualified by*\\n<@${team.sdr.id}>`);
    // The updated alert keeps saying whose lead it is, and tells the SDR who decided nothing of the kind.
    const updated = t.alerts().find((m) => m.ts === alert.ts)!;
    expect(updated.edits).toBeGreaterThan(0);
    expect(JSON.stringify(updated.blocks)).toContain(`<@${team.sdr2.id}>: you worked this account`);
    expect(JSON.stringify(updated.blocks)).not.toContain(`<@${team.sdr.id}>: you worked this account`);
    expect(t.count('outbox', "status = 'failed'")).toBe(0);
  });

  it('without a recent touch the SDR who decides is the trial’s SDR, and the alert names nobody', async () => {
    t = await TestBot.start({ options: { schedule: false } });
    seedTeam(t.db);
    t.db
      .prepare(`INSERT INTO touches (domain, slack_user_id, role, kind, at) VALUES ('initech.com', ?, 'inbound_sdr', 'email', ?)`)
      .run(team.sdr2.id, new Date(Date.now() - 31 * DAY).toISOString());
    const lead = await t.signup({ id: 's1', email: 'bob@initech.com' });
    await t.settle();
    const alert = alertOf(lead.body.trialId);
    expect(JSON.stringify(alert.blocks)).not.toContain('you worked this account');
    await t.clickButton(team.sdr.id, ActionId.Qualify, lead.body.trialId, { channel: alert.channel, ts: alert.ts });
    await t.lastEphemeral(team.sdr.id);
    await t.settle();
    expect(t.trial(lead.body.trialId).sdr_id).toBe(team.sdr.id);
    // Qualifying is a touch of Sam's now, but the alert he just decided on does not tell him he worked the account.
    const updated = t.alerts().find((m) => m.ts === alert.ts)!;
    expect(JSON.stringify(updated.blocks)).toContain(`Qualified by <@${team.sdr.id}>`);
    expect(JSON.stringify(updated.blocks)).not.toContain('you worked this account');
  });

  it('an inbound SDR who is also an AE qualifying a lead has not worked the account as its AE: the next lead’s AE comes from the rotation', async () => {
    t = await TestBot.start({ options: { schedule: false } });
    seedTeam(t.db);
    // Sam is an AE too, out of the round robin; so, while he qualifies the first lead, is every AE,
    // so that no AE works the account through that trial.
    seedPeople(t.db, [{ id: team.sdr.id, email: team.sdr.email, role: 'ae', eligible: false }]);
    t.db.prepare(`UPDATE people SET eligible = 0 WHERE role = 'ae'`).run();
    const first = await t.signup({ id: 's1', email: 'bob@initech.com', company: 'Initech' });
    await t.settle();
    const firstAlert = alertOf(first.body.trialId);
    await t.clickButton(team.sdr.id, ActionId.Qualify, first.body.trialId, { channel: firstAlert.channel, ts: firstAlert.ts });
    await t.lastEphemeral(team.sdr.id);
    await t.settle();
    expect(t.trial(first.body.trialId).ae_id).toBeNull();
    // An admin ends it: with no AE, no opportunity closes for anyone.
    await t.command(team.admin.id, t.alertsChannel, `terminate ${first.body.trialId}`);
    await t.settle();
    expect(t.trial(first.body.trialId).status).toBe('terminated');

    t.db.prepare(`UPDATE people SET eligible = 1 WHERE role = 'ae' AND slack_user_id != ?`).run(team.sdr.id);
    const next = await t.signup({ id: 's2', email: 'peter@initech.com', company: 'Initech' });
    await t.settle();
    const alert = alertOf(next.body.trialId);
    await t.clickButton(team.sdr2.id, ActionId.Qualify, next.body.trialId, { channel: alert.channel, ts: alert.ts });
    await t.lastEphemeral(team.sdr2.id);
    await t.settle();
    const trial = t.trial(next.body.trialId);
    expect([team.ae1.id, team.ae2.id]).toContain(trial.ae_id);
    const audit = t.db.prepare(`SELECT detail FROM audit WHERE trial_id = ? AND action = 'assigned owners'`).get(trial.id) as { detail: string };
    expect(audit.detail).toContain(`AE ${trial.ae_id} (round robin)`);
  });

  it('2.2: the SDR with the touch is named in the alert, recorded and invited to the space', async () => {
    t = await TestBot.start({ options: { schedule: false } });
    seedTeam(t.db);
    seedAccount(t.db, { domain: 'hooli.com', name: 'Hooli', prequalified: true, named: false });
    seedPool(t.db, 3);
    // Nina (an outbound SDR) emailed Hooli ten days ago.
    t.db
      .prepare(`INSERT INTO touches (domain, slack_user_id, role, kind, at) VALUES ('hooli.com', ?, 'sdr', 'email', ?)`)
      .run(team.namedSdr.id, new Date(Date.now() - 10 * DAY).toISOString());
    const res = await t.signup({ id: 's1', email: 'gavin@hooli.com' });
    await t.settle();
    const trial = t.trial(res.body.trialId);
    expect(trial.sdr_id).toBe(team.namedSdr.id);
    expect(JSON.stringify(t.alerts()[0]!.blocks)).toContain(`<@${team.namedSdr.id}>: you worked this account in the last 30 days`);
    expect(t.slack.channel(trial.space_channel_id)!.members).toContain(team.namedSdr.id);
    const audit = t.db.prepare(`SELECT detail FROM audit WHERE trial_id = ? AND action = 'assigned owners'`).get(trial.id) as { detail: string };
    expect(audit.detail).toContain(`SDR ${team.namedSdr.id} (worked the account recently)`);
  });
});
