import { afterEach, describe, expect, it } from 'vitest';
import { ActionId } from '../../src/messages/slack/ids.js';
import { TestBot } from '../support/test-bot.js';
import { activeTrial, team, trialRow } from '../support/active-trial.js';
import { seedPool, seedTeam } from '../support/seed.js';
import { dmMatching, promptButtonsOf, runJob } from './helpers.js';

// Issue 12: nothing waits unseen. The reminders job runs every 5 minutes; these tests move its clock.
// Working time is the default, Mon-Fri 09:00-18:00 UTC. 2026-12-04 is a Friday.
let t: TestBot;
afterEach(async () => t?.close());

let offset = 0;
const clock = () => new Date(Date.now() + offset);
const setClock = (iso: string) => {
  offset = Date.parse(iso) - Date.now();
};
const reminders = async (iso: string) => {
  const out = await runJob(t, (d) => setClock(d.toISOString()), 'reminders', iso);
  expect(out.code).toBe(0);
  await t.settle();
  return out.stdout;
};

async function start(env: Record<string, string> = {}) {
  t = await TestBot.start({ now: clock, env, options: { schedule: false } });
  seedTeam(t.db);
  seedPool(t.db, 3);
}

const threadTexts = (trialId: string) => {
  const alert = t.alertOf(trialId);
  return t.thread(alert.channel, alert.ts).map((m) => m.text);
};

describe('the triage SLA', () => {
  it('reminds the inbound SDRs on duty in the alert thread once the working minutes ran out (not over the weekend), once; a decision stops the escalation', async () => {
    setClock('2026-12-04T17:58:00Z');
    await start();
    t.db
      .prepare(`INSERT INTO out_of_office (email, from_date, to_date, created_at) VALUES (?, '2026-12-01', '2026-12-31', ?)`)
      .run(team.sdr2.email, new Date().toISOString());
    const { trialId } = await t.signUp({ id: 's1', email: 'pat@quantum-widgets.com', company: 'Quantum' });

    expect(await reminders('2026-12-04T18:30:00Z')).toContain('triage reminded 0');
    expect(await reminders('2026-12-07T09:02:00Z')).toContain('triage reminded 0'); // 2 + 2 working minutes
    expect(await reminders('2026-12-07T09:04:00Z')).toContain('triage reminded 1');
    expect(await reminders('2026-12-07T09:10:00Z')).toContain('triage reminded 0');
    const reminder = threadTexts(trialId).filter((m) => m.includes('waited'));
    expect(reminder).toHaveLength(1);
    expect(reminder[0]).toContain(`<@${team.sdr.id}>`);
    expect(reminder[0]).not.toContain(team.sdr2.id); // out of office
    expect(reminder[0]).toContain('2 days 15 h'); // its age in wall time, as a person would count it
    // The alert shows how long the lead has waited.
    await t.eventually(() =>
      expect(JSON.stringify(t.alerts().find((m) => m.ts === t.alertOf(trialId).ts)!.blocks)).toContain('Waiting 2 days 15 h for a decision'),
    );

    await t.qualify(team.sdr.id, trialId);
    expect(await reminders('2026-12-10T09:00:00Z')).toContain('escalated 0');
    expect(dmMatching(t, team.admin.id, /24-hour SLA/)).toHaveLength(0);
  });

  it('after 24 working hours an undecided lead is escalated to the admins, once; a run after days of downtime catches up with both at once', async () => {
    setClock('2026-12-04T10:00:00Z');
    await start();
    const { trialId } = await t.signUp({ id: 's2', email: 'lee@late-co.com', company: 'Late Co' });
    // Nothing ran while the bot was down: the first run, on Wednesday, sends the reminder and the escalation.
    expect(await reminders('2026-12-09T09:00:00Z')).toContain('triage reminded 1, escalated 1');
    expect(await reminders('2026-12-09T12:00:00Z')).toContain('triage reminded 0, escalated 0');
    const dm = dmMatching(t, team.admin.id, /24-hour SLA/);
    expect(dm).toHaveLength(1);
    expect(dm[0]!.text).toContain('*Late Co*');
    expect(threadTexts(trialId).filter((m) => m.includes('waited'))).toHaveLength(1);
  });

  it('a bot down when the reminder fell due sends it at start-up, once, however often it restarts', async () => {
    setClock('2026-12-04T17:58:00Z');
    t = await TestBot.start({ now: clock, options: { schedule: true } });
    seedTeam(t.db);
    const { trialId } = await t.signUp({ id: 's4', email: 'dee@restart-co.com', company: 'Restart Co' });
    setClock('2026-12-07T10:00:00Z');
    await t.restart();
    await t.eventually(() => expect(threadTexts(trialId).filter((m) => m.includes('waited'))).toHaveLength(1));
    await t.restart();
    await t.bot.scheduler.catchUp();
    await t.settle();
    expect(threadTexts(trialId).filter((m) => m.includes('waited'))).toHaveLength(1);
  });

  it('with SDR_USERGROUP the alert and the reminder mention the group instead', async () => {
    setClock('2026-12-07T10:00:00Z');
    await start({ SDR_USERGROUP: 'S0SDRS' });
    const { trialId } = await t.signUp({ id: 's3', email: 'ann@group-co.com', company: 'Group Co' });
    expect(JSON.stringify(t.alerts().find((m) => m.ts === t.alertOf(trialId).ts)!.blocks)).toContain('<!subteam^S0SDRS>: a new lead to triage');
    await reminders('2026-12-07T10:06:00Z');
    expect(threadTexts(trialId).find((m) => m.includes('waited'))).toContain('<!subteam^S0SDRS>');
  });
});

