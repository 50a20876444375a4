import { afterEach, describe, expect, it } from 'vitest';
import { ActionId, ViewId } from '../../src/messages/slack/ids.js';
import { TestBot } from '../support/test-bot.js';
import { activeTrial, team } from '../support/active-trial.js';
import { seedPeople } from '../support/seed.js';

// Issue 13: the Home tab acts. CE/AE: their trials with one click each; inbound SDRs: the leads
// waiting; admins: everything, Reassign, and the funnel.
let t: TestBot;
afterEach(async () => t?.close());

const dmText = (user: string) => {
  const dm = t.slack.dmWith(user);
  return dm ? t.slack.messagesIn(dm).map((m) => m.text) : [];
};

const buttonsOf = (blocks: any[], trialId: string) =>
  blocks.filter((b) => b.type === 'actions' && String(b.block_id).endsWith(trialId)).flatMap((b) => b.elements.map((e: any) => e.action_id));

describe('App Home', () => {
  it('a CE sees their trial (day N of M, grade, next decision) with Extend / Converted / Terminate; Extend from the tab extends it and redraws the tab', async () => {
    t = await TestBot.start({ options: { schedule: false } });
    const trial = await activeTrial(t);
    const home = await t.openHome(team.ce1.id);
    expect(home.text).toContain('*Hooli* · hooli.com · Case 2.2 · you are its CE');
    expect(home.text).toMatch(/running · day 0 of 15 · usage grade D · decision due (Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} [A-Z][a-z]{2}/);
    expect(buttonsOf(home.blocks, trial.id)).toEqual([ActionId.Extend, ActionId.Convert, ActionId.Terminate]);
    expect(home.text).not.toMatch(/\d{4}-\d{2}-\d{2}|npm run|inbound_sdr|provisioning/);

    const endsBefore = t.trial(trial.id).ends_at;
    await t.clickOnHome(team.ce1.id, ActionId.Extend, trial.id, { blockId: `home:${trial.id}` });
    await t.eventually(() => expect(t.trial(trial.id).ends_at).not.toBe(endsBefore));
    await t.eventually(() => expect(dmText(team.ce1.id).join('\n')).toMatch(/extended/i));
    // The tab the CE clicked on now shows the new end (day 0 of 30).
    await t.eventually(() => expect(t.home(team.ce1.id).text).toContain('day 0 of 30'));
  });

  it('a trial change by someone else redraws the tab of an owner who has opened it, once', async () => {
    t = await TestBot.start({ options: { schedule: false } });
    const trial = await activeTrial(t);
    await t.openHome(team.ae1.id);
    const publishes = t.slack.callsTo('views.publish').length;
    await t.command(team.ce1.id, trial.space, 'convert');
    await t.settle();
    await t.eventually(() => expect(t.home(team.ae1.id).text).toContain('No open trials are yours right now.'));
    // One redraw for the AE (the CE never opened theirs, so theirs is not drawn until they do).
    const after = t.slack.callsTo('views.publish').slice(publishes);
    expect(after.map((c) => c.args.user_id)).toEqual([team.ae1.id]);
  });

  it('an inbound SDR sees the leads waiting with their age against the SLA, and qualifies one from the tab', async () => {
    let now = new Date('2026-12-02T10:00:00Z');
    t = await TestBot.start({ now: () => now, options: { schedule: false } });
    await activeTrial(t);
    const { trialId } = await t.signUp({ id: 's-pied', email: 'richard@piedpiper.com', company: 'Pied Piper' });
    now = new Date('2026-12-02T10:12:00Z');
    const home = await t.openHome(team.sdr.id);
    expect(home.text).toContain('Leads waiting for triage* (1)');
    expect(home.text).toContain('*Pied Piper* · richard@piedpiper.com');
    expect(home.text).toContain('waiting 12 min · :warning: past the 5-minute target');
    expect(buttonsOf(home.blocks, trialId)).toEqual([ActionId.Qualify, ActionId.Disqualify]);

    await t.clickOnHome(team.sdr.id, ActionId.Qualify, trialId, { blockId: `home-triage:${trialId}` });
    await t.eventually(() => expect(t.trial(trialId).decision).toBe('qualified'));
    await t.eventually(() => expect(t.home(team.sdr.id).text).toContain('No lead is waiting.'));
  });

  it('a CE does not see the triage list; someone outside the roster is told whom to ask', async () => {
    t = await TestBot.start({ options: { schedule: false } });
    await activeTrial(t);
    expect((await t.openHome(team.ce1.id)).text).not.toContain('Leads waiting');
    const outsider = await t.openHome(team.outsider.id);
    expect(outsider.text).toContain('ask a trialbot admin to add you');
    expect(outsider.text).not.toContain('Hooli');
  });

  it('an admin sees every open trial with Reassign, and the funnel of the last four weeks', async () => {
    t = await TestBot.start({ options: { schedule: false } });
    const trial = await activeTrial(t);
    const home = await t.openHome(team.admin.id);
    expect(home.text).toContain('Every open trial* (1)');
    expect(home.text).toContain(`AE <@${team.ae1.id}> · CE <@${team.ce1.id}>`);
    expect(home.text).toContain(`"value":"ce:${trial.id}"`);
    expect(home.text).toContain('The trial funnel, last 4 weeks');
    expect(home.text).toMatch(/1 signed up · 1 qualified · 1 ready/);
    expect(home.blocks.length).toBeLessThanOrEqual(50);
  });
});

