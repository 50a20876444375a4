import { addOutOfOffice } from '../../src/admin/out-of-office.js';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO, TestBot } from '../support/test-bot.js';
import { seedTeam, team } from '../support/seed.js';
import { ActionId } from '../../src/messages/slack/ids.js';

let t: TestBot;
afterEach(async () => t?.close());

function case3(id = 's1', email = 'bob@initech.com', company = 'Initech') {
  return t.signUp({ id, email, company });
}

describe('qualifying a Case 3 lead', () => {
  it('assigns owners, opens the space with the card first, raises the instance request and sends the welcome email', async () => {
    t = await TestBot.start({ smtp: true });
    seedTeam(t.db);
    const { trialId, alert } = await case3();

    const click = await t.clickButton(team.sdr.id, ActionId.Qualify, trialId, alert);
    expect(click.status).toBe(200);
    // The SDR is told what happened, privately (after the ack).
    expect(await t.lastEphemeral(team.sdr.id)).toMatch(/Qualified/);
    await t.settle();

    const trial = t.trial(trialId);
    expect(trial.decision).toBe('qualified');
    expect(trial.status).toBe('provisioning');
    expect([team.ae1.id, team.ae2.id]).toContain(trial.ae_id);
    expect([team.ce1.id, team.ce2.id]).toContain(trial.ce_id);

    // The alert is updated in place: who decided, no triage buttons left; what is left to do is the opportunity.
    const updated = t.alerts()[0]!;
    expect(updated.edits).toBeGreaterThan(0);
    expect(JSON.stringify(updated.blocks)).toContain(`Qualified by <@${team.sdr.id}>`);
    const buttons = (updated.blocks as any[]).filter((b) => b.type === 'actions').flatMap((b) => b.elements.map((e: any) => e.action_id));
    expect(buttons).toEqual([ActionId.OpportunityCreated]);

    // The space: named after the company, AE, CE and SDR in it, the card first.
    const space = t.slack.channelByName('cloud-trial-initech')!;
    expect(space).toBeDefined();
    expect(space.members).toEqual(expect.arrayContaining([trial.ae_id, trial.ce_id, team.sdr.id]));
    const inSpace = t.slack.messagesIn(space.id);
    expect(inSpace[0]!.text).toContain('Cloud trial: Initech');

    // The instance request carries the CE's email, never a TODO, and is linked in the space and under the alert.
    const issues = t.github.issues(REPO);
    expect(issues).toHaveLength(1);
    const ceEmail = trial.ce_id === team.ce1.id ? team.ce1.email : team.ce2.email;
    expect(issues[0]!.title).toContain('Initech');
    expect(issues[0]!.title).toContain('initech.com');
    // Exactly the address, ready to copy: no zero-width character inside it.
    expect(issues[0]!.body).toContain(`| CE email | \`${ceEmail}\` |`);
    expect(issues[0]!.body!.split('\n').find((l) => l.startsWith('| CE email |'))).not.toMatch(/[\u200b-\u200d]/);
    expect(issues[0]!.body).not.toMatch(/TODO/i);
    expect(issues[0]!.body).toContain(`<!-- trialbot:instance-request:${trialId} -->`);
    expect(issues[0]!.labels.map((l) => l.name)).toEqual(expect.arrayContaining(['cloud-trial', 'instance-request']));
    // In the space: a post of its own, or (when the issue was open before the channel) in the card.
    expect(inSpace.some((m) => m.text.includes(issues[0]!.html_url) || JSON.stringify(m.blocks ?? []).includes(issues[0]!.html_url))).toBe(true);
    expect(t.thread(alert.channel, alert.ts).some((m) => m.text.includes(issues[0]!.html_url))).toBe(true);

    // Welcome email: to the prospect, CE introduced, AE in cc.
    const aeEmail = trial.ae_id === team.ae1.id ? team.ae1.email : team.ae2.email;
    const mail = await t.smtp!.waitFor((m) => m.to.includes('bob@initech.com'));
    // Signed by the CE, who asks the prospect to reply: replies go to the CE, not to EMAIL_FROM.
    expect(mail.replyTo).toEqual([ceEmail]);
    expect(mail.cc).toEqual(expect.arrayContaining([aeEmail]));
    expect(mail.text).toContain(ceEmail);
    expect(mail.subject).toMatch(/being set up/);
    expect(t.smtp!.messages).toHaveLength(1);
  });

  it('the instance request pings nobody a prospect names, and no address gets a zero-width character', async () => {
    t = await TestBot.start();
    seedTeam(t.db);
    const res = await t.signup({ id: 's1', email: 'bob_porter@initech.com', name: '@octocat', company: 'x @org/team' });
    await t.settle();
    const alert = t.alerts()[0]!;
    await t.clickButton(team.sdr.id, ActionId.Qualify, res.body.trialId, { channel: alert.channel, ts: alert.ts });
    await t.lastEphemeral(team.sdr.id);
    await t.settle();
    const body = t.github.issues(REPO)[0]!.body!;
    const trial = t.trial(res.body.trialId);
    // GitHub mentions @login only at the start of a word.
    const mention = /(?<![A-Za-z0-9_])@[A-Za-z0-9]/;
    expect(body.replace(/<!-- trialbot:[^>]*-->/, '')).not.toMatch(mention);
    expect(body).toContain('| Requester | @\u200doctocat |');
    expect(body).toContain('| Company | x @\u200dorg/team |');
    expect(body).toContain('bob\\_porter@initech.com');
    const ae = [team.ae1, team.ae2].find((p) => p.id === trial.ae_id)!;
    expect(body).toContain(`| AE email | \`${ae.email}\` |`);
  });

  it('refuses anyone who is not an inbound SDR, and changes nothing', async () => {
    t = await TestBot.start();
    seedTeam(t.db);
    const { trialId, alert } = await case3();
    const outboxBefore = t.count('outbox');
    for (const user of [team.ae1.id, team.outsider.id, team.namedSdr.id]) {
      await t.clickButton(user, ActionId.Qualify, trialId, alert);
      await t.clickButton(user, ActionId.Disqualify, trialId, alert);
    }
    expect(await t.lastEphemeral(team.ae1.id, 2)).toMatch(/Only inbound SDRs/);
    await t.lastEphemeral(team.outsider.id, 2);
    await t.lastEphemeral(team.namedSdr.id, 2);
    await t.settle();
    expect(t.trial(trialId).decision).toBeNull();
    expect(t.count('outbox')).toBe(outboxBefore);
    expect(t.slack.views).toHaveLength(0);
    expect(t.alerts()[0]!.edits).toBe(0);
  });

  it('two SDRs clicking at once, or one clicking twice, make exactly one decision', async () => {
    t = await TestBot.start({ smtp: true });
    seedTeam(t.db);
    const { trialId, alert } = await case3();
    await Promise.all([
      t.clickButton(team.sdr.id, ActionId.Qualify, trialId, alert),
      t.clickButton(team.sdr2.id, ActionId.Qualify, trialId, alert),
      t.clickButton(team.sdr.id, ActionId.Qualify, trialId, alert),
    ]);
    await t.lastEphemeral(team.sdr.id, 2);
    await t.lastEphemeral(team.sdr2.id, 1);
    await t.settle();
    expect(t.github.issues(REPO)).toHaveLength(1);
    expect(t.slack.channels().filter((c) => c.name.startsWith('cloud-trial-initech'))).toHaveLength(1);
    expect(t.smtp!.messages).toHaveLength(1);
    const answers = [...t.slack.ephemeralsFor(team.sdr.id), ...t.slack.ephemeralsFor(team.sdr2.id)].map((e) => e.text);
    expect(answers.filter((a) => /already qualified/.test(a))).toHaveLength(2);
    expect(t.count('audit', "action = 'qualified'")).toBe(1);
  });

  it('a click on an unknown trial gets a clear answer', async () => {
    t = await TestBot.start();
    seedTeam(t.db);
    await t.clickButton(team.sdr.id, ActionId.Qualify, 'tr_nope', { channel: t.alertsChannel, ts: '1.000001' });
    expect(await t.lastEphemeral(team.sdr.id)).toMatch(/no longer exists/);
  });
});