describe('the provisioning SLA', () => {
  it('an instance request open past 24 hours gets one comment and one note a working day; the capacity queue is in the same line', async () => {
    setClock('2026-12-07T10:00:00Z');
    await start({ MAX_ACTIVE_INSTANCES: '1' });
    const first = await t.signUp({ id: 'p1', email: 'a@first-co.com', company: 'First Co' });
    await t.qualify(team.sdr.id, first.trialId);
    const second = await t.signUp({ id: 'p2', email: 'b@second-co.com', company: 'Second Co' });
    await t.qualify(team.sdr.id, second.trialId);
    expect(trialRow(t, second.trialId).status).toBe('queued');
    const comments = () => t.github.callsTo('POST /repos/:o/:r/issues/:n/comments').filter((c) => JSON.stringify(c).includes('has been open for'));

    expect(await reminders('2026-12-08T09:55:00Z')).toContain('provisioning stalled 0');
    expect(await reminders('2026-12-08T10:05:00Z')).toContain('provisioning stalled 1');
    expect(await reminders('2026-12-08T15:00:00Z')).toContain('provisioning stalled 1');
    expect(comments()).toHaveLength(1);
    const notes = t.alerts().filter((m) => m.text.includes('Instances still being set up'));
    expect(notes).toHaveLength(1);
    expect(notes[0]!.text).toContain('*First Co*');
    expect(notes[0]!.text).toContain('1 qualified trial waits in the capacity queue');
    expect(notes[0]!.text).not.toContain('Second Co');
    await reminders('2026-12-09T09:00:00Z');
    expect(comments()).toHaveLength(2);
  });
});

