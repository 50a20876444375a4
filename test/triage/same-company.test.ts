import { afterEach, describe, expect, it } from 'vitest';
import { REPO, TestBot } from '../support/test-bot.js';
import { seedAccount, seedTeam, team } from '../support/seed.js';
import { activeTrial } from '../support/active-trial.js';
import { ActionId } from '../../src/messages/slack/ids.js';

// One company is one trial: a second person from a domain whose trial is still on its
// way joins it, instead of opening a second trial, channel and instance request.

let t: TestBot;
afterEach(async () => t?.close());

const instanceRequests = () => t.github.issues(REPO).filter((i) => i.labels.some((l) => l.name === 'instance-request'));
const spaces = (prefix: string) => t.slack.channels().filter((c) => c.name.startsWith(prefix));
const hasButtons = (m: { blocks?: unknown[] }) => (m.blocks as any[] | undefined)?.some((b) => b.type === 'actions') ?? false;

async function qualify(trialId: string) {
  const alert = t.alertOf(trialId);
  await t.qualify(team.sdr.id, trialId);
  return alert;
}

async function disqualify(trialId: string) {
  const alert = t.alerts().find((m) => JSON.stringify(m.blocks ?? []).includes(trialId))!;
  const views = t.slack.views.length;
  await t.clickButton(team.sdr.id, ActionId.Disqualify, trialId, { channel: alert.channel, ts: alert.ts });
  await t.eventually(() => expect(t.slack.views).toHaveLength(views + 1));
  const view = t.slack.views.at(-1)!.view as any;
  const before = t.slack.ephemeralsFor(team.sdr.id).length;
  await t.submitView(team.sdr.id, {
    callback_id: view.callback_id,
    private_metadata: view.private_metadata,
    values: {
      reason: { value: { type: 'static_select', selected_option: { value: 'not_a_fit' } } },
      detail: { value: { type: 'plain_text_input', value: '' } },
    },
  });
  await t.lastEphemeral(team.sdr.id, before + 1);
  await t.settle();
}

