import { afterEach, describe, expect, it } from 'vitest';
import { REPO, TestBot } from '../support/test-bot.js';
import { activeTrial, milestonesOf, outboxCount, team, textIn, trialRow } from '../support/active-trial.js';
import { ActionId } from '../../src/messages/slack/ids.js';

let t: TestBot;
afterEach(async () => t?.close());

describe('/trial convert', () => {
  it('converts the trial, stops its reminders, records the won opportunity and tells the space', async () => {
    t = await TestBot.start({ options: { schedule: false } });
    const trial = await activeTrial(t);
    t.db.prepare(`UPDATE milestones SET prompted_at = ? WHERE trial_id = ? AND kind = 'day15'`).run(new Date().toISOString(), trial.id);

    const res = await t.command(team.ae1.id, trial.space, 'convert');
    expect(res.body.response_type).toBe('ephemeral');
    expect(res.body.text).toContain('*Hooli* is converted');
    await t.settle();

    const row = trialRow(t, trial.id);
    expect(row.status).toBe('converted');
    expect(row.ended_at).not.toBeNull();
    // No milestone is left for the deadlines job to prompt or escalate.
    expect(t.count('milestones', 'trial_id = ? AND answered_at IS NULL AND cancelled_at IS NULL', trial.id)).toBe(0);
    expect(milestonesOf(t, trial.id).find((m) => m.kind === 'day15')!.answered_at).not.toBeNull();
    expect(t.db.prepare('SELECT domain, ae_id, outcome FROM opportunities WHERE trial_id = ?').all(trial.id)).toEqual([
      { domain: 'hooli.com', ae_id: team.ae1.id, outcome: 'won' },
    ]);
    expect(textIn(t, trial.space)).toContain(`<@${team.ae1.id}> marked the trial *converted*`);
    // The instance stays: the customer keeps it.
    expect((await t.signup({ id: 's-next', email: 'richard@hooli.com' })).body).toMatchObject({ case: '1', trialId: trial.id });

    const again = await t.command(team.ae1.id, trial.space, 'convert');
    expect(again.body.text).toContain('already converted');
  });

  it.each([
    ['an outsider', team.outsider.id],
    ['an SDR', team.sdr.id],
  ])('%s is refused and nothing changes', async (_who, user) => {
    t = await TestBot.start({ options: { schedule: false } });
    const trial = await activeTrial(t);
    const before = { row: trialRow(t, trial.id), outbox: outboxCount(t), milestones: milestonesOf(t, trial.id) };
    const res = await t.command(user, t.alertsChannel, 'convert hooli.com');
    expect(res.body.text).toContain('can convert');
    expect(trialRow(t, trial.id)).toEqual(before.row);
    expect(outboxCount(t)).toBe(before.outbox);
    expect(milestonesOf(t, trial.id)).toEqual(before.milestones);
    expect(t.count('opportunities')).toBe(0);
  });

  it('raises the issue the seed implies: the instance stays, on a customer license, out of the trial rotation', async () => {
    t = await TestBot.start({ options: { schedule: false } });
    const trial = await activeTrial(t);
    await t.command(team.ce1.id, trial.space, 'convert');
    await t.settle();
    const issues = t.github.issues(REPO).filter((i) => i.title.startsWith('Cloud trial converted'));
    expect(issues).toHaveLength(1);
    expect(issues[0]!.title).toBe('Cloud trial converted: Hooli (hooli.com)');
    expect(issues[0]!.body).toContain('customer license');
    expect(issues[0]!.body).toContain('Remove the instance from the trial license rotation');
    expect(issues[0]!.body).toContain(trial.instanceUrl);
    expect(textIn(t, trial.space)).toContain('move the instance to a customer license');
    expect(t.count('trial_issues', "trial_id = ? AND kind = 'convert'", trial.id)).toBe(1);
  });

  it('the prompt’s convert button does what the command does', async () => {
    t = await TestBot.start({ options: { schedule: false } });
    const trial = await activeTrial(t);
    const prompt = t.slack.postAs(team.ce1.id, trial.space, 'stand-in for the day-30 prompt');
    await t.clickButton(team.ce1.id, ActionId.Convert, trial.id, { channel: trial.space, ts: prompt.ts });
    expect(await t.lastEphemeral(team.ce1.id)).toContain('is converted');
    expect(trialRow(t, trial.id).status).toBe('converted');
    expect(t.count('milestones', 'trial_id = ? AND answered_at IS NULL AND cancelled_at IS NULL', trial.id)).toBe(0);
  });
});