describe('the CE hand-off', () => {
  it('the ready ask carries Sent the welcome; unpressed after a working day the CE is reminded, after two the AE; the button stops it and is redrawn everywhere', async () => {
    setClock('2026-12-07T10:00:00Z');
    t = await TestBot.start({ now: clock, options: { schedule: false } });
    const trial = await activeTrial(t);
    const ask = t.slack.messagesIn(trial.space).find((m) => JSON.stringify(m.blocks ?? []).includes(ActionId.Welcomed))!;
    expect(ask.text).toContain('Sent the welcome');

    expect(await reminders('2026-12-08T09:59:00Z')).toContain('welcome reminded 0');
    expect(await reminders('2026-12-08T10:01:00Z')).toContain('welcome reminded 1');
    expect(await reminders('2026-12-08T12:00:00Z')).toContain('welcome reminded 0');
    const toCe = dmMatching(t, team.ce1.id, /Has the welcome/);
    expect(toCe).toHaveLength(1);
    expect(await reminders('2026-12-09T10:01:00Z')).toContain('escalated 1');
    expect(dmMatching(t, team.ae1.id, /has not said the welcome/)).toHaveLength(1);

    await t.clickButton(team.ce1.id, ActionId.Welcomed, trial.id, { channel: toCe[0]!.channel, ts: toCe[0]!.ts });
    expect(await t.lastEphemeral(team.ce1.id)).toContain('Recorded: the welcome with the login link went to *Hooli*');
    await t.settle();
    expect(trialRow(t, trial.id).welcomed_by).toBe(team.ce1.id);
    for (const m of [t.slack.messagesIn(trial.space).find((x) => x.ts === ask.ts)!, t.slack.messagesIn(toCe[0]!.channel).find((x) => x.ts === toCe[0]!.ts)!]) {
      expect(JSON.stringify(m.blocks)).not.toContain(ActionId.Welcomed);
      expect(JSON.stringify(m.blocks)).toContain(`Welcome sent — <@${team.ce1.id}>`);
    }
    const status = await t.command(team.ae1.id, trial.space, 'status');
    expect(JSON.stringify(status.body.blocks)).toContain(`*Welcome*\\nsent — <@${team.ce1.id}>`);
    // Twice is still once.
    expect((await t.command(team.ce1.id, trial.space, 'welcomed')).body.text).toContain('Already recorded by');
  });

  it('a CE out of office: the AE is asked in their place', async () => {
    setClock('2026-12-07T10:00:00Z');
    t = await TestBot.start({ now: clock, options: { schedule: false } });
    await activeTrial(t);
    t.db
      .prepare(`INSERT INTO out_of_office (email, from_date, to_date, created_at) VALUES (?, '2026-12-01', '2026-12-31', ?)`)
      .run(team.ce1.email, new Date().toISOString());
    await reminders('2026-12-08T10:01:00Z');
    expect(dmMatching(t, team.ce1.id, /Has the welcome/)).toHaveLength(0);
    expect(dmMatching(t, team.ae1.id, /has not said the welcome/)).toHaveLength(1);
  });
});

