import { afterEach, describe, expect, it } from 'vitest';
import { REPO, TestBot } from '../support/test-bot.js';
import { activeTrial, milestonesOf, mrkdwnTexts, outboxCount, team, textIn, trialRow } from '../support/active-trial.js';
import { seedAccount } from '../support/seed.js';
import { ActionId } from '../../src/messages/slack/ids.js';

let t: TestBot;
afterEach(async () => t?.close());

const feedbackDm = () => t.slack.messagesIn(t.slack.dmWith(team.feedbackOwner.id)!);

describe('/trial terminate', () => {
  it('ends the trial: the domain stops routing there, reminders stop, an issue and a feedback request go out', async () => {
    t = await TestBot.start({ options: { schedule: false } });
    const trial = await activeTrial(t, { company: 'Hooli <script>' });

    const res = await t.command(team.ce1.id, trial.space, 'terminate no searches after the first week');
    expect(res.body.response_type).toBe('ephemeral');
    expect(res.body.text).toContain('Terminated');
    expect(res.body.text).toContain(`<@${team.feedbackOwner.id}>`);
    await t.settle();

    const row = trialRow(t, trial.id);
    expect(row).toMatchObject({ status: 'terminated', end_reason: 'no searches after the first week' });
    expect(row.ended_at).not.toBeNull();
    expect(milestonesOf(t, trial.id).every((m) => m.cancelled_at || m.answered_at)).toBe(true);
    expect((t.db.prepare('SELECT status FROM instances WHERE url = ?').get(trial.instanceUrl) as { status: string }).status).toBe('terminated');

    const issue = t.github.issues(REPO).find((i) => i.title.startsWith('Cloud trial terminate'))!;
    expect(issue.body).toContain(trial.instanceUrl);
    expect(issue.body).toContain('no searches after the first week');

    expect(textIn(t, trial.space)).toContain(`<@${team.ce1.id}> terminated the trial. Reason: no searches after the first week`);

    // The feedback owner's DM: the trial's facts and the button.
    const [dm] = feedbackDm();
    const blocks = JSON.stringify(dm!.blocks);
    for (const fact of [
      'Hooli &lt;script&gt;',
      'hooli.com',
      'Gavin Belson',
      'gavin@hooli.com',
      `<@${team.ce1.id}>`,
      `<@${team.ae1.id}>`,
      'no searches after the first week',
      'Usage grade',
    ]) {
      expect(blocks).toContain(fact);
    }
    // Plain-text headers show it literally; every mrkdwn text has it escaped.
    expect(mrkdwnTexts(dm!.blocks).join('\n')).not.toContain('<script>');
    expect(blocks).toContain('"action_id":"trial_feedback_sent"');

    // The next signup from the domain is not sent to the dead instance.
    const next = await t.signup({ id: 's-next', email: 'richard@hooli.com' });
    expect(next.body.case).not.toBe('1');
    expect(next.body.instanceUrl).not.toBe(trial.instanceUrl);
    expect(next.body.trialId).not.toBe(trial.id);
  });

  it('"Feedback sent" is recorded once, by the feedback owner, and the request updates in place', async () => {
    t = await TestBot.start({ options: { schedule: false } });
    const trial = await activeTrial(t);
    await t.command(team.ae1.id, t.alertsChannel, 'terminate hooli');
    await t.settle();
    const dm = feedbackDm()[0]!;
    const at = { channel: dm.channel, ts: dm.ts };

    await t.clickButton(team.outsider.id, ActionId.FeedbackSent, trial.id, at);
    expect(await t.lastEphemeral(team.outsider.id)).toContain('Only the feedback owner');
    expect(t.count('audit', "trial_id = ? AND action = 'feedback request sent'", trial.id)).toBe(0);

    await t.clickButton(team.feedbackOwner.id, ActionId.FeedbackSent, trial.id, at);
    await t.eventually(() => expect(feedbackDm()[0]!.edits).toBe(1));
    const updated = JSON.stringify(feedbackDm()[0]!.blocks);
    expect(updated).not.toContain('trial_feedback_sent');
    expect(updated).toContain(`Feedback request sent, recorded by <@${team.feedbackOwner.id}>`);

    await t.clickButton(team.feedbackOwner.id, ActionId.FeedbackSent, trial.id, at);
    expect(await t.lastEphemeral(team.feedbackOwner.id)).toContain('Already recorded');
    expect(t.count('audit', "trial_id = ? AND action = 'feedback request sent'", trial.id)).toBe(1);
  });

  it('terminating twice says it is already terminated and sends nothing new', async () => {
    t = await TestBot.start({ options: { schedule: false } });
    const trial = await activeTrial(t);
    await t.command(team.ce1.id, trial.space, 'terminate');
    await t.settle();
    const outbox = outboxCount(t);
    const again = await t.command(team.ce1.id, trial.space, 'terminate');
    expect(again.body.text).toContain('already terminated');
    expect(outboxCount(t)).toBe(outbox);
    await t.settle();
    expect(t.github.issues(REPO).filter((i) => i.title.startsWith('Cloud trial terminate'))).toHaveLength(1);
    expect(feedbackDm()).toHaveLength(1);
    // Nor can an ended trial be extended or converted.
    expect((await t.command(team.ce1.id, trial.space, 'extend')).body.text).toContain('already terminated');
    expect((await t.command(team.ce1.id, trial.space, 'convert')).body.text).toContain('already terminated');
  });

  it.each([
    ['an outsider', team.outsider.id],
    ['an SDR', team.sdr.id],
  ])('%s is refused and nothing changes', async (_who, user) => {
    t = await TestBot.start({ options: { schedule: false } });
    const trial = await activeTrial(t);
    const before = { row: trialRow(t, trial.id), outbox: outboxCount(t), milestones: milestonesOf(t, trial.id) };
    const res = await t.command(user, trial.space, 'terminate spite');
    expect(res.body.text).toContain('can terminate');
    expect(res.body.text).toContain('Nothing was changed');
    expect(trialRow(t, trial.id)).toEqual(before.row);
    expect(outboxCount(t)).toBe(before.outbox);
    expect(milestonesOf(t, trial.id)).toEqual(before.milestones);
    expect((await t.signup({ id: 's-next', email: 'richard@hooli.com' })).body).toMatchObject({ case: '1', instanceUrl: trial.instanceUrl });
  });

  it('closes the AE’s opportunity lost: the account’s next trial within 90 days goes back to that AE, not the rotation', async () => {
    let clock: Date | null = null;
    t = await TestBot.start({ now: () => clock ?? new Date(), options: { schedule: false } });
    const trial = await activeTrial(t);
    expect(trialRow(t, trial.id).ae_id).toBe(team.ae1.id);
    await t.command(team.ce1.id, trial.space, 'terminate no usage');
    await t.settle();
    expect(t.db.prepare('SELECT ae_id, outcome FROM opportunities WHERE trial_id = ?').all(trial.id)).toEqual([{ ae_id: team.ae1.id, outcome: 'lost' }]);

    // 40 days on, every touch on the account is past the 30-day rule; the closed opportunity is within its 90.
    clock = new Date(Date.now() + 40 * 86_400_000);
    const next = await t.signup({ id: 's-again', email: 'richard@hooli.com', name: 'Richard Hendricks' });
    await t.settle();
    expect(next.body.trialId).not.toBe(trial.id);
    expect(trialRow(t, next.body.trialId).ae_id).toBe(team.ae1.id);
    // The rotation itself would have given it the AE who waited longest.
    seedAccount(t.db, { domain: 'piedpiper.com', name: 'Pied Piper', prequalified: true, named: false });
    const other = await t.signup({ id: 's-other', email: 'dinesh@piedpiper.com', name: 'Dinesh' });
    await t.settle();
    expect(trialRow(t, other.body.trialId).ae_id).toBe(team.ae2.id);
  });

  it('with nobody in the feedback_owner role, the request goes to #cloud-trial-alerts', async () => {
    t = await TestBot.start({ options: { schedule: false } });
    const trial = await activeTrial(t);
    t.db.prepare(`DELETE FROM people WHERE role = 'feedback_owner'`).run();
    const res = await t.command(team.ce1.id, trial.space, 'terminate');
    expect(res.body.text).toContain('#cloud-trial-alerts');
    await t.settle();
    const request = t.alerts().find((m) => m.text.startsWith('Feedback request'))!;
    expect(JSON.stringify(request.blocks)).toContain('feedback_owner');
    expect(JSON.stringify(request.blocks)).toContain('trial_feedback_sent');
  });

  it('frees a slot: the oldest queued trial gets its instance request', async () => {
    t = await TestBot.start({ options: { schedule: false }, env: { MAX_ACTIVE_INSTANCES: '1' } });
    const trial = await activeTrial(t);
    const lead = await t.signup({ id: 's-lead', email: 'bob@initech.com', company: 'Initech' });
    await t.settle();
    const alert = t.alerts().find((m) => JSON.stringify(m.blocks).includes(lead.body.trialId))!;
    await t.clickButton(team.sdr.id, ActionId.Qualify, lead.body.trialId, { channel: alert.channel, ts: alert.ts });
    await t.lastEphemeral(team.sdr.id);
    await t.settle();
    expect(trialRow(t, lead.body.trialId).status).toBe('queued');

    await t.command(team.ce1.id, trial.space, 'terminate');
    await t.settle();
    expect(trialRow(t, lead.body.trialId).status).toBe('provisioning');
    expect(t.github.issues(REPO).some((i) => i.title.includes('instance request') && i.title.includes('Initech'))).toBe(true);
  });

  it('the prompt’s terminate button does what the command does', async () => {
    t = await TestBot.start({ options: { schedule: false } });
    const trial = await activeTrial(t);
    const prompt = t.slack.postAs(team.ce1.id, trial.space, 'stand-in for the day-15 prompt');
    await t.clickButton(team.ce1.id, ActionId.Terminate, trial.id, { channel: trial.space, ts: prompt.ts });
    expect(await t.lastEphemeral(team.ce1.id)).toContain('Terminated');
    await t.clickButton(team.ce1.id, ActionId.Terminate, trial.id, { channel: trial.space, ts: prompt.ts });
    expect(await t.lastEphemeral(team.ce1.id, 2)).toContain('already terminated');
    await t.settle();
    expect(trialRow(t, trial.id).status).toBe('terminated');
    expect(t.github.issues(REPO).filter((i) => i.title.startsWith('Cloud trial terminate'))).toHaveLength(1);
    expect(feedbackDm()).toHaveLength(1);
  });
});