describe('a second signup from a company whose trial is still open', () => {
  it('2.x with the pool empty: one trial, one channel, one instance request; the space hears of the second person', async () => {
    t = await TestBot.start({ options: { schedule: false } });
    seedTeam(t.db);
    seedAccount(t.db, { domain: 'hooli.com', name: 'Hooli', prequalified: true, named: false });
    // Back to back: the second arrives before the first one's channel exists.
    const first = await t.signup({ id: 's1', email: 'gavin@hooli.com', name: 'Gavin' });
    const second = await t.signup({ id: 's2', email: 'big.head@eng.hooli.com', name: 'Big Head' });
    await t.settle();

    expect(first.body).toEqual({ case: '2.2', trialId: expect.any(String) });
    expect(second.body).toEqual(first.body);
    expect(t.count('trials')).toBe(1);
    expect(t.count('signups', 'trial_id = ?', first.body.trialId)).toBe(2);
    expect(spaces('cloud-trial-hooli')).toHaveLength(1);
    expect(instanceRequests()).toHaveLength(1);

    const trial = t.trial(first.body.trialId);
    const inSpace = t.slack.messagesIn(trial.space_channel_id);
    // The card still opens the channel; the note follows it and asks the AE.
    expect(inSpace[0]!.ts).toBe(trial.card_ts);
    const note = inSpace.find((m) => m.text.includes('Big Head (big.head@eng.hooli.com)'))!;
    expect(note.text).toContain(`<@${trial.ae_id}>`);
    expect(note.text).toMatch(/added to the instance once it is ready/);
    expect(note.text).toContain('no second trial was opened');

    // Its own alert says it joined, and offers no second set of buttons.
    const alerts = t.alerts().filter((m) => JSON.stringify(m.blocks ?? []).includes('big.head@eng.hooli.com'));
    expect(alerts).toHaveLength(1);
    expect(JSON.stringify(alerts[0]!.blocks)).toContain('joins an open trial');
    expect(hasButtons(alerts[0]!)).toBe(false);
    expect(t.count('outbox', "status = 'failed'")).toBe(0);
  });

  it('Case 3 in triage: same trial, no second alert, a note under the alert the SDR decides on; qualifying opens one space', async () => {
    t = await TestBot.start({ options: { schedule: false } });
    seedTeam(t.db);
    const first = await t.signup({ id: 's1', email: 'bob@initech.com', name: 'Bob', company: 'Initech' });
    await t.settle();
    const second = await t.signup({ id: 's2', email: 'peter@initech.com', name: 'Peter Gibbons' });
    await t.settle();

    expect(second.body).toEqual({ case: '3', trialId: first.body.trialId });
    expect(t.count('trials')).toBe(1);
    expect(t.alerts()).toHaveLength(1);
    const alert = t.alerts()[0]!;
    const thread = t.thread(alert.channel, alert.ts);
    expect(thread).toHaveLength(1);
    expect(thread[0]!.text).toContain('Another person from *Initech* signed up: Peter Gibbons (peter@initech.com)');

    await qualify(first.body.trialId);
    expect(spaces('cloud-trial-initech')).toHaveLength(1);
    expect(instanceRequests()).toHaveLength(1);

    // Qualified and waiting for its instance: a third person is announced in the space, for the AE.
    const third = await t.signup({ id: 's3', email: 'milton@initech.com', name: 'Milton' });
    await t.settle();
    expect(third.body).toEqual({ case: '3', trialId: first.body.trialId });
    const trial = t.trial(first.body.trialId);
    const inSpace = t.slack.messagesIn(trial.space_channel_id).map((m) => m.text);
    expect(inSpace.some((x) => x.includes('Milton (milton@initech.com)') && x.includes(`<@${trial.ae_id}>`))).toBe(true);
    expect(t.count('trials')).toBe(1);
    expect(spaces('cloud-trial-initech')).toHaveLength(1);
    expect(instanceRequests()).toHaveLength(1);
    // Milton's alert is informational: the trial's alert stays the one that was decided on.
    const miltons = t.alerts().filter((m) => JSON.stringify(m.blocks ?? []).includes('milton@initech.com'));
    expect(miltons).toHaveLength(1);
    expect(hasButtons(miltons[0]!)).toBe(false);
  });

  it('queued at capacity: a second person joins the queued trial, and no second instance is asked for', async () => {
    t = await TestBot.start({ options: { schedule: false }, env: { MAX_ACTIVE_INSTANCES: '1' } });
    // Hooli's running trial holds the one slot.
    await activeTrial(t);
    const first = await t.signup({ id: 's1', email: 'bob@initech.com', name: 'Bob', company: 'Initech' });
    await t.settle();
    await qualify(first.body.trialId);
    expect(t.trial(first.body.trialId).status).toBe('queued');

    const second = await t.signup({ id: 's2', email: 'peter@initech.com', name: 'Peter Gibbons' });
    await t.settle();
    expect(second.body).toEqual({ case: '3', trialId: first.body.trialId });
    expect(t.count('trials', "domain = 'initech.com'")).toBe(1);
    expect(instanceRequests().filter((i) => i.title.includes('initech.com'))).toHaveLength(0);
    expect(t.count('outbox', "kind = 'github.issue' AND trial_id = ?", first.body.trialId)).toBe(0);
    const trial = t.trial(first.body.trialId);
    expect(trial.status).toBe('queued');
    const note = t.slack.messagesIn(trial.space_channel_id).find((m) => m.text.includes('Peter Gibbons (peter@initech.com)'))!;
    expect(note.text).toContain('its instance is not ready yet');
    expect(note.text).toContain('no second trial was opened');
  });

  it('the same signup sent again still answers the same and posts no second note', async () => {
    t = await TestBot.start({ options: { schedule: false } });
    seedTeam(t.db);
    const first = await t.signup({ id: 's1', email: 'bob@initech.com' });
    const second = await t.signup({ id: 's2', email: 'peter@initech.com' });
    const again = await t.signup({ id: 's2', email: 'peter@initech.com' });
    await t.settle();
    expect(again.text).toBe(second.text);
    expect(second.body.trialId).toBe(first.body.trialId);
    const alert = t.alerts()[0]!;
    expect(t.thread(alert.channel, alert.ts)).toHaveLength(1);
    expect(t.count('signups')).toBe(2);
  });

  it('many people from one company at once: one trial', async () => {
    t = await TestBot.start({ options: { schedule: false } });
    seedTeam(t.db);
    const answers = await Promise.all(Array.from({ length: 8 }, (_, n) => t.signup({ id: `s${n}`, email: `p${n}@initech.com` })));
    expect(new Set(answers.map((a) => a.body.trialId)).size).toBe(1);
    await t.settle();
    expect(t.alerts()).toHaveLength(1);
    expect(t.thread(t.alerts()[0]!.channel, t.alerts()[0]!.ts)).toHaveLength(7);
  });

  it('disqualified: everyone who joined the lead gets the self-host email, one per address', async () => {
    t = await TestBot.start({ smtp: true, options: { schedule: false } });
    seedTeam(t.db);
    const first = await t.signup({ id: 's1', email: 'bob@initech.com', name: 'Bob', company: 'Initech' });
    await t.signup({ id: 's2', email: 'peter@initech.com', name: 'Peter Gibbons' });
    // Peter again, under another id of the signup site: still one email for him.
    await t.signup({ id: 's3', email: 'peter@initech.com', name: 'Peter Gibbons' });
    await t.settle();
    await disqualify(first.body.trialId);

    const mailTo = (address: string) => t.smtp!.messages.filter((m) => m.to.includes(address));
    expect(mailTo('bob@initech.com')).toHaveLength(1);
    expect(mailTo('peter@initech.com')).toHaveLength(1);
    const [bob, peter] = [mailTo('bob@initech.com')[0]!, mailTo('peter@initech.com')[0]!];
    for (const mail of [bob, peter]) expect(mail.subject).toMatch(/self-hosted/);
    expect(bob.text).toMatch(/^Hi Bob,/);
    expect(peter.text).toMatch(/^Hi Peter Gibbons,/);
    // Each their own email: nobody's address shown to the other.
    expect(bob.to).toEqual(['bob@initech.com']);
    expect(peter.to).toEqual(['peter@initech.com']);
    expect(t.smtp!.messages).toHaveLength(2);
  });

  it('qualified: everyone who joined the lead gets the welcome email introducing the CE', async () => {
    t = await TestBot.start({ smtp: true, options: { schedule: false } });
    seedTeam(t.db);
    const first = await t.signup({ id: 's1', email: 'bob@initech.com', name: 'Bob', company: 'Initech' });
    await t.signup({ id: 's2', email: 'peter@initech.com', name: 'Peter Gibbons' });
    await t.signup({ id: 's3', email: 'peter@initech.com' });
    await t.settle();
    await qualify(first.body.trialId);

    const trial = t.trial(first.body.trialId);
    const ce = [team.ce1, team.ce2].find((p) => p.id === trial.ce_id)!;
    const ae = [team.ae1, team.ae2].find((p) => p.id === trial.ae_id)!;
    const mailTo = (address: string) => t.smtp!.messages.filter((m) => m.to.includes(address));
    expect(mailTo('bob@initech.com')).toHaveLength(1);
    expect(mailTo('peter@initech.com')).toHaveLength(1);
    const [bob, peter] = [mailTo('bob@initech.com')[0]!, mailTo('peter@initech.com')[0]!];
    for (const mail of [bob, peter]) {
      expect(mail.subject).toBe('Your Sourcegraph Cloud trial for Initech is being set up');
      expect(mail.text).toContain(ce.email);
      expect(mail.cc).toEqual(expect.arrayContaining([ce.email, ae.email]));
    }
    expect(peter.text).toMatch(/^Hi Peter Gibbons,/);
    expect(peter.to).toEqual(['peter@initech.com']);
    expect(t.smtp!.messages).toHaveLength(2);
  });

  it("Case 1: a person from a company whose instance is live is sent there; the trial's space asks its AE", async () => {
    t = await TestBot.start({ options: { schedule: false } });
    const trial = await activeTrial(t);
    const res = await t.signup({ id: 's-dinesh', email: 'dinesh@hooli.com', name: 'Dinesh' });
    await t.settle();
    expect(res.body).toEqual({ case: '1', trialId: trial.id, instanceUrl: trial.instanceUrl });
    expect(t.count('trials')).toBe(1);
    const row = t.trial(trial.id);
    const note = t.slack.messagesIn(trial.space).find((m) => m.text.includes('Dinesh (dinesh@hooli.com)'))!;
    expect(note.text).toContain(`was sent to <${trial.instanceUrl}|${trial.instanceUrl}>`);
    expect(note.text).toContain(`<@${row.ae_id}>: please make sure they get added to it`);
    // Its alert is a Case 1 alert, not a "joins an open trial" one.
    const alert = t.alerts().find((m) => JSON.stringify(m.blocks ?? []).includes('dinesh@hooli.com'))!;
    expect(JSON.stringify(alert.blocks)).toContain('Case 1 · existing instance');
  });

  it('personal mail never joins: two people at gmail.com are two leads', async () => {
    t = await TestBot.start({ options: { schedule: false } });
    seedTeam(t.db);
    const a = await t.signup({ id: 's1', email: 'jo@gmail.com' });
    const b = await t.signup({ id: 's2', email: 'kim@gmail.com' });
    expect(a.body.trialId).not.toBe(b.body.trialId);
    await t.settle();
    expect(t.alerts()).toHaveLength(2);
    expect(t.alerts().every(hasButtons)).toBe(true);
  });
});