describe('decisions stay raised', () => {
  it('an escalated day-15 decision is raised again each working day to the CE and AE until answered; Snooze 2 days (twice at most) pauses it', async () => {
    setClock('2026-11-18T10:00:00Z'); // Wednesday: day 15 is Thu 3 Dec, escalated Sat 5 Dec
    t = await TestBot.start({ now: clock, options: { schedule: false } });
    const trial = await activeTrial(t);
    const deadlines = (iso: string) => runJob(t, (d) => setClock(d.toISOString()), 'deadlines', iso);
    await deadlines('2026-12-03T09:00:00Z');
    await deadlines('2026-12-05T09:00:00Z');
    await t.settle();
    expect(await reminders('2026-12-05T10:00:00Z')).toContain('raised again 0'); // Saturday, and the escalation's own day
    expect(await reminders('2026-12-07T10:00:00Z')).toContain('raised again 1'); // Monday
    expect(await reminders('2026-12-07T15:00:00Z')).toContain('raised again 0');
    const raised = dmMatching(t, team.ce1.id, /Overdue/);
    expect(raised).toHaveLength(1);
    expect(dmMatching(t, team.ae1.id, /Overdue/).length).toBeGreaterThanOrEqual(2); // the escalation and today's
    const snooze = promptButtonsOf(raised[0]!).find((b) => b.action === ActionId.Snooze)!;
    expect(snooze).toBeDefined();

    setClock('2026-12-07T15:00:00Z');
    await t.clickButton(team.ce1.id, snooze.action, snooze.value, { channel: raised[0]!.channel, ts: raised[0]!.ts }, snooze.block);
    expect(await t.lastEphemeral(team.ce1.id)).toMatch(/Snoozed: the day 15 decision is not raised again before Wed 9 Dec\. 1 snooze left/);
    expect(await reminders('2026-12-08T10:00:00Z')).toContain('raised again 0');
    expect(await reminders('2026-12-09T16:00:00Z')).toContain('raised again 1');
    await t.clickButton(team.ce1.id, snooze.action, snooze.value, { channel: raised[0]!.channel, ts: raised[0]!.ts }, snooze.block);
    await t.clickButton(team.ce1.id, snooze.action, snooze.value, { channel: raised[0]!.channel, ts: raised[0]!.ts }, snooze.block);
    expect(await t.lastEphemeral(team.ce1.id, 3)).toContain('already snoozed twice');
    expect(t.count('audit', `action = 'snoozed the day 15 decision'`)).toBe(2);

    // Answered: never raised again.
    await t.command(team.ce1.id, trial.space, 'extend');
    await t.settle();
    expect(await reminders('2026-12-14T10:00:00Z')).toContain('raised again 0');
  });
});

describe('the trial space over its life (issue 17.7)', () => {
  it('topic and bookmarks carry the instance, the next decision and the issues; an ended trial’s channel is archived after ARCHIVE_AFTER_DAYS, with a note the day before', async () => {
    setClock('2026-12-07T10:00:00Z');
    t = await TestBot.start({ now: clock, env: { ARCHIVE_AFTER_DAYS: '3' }, options: { schedule: false } });
    const trial = await activeTrial(t);
    await t.command(team.ce1.id, trial.space, 'extend 5');
    await t.settle();
    const channel = t.slack.channel(trial.space)!;
    expect(channel.topic.value).toContain(`Instance: ${trial.instanceUrl}`);
    expect(channel.topic.value).toMatch(/Next decision: (Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} [A-Z][a-z]{2}/);
    expect(channel.topic.value).toContain('Open issues: #1 trial extension');
    expect(t.slack.bookmarksOf(trial.space).map((b) => b.title)).toEqual(['Instance', '#1 trial extension']);

    await t.command(team.ce1.id, trial.space, 'terminate no usage');
    await t.settle();
    expect(t.slack.channel(trial.space)!.topic.value).toContain('Terminated');
    expect(await reminders('2026-12-08T10:00:00Z')).toContain('channels noted 0, archived 0');
    expect(await reminders('2026-12-09T10:30:00Z')).toContain('channels noted 1, archived 0');
    expect(t.slack.messagesIn(trial.space).at(-1)!.text).toMatch(/its channel is archived on Thu 10 Dec/);
    expect(await reminders('2026-12-10T10:30:00Z')).toContain('channels noted 0, archived 1');
    expect(t.slack.channel(trial.space)!.is_archived).toBe(true);
    expect(await reminders('2026-12-11T10:30:00Z')).toContain('channels noted 0, archived 0');
  });

  it('ARCHIVE_AFTER_DAYS=0 never archives', async () => {
    setClock('2026-12-07T10:00:00Z');
    t = await TestBot.start({ now: clock, env: { ARCHIVE_AFTER_DAYS: '0' }, options: { schedule: false } });
    const trial = await activeTrial(t);
    await t.command(team.ce1.id, trial.space, 'terminate no usage');
    await t.settle();
    expect(await reminders('2027-03-01T10:00:00Z')).toContain('channels noted 0, archived 0');
    expect(t.slack.channel(trial.space)!.is_archived).toBe(false);
  });
});
