import { afterEach, describe, expect, it } from 'vitest';
import { TestBot } from '../support/test-bot.js';
import { activeTrial, team } from '../support/active-trial.js';

let t: TestBot;
afterEach(async () => t?.close());

describe('/trial list', () => {
  it('lists the caller’s open trials as AE or CE, soonest deadline first', async () => {
    t = await TestBot.start({ options: { schedule: false } });
    const hooli = await activeTrial(t, { domain: 'hooli.com', company: 'Hooli', pool: 5 });
    const globex = await activeTrial(t, { domain: 'globex.com', company: 'Globex', seed: false });
    const initech = await activeTrial(t, { domain: 'initech.com', company: 'Initech', seed: false });
    // Round robin: the second trial went to the other pair; give it to ce1 too, so the order is what is tested.
    t.db.prepare('UPDATE trials SET ce_id = ? WHERE id = ?').run(team.ce1.id, globex.id);
    await t.command(team.ce1.id, hooli.space, 'extend 30');
    await t.command(team.ce1.id, initech.space, 'terminate');

    const res = await t.command(team.ce1.id, t.alertsChannel, 'list');
    expect(res.body.response_type).toBe('ephemeral');
    const sections = (res.body.blocks as Array<{ type: string; text?: { text: string } }>).filter((b) => b.type === 'section').map((b) => b.text!.text);
    expect(sections).toHaveLength(2);
    expect(sections[0]).toContain('*Globex*');
    expect(sections[0]).toContain('you are CE');
    expect(sections[1]).toContain('*Hooli*');
    expect(sections.join('\n')).not.toContain('Initech');
    // Three trial channels: the worker paces conversations.create as Slack's rate tier asks.
  }, 20_000);

  it('an SDR sees their own leads too, the one waiting for triage included (as on the Home tab)', async () => {
    t = await TestBot.start({ options: { schedule: false } });
    await activeTrial(t);
    const lead = await t.signUp({ id: 'l1', email: 'pat@leadco.com', company: 'Lead Co' });
    t.db.prepare('UPDATE trials SET sdr_id = ? WHERE id = ?').run(team.sdr.id, lead.trialId);
    const res = await t.command(team.sdr.id, t.alertsChannel, 'list');
    const text = JSON.stringify(res.body.blocks);
    expect(text).toContain('*Lead Co*');
    expect(text).toContain('you are SDR');
    expect(text).toContain('no end date yet (not started)');
  });

  it('someone with no trials is told so', async () => {
    t = await TestBot.start({ options: { schedule: false } });
    await activeTrial(t);
    const res = await t.command(team.outsider.id, t.alertsChannel, 'list');
    expect(res.body.text).toContain('no open trials');
  });
});
