import { afterEach, describe, expect, it } from 'vitest';
import { addLocalDays } from '../../src/core/deadlines.js';
import { humanDay, humanDayWithYear } from '../../src/core/human-date.js';
import { promptButtonTrial, promptOfBlock } from '../../src/slack/listeners/lifecycle.js';
import { REPO, TestBot } from '../support/test-bot.js';
import { activeTrial, milestonesOf, outboxCount, team, textIn, trialRow } from '../support/active-trial.js';
import { ActionId } from '../../src/messages/slack/ids.js';

let t: TestBot;
afterEach(async () => t?.close());

describe('/trial extend', () => {
  it('in the space, the default 15 days lands on day 30: day 30 is the next prompt, no license change', async () => {
    t = await TestBot.start({ options: { schedule: false } });
    const trial = await activeTrial(t);
    const before = trialRow(t, trial.id);
    const startOn = before.started_at.slice(0, 10);
    expect(before.ends_at).toBe(addLocalDays(startOn, 15));

    const res = await t.command(team.ce1.id, trial.space, 'extend');
    expect(res.status).toBe(200);
    expect(res.body.response_type).toBe('ephemeral');
    expect(res.body.text).toContain('Extended *Hooli* by 15 days');
    expect(res.body.text).toContain(humanDay(addLocalDays(startOn, 30)));
    await t.settle();

    expect(trialRow(t, trial.id).ends_at).toBe(addLocalDays(startOn, 30));
    const ms = milestonesOf(t, trial.id);
    expect(ms).toEqual([
      expect.objectContaining({ kind: 'day15', cancelled_at: expect.any(String), answered_at: null }),
      expect.objectContaining({ kind: 'day30', due_on: addLocalDays(startOn, 30), cancelled_at: null, answered_at: null, prompted_at: null }),
    ]);

    const issue = t.github.issues(REPO).find((i) => i.title.startsWith('Cloud trial extend'))!;
    expect(issue.title).toContain('by 15 days');
    expect(issue.body).toContain(humanDayWithYear(addLocalDays(startOn, 30)));
    expect(issue.body).toContain(trial.instanceUrl);
    expect(issue.body).toContain('No license change needed');
    expect(issue.body).not.toContain('License change needed');

    const space = textIn(t, trial.space);
    expect(space).toContain(`<@${team.ce1.id}> extended the trial by 15 days`);
    expect(space).toMatch(/Trial extend request <[^>]+\|#\d+> is open/);
    expect(t.count('audit', "trial_id = ? AND action = 'extended' AND actor = ?", trial.id, team.ce1.id)).toBe(1);
    expect(t.count('touches', "trial_id = ? AND kind = 'extended'", trial.id)).toBe(1);
  });

  it('elsewhere, naming the trial: more than 15 days asks for a license change and ends on an extension milestone', async () => {
    t = await TestBot.start({ options: { schedule: false } });
    const trial = await activeTrial(t);
    const startOn = trialRow(t, trial.id).started_at.slice(0, 10);

    const res = await t.command(team.ae1.id, t.alertsChannel, 'extend hooli 20 busy <!channel> quarter');
    expect(res.body.text).toContain('license change is needed');
    await t.settle();

    const newEnd = addLocalDays(startOn, 35);
    expect(trialRow(t, trial.id).ends_at).toBe(newEnd);
    const ms = milestonesOf(t, trial.id);
    expect(ms.filter((m) => !m.cancelled_at && !m.answered_at)).toEqual([expect.objectContaining({ kind: 'extension_end', due_on: newEnd })]);
    expect(ms.find((m) => m.kind === 'day30')!.cancelled_at).not.toBeNull();

    const issue = t.github.issues(REPO).find((i) => i.title.startsWith('Cloud trial extend'))!;
    expect(issue.body).toContain('License change needed');
    expect(issue.body).toContain('busy');
    expect(issue.labels.map((l) => l.name)).toContain('license-change');
    // The reason is shown, never a broadcast.
    const space = textIn(t, trial.space);
    expect(space).toContain('&lt;!channel&gt;');
    expect(space).not.toContain('<!channel>');
    // …nor a link or a channel Slack would make of it: the note is a verbatim section.
    const note = t.slack.messagesIn(trial.space).find((m) => m.text.includes('extended the trial by 20 days'))!;
    expect(note.blocks).toEqual([{ type: 'section', text: { type: 'mrkdwn', text: note.text, verbatim: true } }]);
  });

  it('a prompt that went out is answered, not left to escalate', async () => {
    t = await TestBot.start({ options: { schedule: false } });
    const trial = await activeTrial(t);
    t.db.prepare(`UPDATE milestones SET prompted_at = ? WHERE trial_id = ? AND kind = 'day15'`).run(new Date().toISOString(), trial.id);
    await t.command(team.ce1.id, trial.space, 'extend 15');
    const day15 = milestonesOf(t, trial.id).find((m) => m.kind === 'day15')!;
    expect(day15.answered_at).not.toBeNull();
    expect(day15.cancelled_at).toBeNull();
  });

  it.each(['extend abc', 'extend 0', 'extend 400', 'extend 1.5'])('%j is a usage answer and changes nothing', async (text) => {
    t = await TestBot.start({ options: { schedule: false } });
    const trial = await activeTrial(t);
    const before = { row: trialRow(t, trial.id), outbox: outboxCount(t), milestones: milestonesOf(t, trial.id) };
    const res = await t.command(team.ce1.id, trial.space, text);
    expect(res.body.response_type).toBe('ephemeral');
    expect(res.body.text).toContain('days must be a whole number from 1 to 90');
    expect(JSON.stringify(res.body.blocks)).toContain('/trial extend');
    expect(trialRow(t, trial.id)).toEqual(before.row);
    expect(outboxCount(t)).toBe(before.outbox);
    expect(milestonesOf(t, trial.id)).toEqual(before.milestones);
  });

  it('an unknown trial, and no trial named outside a trial channel, get clear answers', async () => {
    t = await TestBot.start({ options: { schedule: false } });
    const trial = await activeTrial(t);
    const endsAt = trialRow(t, trial.id).ends_at;
    const outbox = outboxCount(t);
    const unknown = await t.command(team.ce1.id, t.alertsChannel, 'extend initech 15');
    expect(unknown.body.text).toContain("I don't know a trial called “initech”");
    expect(unknown.body.text).toContain('/trial list');
    const unnamed = await t.command(team.ce1.id, t.alertsChannel, 'extend 15');
    expect(unnamed.body.text).toContain('Name the trial');
    expect(outboxCount(t)).toBe(outbox);
    expect(trialRow(t, trial.id).ends_at).toBe(endsAt);
  });

  it.each([
    ['an outsider', team.outsider.id],
    ['an SDR', team.sdr.id],
    ['another CE', team.ce2.id],
  ])('%s is refused and nothing changes', async (_who, user) => {
    t = await TestBot.start({ options: { schedule: false } });
    const trial = await activeTrial(t);
    const before = { row: trialRow(t, trial.id), outbox: outboxCount(t), milestones: milestonesOf(t, trial.id) };
    const res = await t.command(user, trial.space, 'extend 15');
    expect(res.body.response_type).toBe('ephemeral');
    expect(res.body.text).toMatch(/Only the trial’s CE .* its AE .* or an admin can extend/);
    expect(res.body.text).toContain('Nothing was changed');
    expect(trialRow(t, trial.id)).toEqual(before.row);
    expect(outboxCount(t)).toBe(before.outbox);
    expect(milestonesOf(t, trial.id)).toEqual(before.milestones);
  });

  it('an admin may extend any trial', async () => {
    t = await TestBot.start({ options: { schedule: false } });
    const trial = await activeTrial(t);
    const res = await t.command(team.admin.id, t.alertsChannel, `extend ${trial.id} 10`);
    expect(res.body.text).toContain('Extended');
  });

  it('a trial that has not started yet cannot be extended', async () => {
    t = await TestBot.start({ options: { schedule: false } });
    await activeTrial(t);
    const lead = await t.signup({ id: 's-lead', email: 'bob@initech.com', company: 'Initech' });
    await t.settle();
    const outbox = outboxCount(t);
    const res = await t.command(team.admin.id, t.alertsChannel, `extend ${lead.body.trialId}`);
    expect(res.body.text).toContain('has not started yet');
    expect(outboxCount(t)).toBe(outbox);
    expect(trialRow(t, lead.body.trialId).status).toBe('triage');
  });
});

describe('the deadline prompt’s extend button', () => {
  it('does what the command does, once per prompt, wherever the prompt was clicked', async () => {
    t = await TestBot.start({ options: { schedule: false } });
    const trial = await activeTrial(t);
    const startOn = trialRow(t, trial.id).started_at.slice(0, 10);
    // The deadlines job marks the day-15 milestone prompted when it posts the prompt in the space and by DM.
    t.db.prepare(`UPDATE milestones SET prompted_at = ? WHERE trial_id = ? AND kind = 'day15'`).run(new Date().toISOString(), trial.id);
    const inSpace = t.slack.postAs(team.ce1.id, trial.space, 'stand-in for the day-15 prompt');
    // …and, escalated, in #cloud-trial-alerts for the AE: another message of the same prompt.
    const escalated = t.slack.postAs(team.ae1.id, t.alertsChannel, 'stand-in for the escalation');
    // Both carry the prompt's buttons: the trial in each value, the prompt in their actions block's id.
    const day15 = t.db.prepare(`SELECT id FROM milestones WHERE trial_id = ? AND kind = 'day15'`).get(trial.id) as { id: number };
    const block = `deadline:${day15.id}`;

    await t.clickButton(team.outsider.id, ActionId.Extend, trial.id, { channel: trial.space, ts: inSpace.ts }, block);
    expect(await t.lastEphemeral(team.outsider.id)).toContain('Only the trial’s CE');
    expect(trialRow(t, trial.id).ends_at).toBe(addLocalDays(startOn, 15));

    await t.clickButton(team.ce1.id, ActionId.Extend, trial.id, { channel: trial.space, ts: inSpace.ts }, block);
    expect(await t.lastEphemeral(team.ce1.id)).toContain('Extended *Hooli* by 15 days');
    await t.clickButton(team.ce1.id, ActionId.Extend, trial.id, { channel: trial.space, ts: inSpace.ts }, block);
    expect(await t.lastEphemeral(team.ce1.id, 2)).toContain('already answered');
    await t.clickButton(team.ae1.id, ActionId.Extend, trial.id, { channel: escalated.channel, ts: escalated.ts }, block);
    expect(await t.lastEphemeral(team.ae1.id)).toContain('already answered');
    await t.settle();

    expect(trialRow(t, trial.id).ends_at).toBe(addLocalDays(startOn, 30));
    expect(t.github.issues(REPO).filter((i) => i.title.startsWith('Cloud trial extend'))).toHaveLength(1);
    expect(t.count('audit', "trial_id = ? AND action = 'extended'", trial.id)).toBe(1);
    const day30 = milestonesOf(t, trial.id).find((m) => m.kind === 'day30')!;
    expect(day30.cancelled_at).toBeNull();
    expect(milestonesOf(t, trial.id).find((m) => m.kind === 'day15')!.answered_at).not.toBeNull();
    expect(textIn(t, trial.space)).toContain(`<@${team.ce1.id}> extended the trial by 15 days`);
  });

  it('with no prompt waiting for an answer, the button says so and changes nothing', async () => {
    t = await TestBot.start({ options: { schedule: false } });
    const trial = await activeTrial(t);
    const outbox = outboxCount(t);
    await t.clickButton(team.ce1.id, ActionId.Extend, `${trial.id}:15`, { channel: trial.space, ts: '1.000001' });
    expect(await t.lastEphemeral(team.ce1.id)).toContain('already answered');
    expect(outboxCount(t)).toBe(outbox);
  });

  it('a button with a broken value is answered, not crashed on', async () => {
    t = await TestBot.start({ options: { schedule: false } });
    const trial = await activeTrial(t);
    await t.clickButton(team.ce1.id, ActionId.Extend, `${trial.id}:abc`, { channel: trial.space, ts: '1.000001' });
    expect(await t.lastEphemeral(team.ce1.id)).toContain('out of date');
  });
});

describe('a prompt button’s value and block', () => {
  it.each([
    ['tr_abc', 'tr_abc'],
    // Prompts already in Slack: the milestone and Extend's days after the trial, or the days alone.
    ['tr_abc:7:15', 'tr_abc'],
    ['tr_abc:7', 'tr_abc'],
    ['tr_abc:15', 'tr_abc'],
  ])('%j names trial %j', (value, trialId) => {
    expect(promptButtonTrial(value)).toBe(trialId);
  });

  it.each(['', 'tr_abc:x', 'tr_abc:7:x', 'tr_abc:7:15:1', ':7'])('%j is out of date', (value) => {
    expect(promptButtonTrial(value)).toBeNull();
  });

  it('the actions block names the prompt; any other block names none', () => {
    expect(promptOfBlock('deadline:7')).toBe(7);
    expect(promptOfBlock('b')).toBeUndefined();
    expect(promptOfBlock('deadline:x')).toBeUndefined();
    expect(promptOfBlock(undefined)).toBeUndefined();
  });
});