describe('disqualifying a Case 3 lead', () => {
  it('asks for a reason in a modal, then marks the lead and sends the self-host email', async () => {
    t = await TestBot.start({ smtp: true });
    seedTeam(t.db);
    const { trialId, alert } = await case3();
    await t.clickButton(team.sdr.id, ActionId.Disqualify, trialId, alert);
    await t.eventually(() => expect(t.slack.views).toHaveLength(1));
    const view = t.slack.views[0]!.view as any;
    expect(view.callback_id).toBe('trial_disqualify_reason');
    const options = view.blocks.find((b: any) => b.block_id === 'reason').element.options.map((o: any) => o.text.text);
    expect(options).toEqual([
      'Self-Service: best served self-hosted',
      'Nurture: not ready yet',
      'Too small / not a fit',
      'Consultant',
      'Student / personal use',
      'Job seeker',
      'Competitor',
      'Spam / bad data',
      'Other',
    ]);

    // "Other" needs words.
    const empty = await t.submitView(team.sdr.id, {
      callback_id: view.callback_id,
      private_metadata: view.private_metadata,
      values: { reason: { value: { type: 'static_select', selected_option: { value: 'other' } } }, detail: { value: { type: 'plain_text_input', value: '' } } },
    });
    expect(empty.body).toMatchObject({ response_action: 'errors' });
    expect(t.trial(trialId).decision).toBeNull();

    const res = await t.submitView(team.sdr.id, {
      callback_id: view.callback_id,
      private_metadata: view.private_metadata,
      values: {
        reason: { value: { type: 'static_select', selected_option: { value: 'self_service' } } },
        detail: { value: { type: 'plain_text_input', value: 'one developer <!here>' } },
      },
    });
    expect(res.status).toBe(200);
    expect(await t.lastEphemeral(team.sdr.id)).toMatch(/Disqualified/);
    await t.settle();
    const trial = t.trial(trialId);
    expect(trial.status).toBe('disqualified');
    expect(trial.disqualify_reason).toBe('Self-Service: best served self-hosted: one developer <!here>');
    const alertJson = JSON.stringify(t.alerts()[0]!.blocks);
    expect(alertJson).toContain(`Disqualified by <@${team.sdr.id}>`);
    expect(alertJson).not.toContain('<!here>');
    const mail = await t.smtp!.waitFor((m) => m.to.includes('bob@initech.com'));
    expect(mail.subject).toMatch(/self-hosted/);
    expect(t.github.issues(REPO)).toHaveLength(0);
    expect(t.slack.channels().some((c) => c.name.startsWith('cloud-trial-initech'))).toBe(false);
  });

  it('an expired trigger gets a "click again", and nothing breaks', async () => {
    t = await TestBot.start();
    seedTeam(t.db);
    const { trialId, alert } = await case3();
    t.slack.fail('views.open', { error: 'expired_trigger_id' });
    await t.clickButton(team.sdr.id, ActionId.Disqualify, trialId, alert);
    expect(await t.lastEphemeral(team.sdr.id)).toMatch(/click \*Disqualify\* again/);
    expect(t.trial(trialId).decision).toBeNull();
    await t.clickButton(team.sdr.id, ActionId.Disqualify, trialId, alert);
    await t.eventually(() => expect(t.slack.views).toHaveLength(1));
  });
});