describe('Reassign from the Home tab', () => {
  async function openReassign(user: string, value: string) {
    const views = t.slack.views.length;
    await t.clickOnHome(user, ActionId.Reassign, value, { overflow: true });
    await t.eventually(() => expect(t.slack.views).toHaveLength(views + 1));
    return t.slack.views.at(-1)!.view as any;
  }
  const pick = (view: any, person: string) =>
    t.submitView(team.admin.id, {
      callback_id: view.callback_id,
      private_metadata: view.private_metadata,
      values: { person: { value: { type: 'static_select', selected_option: { value: person } } } },
    });

  it('offers only eligible CEs, and does what admin -- assign does: the trial, the audit line by the admin, the invite and the note', async () => {
    t = await TestBot.start({ options: { schedule: false } });
    const trial = await activeTrial(t);
    seedPeople(t.db, [{ id: 'UCE9', email: 'ineligible.ce@vendor.test', role: 'ce', eligible: false }]);
    await t.openHome(team.admin.id);
    const view = await openReassign(team.admin.id, `ce:${trial.id}`);
    expect(view.callback_id).toBe(ViewId.Reassign);
    const offered = JSON.stringify(view.blocks);
    expect(offered).toContain(team.ce2.id);
    expect(offered).not.toContain('UCE9');
    expect(offered).not.toContain(`"value":"${team.ce1.id}"`); // the CE it has already

    const res = await pick(view, team.ce2.id);
    expect(res.status).toBe(200);
    expect(res.text).not.toContain('errors');
    await t.settle();
    expect(t.trial(trial.id).ce_id).toBe(team.ce2.id);
    const audit = t.db.prepare(`SELECT actor, action FROM audit WHERE trial_id = ? AND action = 'assigned CE'`).all(trial.id);
    expect(audit).toEqual([{ actor: team.admin.id, action: 'assigned CE' }]);
    expect(t.slack.channel(trial.space)?.members).toContain(team.ce2.id);
    const note = t.slack.messagesIn(trial.space).find((m) => m.text.includes('is now the CE'));
    expect(note?.text).toContain(`assigned by <@${team.admin.id}>`);
    await t.eventually(() => expect(dmText(team.admin.id).join('\n')).toContain(`<@${team.ce2.id}> is now the CE of *Hooli*`));
  });

  it('an ineligible person (forged into the form) is refused and nothing changes', async () => {
    t = await TestBot.start({ options: { schedule: false } });
    const trial = await activeTrial(t);
    seedPeople(t.db, [{ id: 'UCE9', email: 'ineligible.ce@vendor.test', role: 'ce', eligible: false }]);
    const view = await openReassign(team.admin.id, `ce:${trial.id}`);
    const res = await pick(view, 'UCE9');
    expect(res.body.response_action).toBe('errors');
    expect(res.body.errors.person).toContain('only eligible CEs');
    expect(t.trial(trial.id).ce_id).toBe(team.ce1.id);
    expect(t.count('audit', `action = 'assigned CE'`)).toBe(0);
  });

  it('someone who is not an admin gets no form, and a forged submission is refused', async () => {
    t = await TestBot.start({ options: { schedule: false } });
    const trial = await activeTrial(t);
    const views = t.slack.views.length;
    await t.clickOnHome(team.ce1.id, ActionId.Reassign, `ce:${trial.id}`, { overflow: true });
    await t.eventually(() => expect(dmText(team.ce1.id).join('\n')).toContain('Only trialbot admins reassign a trial'));
    expect(t.slack.views).toHaveLength(views);
    const res = await t.submitView(team.ce1.id, {
      callback_id: ViewId.Reassign,
      private_metadata: JSON.stringify({ trialId: trial.id, role: 'ce' }),
      values: { person: { value: { type: 'static_select', selected_option: { value: team.ce2.id } } } },
    });
    expect(res.body.response_action).toBe('errors');
    expect(t.trial(trial.id).ce_id).toBe(team.ce1.id);
  });
});

describe('/trial report', () => {
  it('shows anyone in the roster this week so far, and nobody else', async () => {
    t = await TestBot.start({ options: { schedule: false } });
    const trial = await activeTrial(t);
    const res = await t.command(team.ce1.id, trial.space, 'report');
    expect(res.body.text).toMatch(/Trial funnel, .* 1 signup, 1 qualified, 0 converted/);
    const blocks = JSON.stringify(res.body.blocks);
    expect(blocks).toContain('(so far)');
    expect(blocks).toContain('*Signups:* 1 trial opened');
    expect(blocks).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    const outsider = await t.command(team.outsider.id, trial.space, 'report');
    expect(outsider.body.text).toContain('for people in the trialbot roster');
  });
});
