import { afterEach, describe, expect, it } from 'vitest';
import { REPO, TestBot } from '../support/test-bot.js';
import { seedAccount, seedInstance, seedPeople, seedPool, seedTeam, team } from '../support/seed.js';
import { ActionId } from '../../src/messages/slack/ids.js';

let t: TestBot;
afterEach(async () => t?.close());

describe('Case 2.1 and 2.2', () => {
  it('2.1: the account’s AE and CE, no rotation, the space opens and the trial starts at signup', async () => {
    t = await TestBot.start({ options: { schedule: false } });
    seedTeam(t.db);
    seedAccount(t.db, {
      domain: 'globex.com',
      name: 'Globex',
      prequalified: true,
      named: true,
      namedSdr: team.namedSdr.email,
      ae: team.ae2.email,
      ce: team.ce2.email,
    });
    seedPool(t.db, 3);
    const res = await t.signup({ id: 's1', email: 'hank@globex.com' });
    await t.settle();
    const trial = t.trial(res.body.trialId);
    expect(trial).toMatchObject({ ae_id: team.ae2.id, ce_id: team.ce2.id, named_sdr_id: team.namedSdr.id, status: 'active' });
    expect(trial.started_at).not.toBeNull();
    expect(t.count('rotation')).toBe(0);
    const space = t.slack.channelByName('cloud-trial-globex')!;
    expect(space.members).toEqual(expect.arrayContaining([team.ae2.id, team.ce2.id, team.namedSdr.id]));
    const alert = JSON.stringify(t.alerts()[0]!.blocks);
    expect(alert).toContain(`<@${team.namedSdr.id}>: please convert this lead to an opportunity`);
    // Seed 2.1.3: the inbound SDRs route the lead to the named SDR, so they are told too.
    expect(alert).toContain(`Inbound SDRs <@${team.sdr.id}> <@${team.sdr2.id}>: this named account's lead goes to its named SDR <@${team.namedSdr.id}>`);
    expect(t.github.issues(REPO)).toHaveLength(0);
  });

  it('2.2: round robin, and the alert says who got it', async () => {
    t = await TestBot.start({ options: { schedule: false } });
    seedTeam(t.db);
    seedAccount(t.db, { domain: 'hooli.com', name: 'Hooli', prequalified: true, named: false });
    seedPool(t.db, 3);
    const res = await t.signup({ id: 's1', email: 'gavin@hooli.com' });
    await t.settle();
    const trial = t.trial(res.body.trialId);
    expect(trial.ae_id).toBe(team.ae1.id);
    expect(trial.ce_id).toBe(team.ce1.id);
    const alert = JSON.stringify(t.alerts()[0]!.blocks);
    expect(alert).toContain(`<@${team.ae1.id}>`);
    expect(alert).toContain(`<@${team.ce1.id}>`);
    expect(t.slack.channelByName('cloud-trial-hooli')).toBeDefined();
  });

  it('2.2 with no eligible CE: the alert thread says so and names the command that assigns one', async () => {
    t = await TestBot.start({ options: { schedule: false } });
    seedTeam(t.db);
    t.db.prepare(`UPDATE people SET eligible = 0 WHERE role = 'ce'`).run();
    seedAccount(t.db, { domain: 'hooli.com', name: 'Hooli', prequalified: true, named: false });
    seedPool(t.db, 3);
    const res = await t.signup({ id: 's1', email: 'gavin@hooli.com' });
    await t.settle();
    expect(t.trial(res.body.trialId).ce_id).toBeNull();
    const alert = t.alerts()[0]!;
    const notes = t.thread(alert.channel, alert.ts).map((m) => m.text);
    expect(notes.filter((n) => n.includes('No CE could be assigned') && n.includes('*Reassign the CE*'))).toHaveLength(1);
  });

  it('an empty pool raises the instance request as in 3.2, and one pool-low alert goes out', async () => {
    t = await TestBot.start({ options: { schedule: false }, smtp: true });
    seedTeam(t.db);
    for (const d of ['hooli.com', 'pied-piper.com', 'raviga.com']) seedAccount(t.db, { domain: d, name: d, prequalified: true, named: false });
    seedPool(t.db, 1);
    await t.signup({ id: 's1', email: 'gavin@hooli.com' });
    const second = await t.signup({ id: 's2', email: 'richard@pied-piper.com' });
    await t.signup({ id: 's3', email: 'laurie@raviga.com' });
    await t.settle();
    expect(second.body.instanceUrl).toBeUndefined();
    const issues = t.github.issues(REPO);
    expect(issues.filter((i) => i.labels.some((l) => l.name === 'instance-request'))).toHaveLength(2);
    expect(issues.filter((i) => i.labels.some((l) => l.name === 'pool-low'))).toHaveLength(1);
    expect(t.alerts().filter((m) => /left in the pool/.test(m.text))).toHaveLength(1);
    expect(t.trial(second.body.trialId).status).toBe('provisioning');
    await t.smtp!.waitFor((m) => m.to.includes('richard@pied-piper.com'));
  });

  it('"Opportunity created" is recorded once, by an SDR', async () => {
    t = await TestBot.start({ options: { schedule: false } });
    seedTeam(t.db);
    seedAccount(t.db, { domain: 'hooli.com', name: 'Hooli', prequalified: true, named: false });
    seedPool(t.db, 3);
    const res = await t.signup({ id: 's1', email: 'gavin@hooli.com' });
    await t.settle();
    const alert = t.alerts()[0]!;
    const at = { channel: alert.channel, ts: alert.ts };
    await t.clickButton(team.ae1.id, ActionId.OpportunityCreated, res.body.trialId, at);
    expect(await t.lastEphemeral(team.ae1.id)).toMatch(/Only SDRs/);
    await t.clickButton(team.sdr.id, ActionId.OpportunityCreated, res.body.trialId, at);
    expect(await t.lastEphemeral(team.sdr.id)).toMatch(/Recorded/);
    await t.clickButton(team.sdr2.id, ActionId.OpportunityCreated, res.body.trialId, at);
    expect(await t.lastEphemeral(team.sdr2.id)).toMatch(/Already recorded/);
    await t.settle();
    expect(t.trial(res.body.trialId).opportunity_by).toBe(team.sdr.id);
    expect(JSON.stringify(t.alerts()[0]!.blocks)).toContain('Opportunity created in Salesforce by');
  });

  it('2.1 with a large inbound team mentions a few of them, and says how many more', async () => {
    t = await TestBot.start({ options: { schedule: false } });
    seedTeam(t.db);
    seedPeople(
      t.db,
      Array.from({ length: 10 }, (_, n) => ({ id: `UIN${n}`, email: `in${n}@vendor.test`, role: 'inbound_sdr' as const })),
    );
    seedAccount(t.db, {
      domain: 'globex.com',
      name: 'Globex',
      prequalified: true,
      named: true,
      namedSdr: team.namedSdr.email,
      ae: team.ae2.email,
      ce: team.ce2.email,
    });
    seedPool(t.db, 1);
    await t.signup({ id: 's1', email: 'hank@globex.com' });
    await t.settle();
    const text = JSON.stringify(t.alerts()[0]!.blocks);
    const line = text.match(/Inbound SDRs ([^:]*):/)![1]!;
    expect(line.match(/<@U[A-Z0-9]+>/g)).toHaveLength(5);
    expect(line).toContain('and 7 more');
  });
});

describe('capacity', () => {
  it('at MAX_ACTIVE_INSTANCES a qualified trial waits in a visible queue, with no request raised', async () => {
    t = await TestBot.start({ env: { MAX_ACTIVE_INSTANCES: '1' }, options: { schedule: false } });
    seedTeam(t.db);
    seedInstance(t.db, { url: 'https://old.sourcegraph.test', domain: 'old.com', adminEmail: 'a@old.com' });
    const res = await t.signup({ id: 's1', email: 'bob@initech.com' });
    await t.settle();
    const alert = t.alerts()[0]!;
    await t.clickButton(team.sdr.id, ActionId.Qualify, res.body.trialId, { channel: alert.channel, ts: alert.ts });
    expect(await t.lastEphemeral(team.sdr.id)).toMatch(/waits in the queue/);
    await t.settle();
    expect(t.trial(res.body.trialId).status).toBe('queued');
    expect(t.github.issues(REPO)).toHaveLength(0);
    expect(JSON.stringify(t.alerts()[0]!.blocks)).toContain('At instance capacity');
  });
});