describe('which disqualified leads hear back', () => {
  it.each([
    ['spam', false],
    ['competitor', false],
    ['student', false],
    ['self_service', true],
    ['nurture', true],
  ] as const)('%s → self-host email: %s; the SDR is told which', async (reason, emailed) => {
    t = await TestBot.start({ smtp: true });
    seedTeam(t.db);
    const { trialId, alert } = await case3();
    await t.clickButton(team.sdr.id, ActionId.Disqualify, trialId, alert);
    await t.eventually(() => expect(t.slack.views).toHaveLength(1));
    const view = t.slack.views[0]!.view as any;
    await t.submitView(team.sdr.id, {
      callback_id: view.callback_id,
      private_metadata: view.private_metadata,
      values: { reason: { value: { type: 'static_select', selected_option: { value: reason } } }, detail: { value: { type: 'plain_text_input', value: '' } } },
    });
    const told = await t.lastEphemeral(team.sdr.id);
    await t.settle();
    expect(t.trial(trialId).status).toBe('disqualified');
    expect(t.count('outbox', "kind = 'email.send'")).toBe(emailed ? 1 : 0);
    expect(told).toMatch(emailed ? /self-host recommendation email is on its way/ : /No email goes to the prospect/);
  });
});

describe('a qualified Case 3 lead becomes an opportunity', () => {
  it('the decided alert offers Opportunity created; the SDR records it and the alert and the card show it', async () => {
    t = await TestBot.start({ smtp: true });
    seedTeam(t.db);
    const { trialId } = await case3();
    const alert = t.alertOf(trialId);
    await t.qualify(team.sdr.id, trialId);
    const decided = t.alerts().find((m) => m.ts === alert.ts)!;
    expect(JSON.stringify(decided.blocks)).toContain(ActionId.OpportunityCreated);

    await t.clickButton(team.sdr.id, ActionId.OpportunityCreated, trialId, alert);
    expect(await t.lastEphemeral(team.sdr.id, 2)).toContain('opportunity created');
    await t.settle();
    const after = JSON.stringify(t.alerts().find((m) => m.ts === alert.ts)!.blocks);
    expect(after).toContain(`Opportunity created in Salesforce by <@${team.sdr.id}>`);
    expect(after).not.toContain(ActionId.OpportunityCreated);
    const row = t.trial(trialId);
    const card = t.slack.messagesIn(row.card_channel).find((m) => m.ts === row.card_ts)!;
    expect(JSON.stringify(card.blocks)).toContain(`created by <@${team.sdr.id}>`);
  });
});

describe('reopening a disqualified lead', () => {
  let offset = 0;
  const clock = () => new Date(Date.now() + offset);

  async function disqualified(reason = 'nurture') {
    offset = 0;
    t = await TestBot.start({ smtp: true, now: clock });
    seedTeam(t.db);
    const { trialId, alert } = await case3();
    await t.clickButton(team.sdr.id, ActionId.Disqualify, trialId, alert);
    await t.eventually(() => expect(t.slack.views).toHaveLength(1));
    const view = t.slack.views[0]!.view as any;
    await t.submitView(team.sdr.id, {
      callback_id: view.callback_id,
      private_metadata: view.private_metadata,
      values: { reason: { value: { type: 'static_select', selected_option: { value: reason } } }, detail: { value: { type: 'plain_text_input', value: '' } } },
    });
    await t.lastEphemeral(team.sdr.id);
    await t.settle();
    return { trialId, alert };
  }

  const buttonsOf = (ts: string) =>
    (t.alerts().find((m) => m.ts === ts)!.blocks as any[]).filter((b) => b.type === 'actions').flatMap((b) => b.elements.map((e: any) => e.action_id));

  it('within 24 hours an inbound SDR reopens it: back in triage with its buttons, audited, the email not sent again', async () => {
    const { trialId, alert } = await disqualified();
    expect(buttonsOf(alert.ts)).toEqual([ActionId.Reopen]);
    expect(t.smtp!.messages).toHaveLength(1);

    await t.clickButton(team.ae1.id, ActionId.Reopen, trialId, alert);
    expect(await t.lastEphemeral(team.ae1.id)).toContain('Only inbound SDRs');
    expect(t.trial(trialId).status).toBe('disqualified');

    await t.clickButton(team.sdr2.id, ActionId.Reopen, trialId, alert);
    expect(await t.lastEphemeral(team.sdr2.id)).toContain('Reopened');
    await t.settle();
    expect(t.trial(trialId)).toMatchObject({ status: 'triage', decision: null });
    expect(buttonsOf(alert.ts)).toEqual([ActionId.Qualify, ActionId.Disqualify]);
    expect(t.count('audit', "trial_id = ? AND action = 'reopened'", trialId)).toBe(1);

    // Disqualified again: the prospect already heard from us once.
    const views = t.slack.views.length;
    await t.clickButton(team.sdr.id, ActionId.Disqualify, trialId, alert);
    await t.eventually(() => expect(t.slack.views).toHaveLength(views + 1));
    const view = t.slack.views.at(-1)!.view as any;
    await t.submitView(team.sdr.id, {
      callback_id: view.callback_id,
      private_metadata: view.private_metadata,
      values: {
        reason: { value: { type: 'static_select', selected_option: { value: 'nurture' } } },
        detail: { value: { type: 'plain_text_input', value: '' } },
      },
    });
    await t.settle();
    expect(t.trial(trialId).status).toBe('disqualified');
    expect(t.smtp!.messages).toHaveLength(1);
  });

  it('after 24 hours the button is gone and a late click changes nothing', async () => {
    const { trialId, alert } = await disqualified();
    offset = 24 * 3_600_000 + 60_000;
    t.bot.worker.kick();
    await t.eventually(() => expect(buttonsOf(alert.ts)).toEqual([]));
    await t.clickButton(team.sdr.id, ActionId.Reopen, trialId, alert);
    expect(await t.lastEphemeral(team.sdr.id, 2)).toContain('too late now');
    expect(t.trial(trialId).status).toBe('disqualified');
  });
});

describe('who must triage a Case 3 lead', () => {
  it('the alert mentions the inbound SDRs on duty, not one who is out of office; the decision takes the call to act away', async () => {
    t = await TestBot.start({ smtp: true });
    seedTeam(t.db);
    const today = new Date().toISOString().slice(0, 10);
    addOutOfOffice(t.db, team.sdr2.email, today, today, new Date());
    const { trialId, alert } = await case3();
    const text = JSON.stringify(t.alerts().find((m) => m.ts === alert.ts)!.blocks);
    expect(text).toContain(`<@${team.sdr.id}>: a new lead to triage. First touch within 5 working minutes.`);
    expect(text).not.toContain(`<@${team.sdr2.id}>`);
    await t.qualify(team.sdr.id, trialId);
    expect(JSON.stringify(t.alerts().find((m) => m.ts === alert.ts)!.blocks)).not.toContain('a new lead to triage');
  });
});
