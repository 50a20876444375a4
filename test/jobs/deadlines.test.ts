import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/job.js';
import { addLocalDays, localDate, startOfLocalDay } from '../../src/core/deadlines.js';
import { TestBot } from '../support/test-bot.js';
import { activeTrial, milestonesOf, outboxCount, team, textIn, trialRow } from '../support/active-trial.js';
import { dmMatching, messagesMatching, promptButtonsOf, runJob } from './helpers.js';
import { ActionId } from '../../src/messages/slack/ids.js';
import { humanDay } from '../../src/core/human-date.js';

let t: TestBot;
afterEach(async () => t?.close());

// The server's clock: set by the test, and ticking from there (the outbox paces posts by it).
let offset = 0;
const clock = () => new Date(Date.now() + offset);
const setClock = (d: Date) => {
  offset = d.getTime() - Date.now();
};

/** A running trial started 2026-03-01 15:00 UTC: day 15 is 2026-03-16, day 30 is 2026-03-31. */
async function startedTrial(env: Record<string, string> = {}, start = '2026-03-01T15:00:00Z') {
  setClock(new Date(start));
  t = await TestBot.start({ now: clock, env, options: { schedule: false } });
  return activeTrial(t);
}

const deadlines = (iso: string) => runJob(t, setClock, 'deadlines', iso);
const DAY15 = /Day 15 of the cloud trial/;
const DAY30 = /Day 30 of the cloud trial/;
const OVERDUE = /^Overdue/;

async function search(instanceUrl: string, id: string, at = '2026-03-02T10:00:00Z', event = 'search') {
  const res = await t.webhook('/webhooks/activity', { id, instanceUrl, event, at });
  expect(res.status).toBe(200);
}

const milestoneId = (trialId: string, kind: string) =>
  (t.db.prepare('SELECT id FROM milestones WHERE trial_id = ? AND kind = ? ORDER BY due_on DESC LIMIT 1').get(trialId, kind) as { id: number }).id;

describe('deadlines job', () => {
  it('day 15, active trial: the CE is mentioned in the space and sent a DM recommending extending, with Extend, Convert and Terminate', async () => {
    const trial = await startedTrial();
    await search(trial.instanceUrl, 'a1');
    expect(await deadlines('2026-03-15T23:59:00Z')).toEqual({
      code: 0,
      stdout: 'deadlines: prompted 0, escalated 0, superseded 0\n',
      stderr: '',
      recorded: 'nothing recorded to send\n',
    });

    expect(await deadlines('2026-03-16T09:00:00Z')).toMatchObject({ code: 0, stdout: 'deadlines: prompted 1, escalated 0, superseded 0\n', stderr: '' });
    await t.settle();
    const [inSpace] = messagesMatching(t, trial.space, DAY15);
    const [dm] = dmMatching(t, team.ce1.id, DAY15);
    for (const m of [inSpace!, dm!]) {
      expect(m.text).toContain(`<@${team.ce1.id}>`);
      expect(m.text).toContain('Recommended: extend by 15 days');
      const json = JSON.stringify(m.blocks);
      expect(json).toContain('Hooli');
      expect(json).toContain('hooli.com');
      expect(json).toContain(trial.instanceUrl);
      expect(json).toContain('Minimally active');
      expect(json).toContain('1 search · 1 day active');
      const day15 = milestoneId(trial.id, 'day15');
      // The actions block names the prompt a click answers; each button, the trial.
      expect(promptButtonsOf(m)).toEqual([
        { action: ActionId.Extend, value: trial.id, block: `deadline:${day15}` },
        { action: 'trial_convert', value: trial.id, block: `deadline:${day15}` },
        { action: ActionId.Terminate, value: trial.id, block: `deadline:${day15}` },
        { action: ActionId.Snooze, value: trial.id, block: `deadline:${day15}` },
      ]);
    }
    expect(milestonesOf(t, trial.id)[0]).toMatchObject({ kind: 'day15', prompted_at: '2026-03-16T09:00:00.000Z' });
  });

  it('a prompt is drawn when it is sent: a decision taken before it went out leaves nothing to post', async () => {
    const trial = await startedTrial();
    await t.bot.worker.stop();
    expect((await deadlines('2026-03-16T09:00:00Z')).stdout).toBe('deadlines: prompted 1, escalated 0, superseded 0\n');
    // The CE converts from the command before the worker got to the prompt.
    const res = await t.command(team.ce1.id, trial.space, 'convert');
    expect(res.body.text).toContain('is converted');
    t.bot.worker.start();
    await t.settle();
    expect(dmMatching(t, team.ce1.id, DAY15)).toHaveLength(0);
    expect(textIn(t, trial.space)).not.toMatch(DAY15);
    expect(t.count('outbox', "kind = 'prompt.post' AND status = 'done'")).toBe(2);
  });

  it('day 15: a prospect who bought is converted with one click on the prompt', async () => {
    const trial = await startedTrial();
    expect((await deadlines('2026-03-16T09:00:00Z')).stdout).toBe('deadlines: prompted 1, escalated 0, superseded 0\n');
    await t.settle();
    const [dm] = dmMatching(t, team.ce1.id, DAY15);
    const convert = promptButtonsOf(dm!).find((b) => b.action === 'trial_convert')!;
    await t.clickButton(team.ce1.id, convert.action, convert.value, { channel: dm!.channel, ts: dm!.ts }, convert.block);
    expect(await t.lastEphemeral(team.ce1.id)).toContain('is converted');
    expect(t.trial(trial.id).status).toBe('converted');
  });

  it('day 15, inactive trial (visited, never searched): recommends terminating', async () => {
    const trial = await startedTrial();
    await search(trial.instanceUrl, 'v1', '2026-03-02T10:00:00Z', 'visit');
    await deadlines('2026-03-16T09:00:00Z');
    await t.settle();
    const [dm] = dmMatching(t, team.ce1.id, DAY15);
    expect(dm!.text).toContain('Recommended: terminate');
    expect(JSON.stringify(dm!.blocks)).toContain('Inactive post sign-up');
    expect(messagesMatching(t, trial.space, DAY15)).toHaveLength(1);
  });

  it('a bot down for 3 days sends the overdue prompt once, however often the job runs', async () => {
    const trial = await startedTrial();
    const first = await deadlines('2026-03-19T09:00:00Z');
    const second = await deadlines('2026-03-19T09:00:00Z');
    const concurrent = await Promise.all([deadlines('2026-03-19T10:00:00Z'), deadlines('2026-03-19T10:00:00Z')]);
    expect([first, second, ...concurrent].map((r) => r.stdout)).toEqual([
      'deadlines: prompted 1, escalated 0, superseded 0\n',
      'deadlines: prompted 0, escalated 0, superseded 0\n',
      'deadlines: prompted 0, escalated 0, superseded 0\n',
      'deadlines: prompted 0, escalated 0, superseded 0\n',
    ]);
    await t.settle();
    expect(messagesMatching(t, trial.space, DAY15)).toHaveLength(1);
    expect(dmMatching(t, team.ce1.id, DAY15)).toHaveLength(1);
    expect(t.count('outbox', "key LIKE 'prompt:%'")).toBe(2);
  });

  it('two runs racing on their own database connections still prompt once', async () => {
    const trial = await startedTrial();
    const { deadlines: job } = await import('../../src/jobs/deadlines.js');
    const { openDatabase } = await import('../../src/db/open-database.js');
    const { createLogger } = await import('../../src/logger.js');
    const dbs = [openDatabase(t.env.DATABASE_PATH!), openDatabase(t.env.DATABASE_PATH!)];
    const now = new Date('2026-03-17T09:00:00Z');
    setClock(now);
    const ctx = (db: (typeof dbs)[number]) => ({ db, config: t.config, logger: createLogger('silent'), github: null as never });
    const summaries = await Promise.all(dbs.map((db) => job.run(ctx(db), now)));
    dbs.forEach((db) => db.close());
    expect(summaries.sort()).toEqual(['prompted 0, escalated 0, superseded 0', 'prompted 1, escalated 0, superseded 0']);
    await t.settle();
    expect(dmMatching(t, team.ce1.id, DAY15)).toHaveLength(1);
    expect(messagesMatching(t, trial.space, DAY15)).toHaveLength(1);
  });

  it('one milestone that fails is logged by its id and skipped: the others of its chunk and of the run are still acted on', async () => {
    const hooli = await startedTrial();
    const initech = await activeTrial(t, { domain: 'initech.com', company: 'Initech', seed: false });
    const broken = milestoneId(hooli.id, 'day15');
    // The database refuses to mark this one milestone prompted.
    t.db.exec(`CREATE TRIGGER refuse_one BEFORE UPDATE OF prompted_at ON milestones WHEN NEW.id = ${broken} BEGIN SELECT RAISE(ABORT, 'disk says no'); END`);
    const { deadlines: job } = await import('../../src/jobs/deadlines.js');
    const { createLogger } = await import('../../src/logger.js');
    const lines: string[] = [];
    const logger = createLogger('error', { write: (line: string) => void lines.push(line) });
    const now = new Date('2026-03-16T09:00:00Z');
    setClock(now);
    expect(await job.run({ db: t.db, config: t.config, logger }, now)).toBe('prompted 1, escalated 0, superseded 0, failed 1');
    await t.settle();
    expect(messagesMatching(t, initech.space, DAY15)).toHaveLength(1);
    expect(messagesMatching(t, hooli.space, DAY15)).toHaveLength(0);
    expect(milestonesOf(t, hooli.id)[0]!.prompted_at).toBeNull();
    const logged = lines.map((l) => JSON.parse(l));
    expect(logged).toEqual([expect.objectContaining({ milestone: broken, trial: hooli.id, err: expect.objectContaining({ message: 'disk says no' }) })]);

    // Fixed, the next run asks it.
    t.db.exec('DROP TRIGGER refuse_one');
    expect((await deadlines('2026-03-16T10:00:00Z')).stdout).toBe('deadlines: prompted 1, escalated 0, superseded 0\n');
  });

  it('unanswered 2 days later: escalated once to the AE and #cloud-trial-alerts, naming the trial, the CE and what is overdue', async () => {
    const trial = await startedTrial();
    await deadlines('2026-03-16T09:00:00Z');
    expect((await deadlines('2026-03-17T09:00:00Z')).stdout).toBe('deadlines: prompted 0, escalated 0, superseded 0\n');
    expect((await deadlines('2026-03-18T09:00:00Z')).stdout).toBe('deadlines: prompted 0, escalated 1, superseded 0\n');
    expect((await deadlines('2026-03-19T09:00:00Z')).stdout).toBe('deadlines: prompted 0, escalated 0, superseded 0\n');
    await t.settle();
    const [toAe] = dmMatching(t, team.ae1.id, OVERDUE);
    const alerts = t.alerts().filter((m) => OVERDUE.test(m.text));
    expect(alerts).toHaveLength(1);
    expect(dmMatching(t, team.ae1.id, OVERDUE)).toHaveLength(1);
    for (const m of [toAe!, alerts[0]!]) {
      const json = JSON.stringify(m.blocks);
      expect(json).toContain(trial.id);
      expect(json).toContain('Hooli');
      expect(json).toContain(`<@${team.ce1.id}>`);
      expect(json).toContain('day 15 decision');
      expect(promptButtonsOf(m).map((b) => b.action)).toEqual([ActionId.Extend, 'trial_convert', ActionId.Terminate, ActionId.Snooze]);
    }
    // The prompt itself went out once.
    expect(dmMatching(t, team.ce1.id, DAY15)).toHaveLength(1);
  });

  it('once answered, every copy of the prompt (the space, the DMs, the escalation in #cloud-trial-alerts) says who did what, with no buttons left', async () => {
    const trial = await startedTrial();
    await deadlines('2026-03-16T09:00:00Z');
    await deadlines('2026-03-18T09:00:00Z');
    await t.settle();
    const copies = () => [
      ...messagesMatching(t, trial.space, /Day 15/),
      ...dmMatching(t, team.ce1.id, /Day 15/),
      ...dmMatching(t, team.ae1.id, /Overdue|Day 15/),
      ...t.alerts().filter((m) => /Overdue|Day 15/.test(m.text)),
    ];
    expect(copies()).toHaveLength(4);
    expect(copies().every((m) => promptButtonsOf(m).length === 4)).toBe(true);

    await t.command(team.ce1.id, trial.space, 'extend');
    await t.settle();
    const after = [
      ...t.slack.messagesIn(trial.space),
      ...t.slack.messagesIn(t.slack.dmWith(team.ce1.id)!),
      ...t.slack.messagesIn(t.slack.dmWith(team.ae1.id)!),
      ...t.alerts(),
    ].filter((m) => /Day 15 decision for Hooli: answered/.test(m.text));
    expect(after).toHaveLength(4);
    for (const m of after) {
      expect(promptButtonsOf(m)).toEqual([]);
      const json = JSON.stringify(m.blocks);
      expect(json).toContain(`<@${team.ce1.id}> extended the trial to *Tue 31 Mar*`);
    }
  });

  it('the prompt’s Extend button answers it: no escalation, and day 30 asks extend, convert or terminate', async () => {
    // Slack signs a click with the real time, and the server checks it against its clock: this trial's day 15 is today.
    const realNow = new Date();
    const trial = await startedTrial({}, new Date(realNow.getTime() - 15 * 86_400_000 - 60_000).toISOString());
    const startOn = localDate(new Date(trialRow(t, trial.id).started_at), 'UTC');
    await search(trial.instanceUrl, 'a1', new Date(realNow.getTime() - 10 * 86_400_000).toISOString());
    await deadlines(realNow.toISOString());
    await t.settle();
    const [dm] = dmMatching(t, team.ce1.id, DAY15);
    const extend = promptButtonsOf(dm!).find((b) => b.action === ActionId.Extend)!;
    setClock(new Date());
    await t.clickButton(team.ce1.id, extend.action, extend.value, { channel: dm!.channel, ts: dm!.ts }, extend.block);
    expect(await t.lastEphemeral(team.ce1.id)).toMatch(/xtended/);
    await t.settle();
    expect(trialRow(t, trial.id).ends_at).toBe(addLocalDays(startOn, 30));

    const at = (days: number) => startOfLocalDay(addLocalDays(startOn, days), 'UTC').toISOString().replace('T00:00', 'T09:00');
    expect((await deadlines(at(17))).stdout).toBe('deadlines: prompted 0, escalated 0, superseded 0\n');
    expect((await deadlines(at(30))).stdout).toBe('deadlines: prompted 1, escalated 0, superseded 0\n');
    await t.settle();
    expect(t.alerts().filter((m) => OVERDUE.test(m.text))).toHaveLength(0);
    const day30 = dmMatching(t, team.ce1.id, DAY30);
    expect(day30).toHaveLength(1);
    const day30Id = milestoneId(trial.id, 'day30');
    expect(promptButtonsOf(day30[0]!)).toEqual([
      { action: ActionId.Extend, value: trial.id, block: `deadline:${day30Id}` },
      { action: 'trial_convert', value: trial.id, block: `deadline:${day30Id}` },
      { action: ActionId.Terminate, value: trial.id, block: `deadline:${day30Id}` },
      { action: ActionId.Snooze, value: trial.id, block: `deadline:${day30Id}` },
    ]);
    expect(messagesMatching(t, trial.space, DAY30)).toHaveLength(1);
  });

  it('day 15 with no activity reported at all: usage unknown, no "terminate" advice, neither button marked', async () => {
    await startedTrial();
    await deadlines('2026-03-16T09:00:00Z');
    await t.settle();
    const [dm] = dmMatching(t, team.ce1.id, DAY15);
    expect(dm!.text).toContain('Usage unknown: check with the prospect');
    const json = JSON.stringify(dm!.blocks);
    expect(json).not.toContain('Recommended: terminate');
    expect(json).toContain('the instance has reported no activity');
    expect(((dm!.blocks as any[]).find((b) => b.type === 'actions').elements as any[]).map((e) => e.style)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  describe('day 15 left unanswered, then day 30', () => {
    // Slack signs clicks and commands with the real time, which the server checks against its clock:
    // this trial's day 30 is today.
    async function day30Today() {
      const realNow = new Date();
      const trial = await startedTrial({}, new Date(realNow.getTime() - 30 * 86_400_000 - 60_000).toISOString());
      const startOn = localDate(new Date(trialRow(t, trial.id).started_at), 'UTC');
      const at = (days: number) => startOfLocalDay(addLocalDays(startOn, days), 'UTC').toISOString().replace('T00:00', 'T09:00');
      await search(trial.instanceUrl, 'a1', new Date(realNow.getTime() - 25 * 86_400_000).toISOString());
      // Each run's prompts go out before the next run, as they do when the server runs them on their days.
      expect((await deadlines(at(15))).stdout).toBe('deadlines: prompted 1, escalated 0, superseded 0\n');
      await t.settle();
      expect((await deadlines(at(17))).stdout).toBe('deadlines: prompted 0, escalated 1, superseded 0\n');
      await t.settle();
      expect((await deadlines(realNow.toISOString())).stdout).toBe('deadlines: prompted 1, escalated 0, superseded 1\n');
      setClock(new Date());
      await t.settle();
      return { trial, startOn, at, day30: addLocalDays(startOn, 30) };
    }

    it('the trial now ends on day 30: status, list and the end date say so', async () => {
      const { trial, day30 } = await day30Today();
      expect(trialRow(t, trial.id).ends_at).toBe(day30);
      const status = await t.command(team.ce1.id, trial.space, 'status');
      expect(JSON.stringify(status.body.blocks)).toContain(`ends ${humanDay(day30)}`);
      expect(JSON.stringify(status.body.blocks)).toContain('ends today');
      const list = await t.command(team.ce1.id, t.alertsChannel, 'list');
      expect(JSON.stringify(list.body.blocks)).toContain(`ends ${humanDay(day30)} (today)`);
    });

    it('"Extend 15 days" on the day-30 prompt ends on day 45, and the next morning asks nothing', async () => {
      const { trial, startOn, at, day30 } = await day30Today();
      const [prompt] = dmMatching(t, team.ce1.id, DAY30);
      const extend = promptButtonsOf(prompt!).find((b) => b.action === ActionId.Extend)!;
      await t.clickButton(team.ce1.id, extend.action, extend.value, { channel: prompt!.channel, ts: prompt!.ts }, extend.block);
      const day45 = addLocalDays(startOn, 45);
      expect(await t.lastEphemeral(team.ce1.id)).toContain(`it now ends on *${humanDay(day45)}*`);
      expect(trialRow(t, trial.id).ends_at).toBe(day45);
      await t.settle();
      expect(textIn(t, trial.space)).toContain(`it now ends on *${humanDay(day45)}* (was ${humanDay(day30)})`);
      expect((await deadlines(at(31))).stdout).toBe('deadlines: prompted 0, escalated 0, superseded 0\n');
      expect((await deadlines(at(44))).stdout).toBe('deadlines: prompted 0, escalated 0, superseded 0\n');
      expect((await deadlines(at(45))).stdout).toBe('deadlines: prompted 1, escalated 0, superseded 0\n');
      await t.settle();
      expect(dmMatching(t, team.ce1.id, /End of the extension \(day 45\)/)).toHaveLength(1);
    });

    it('/trial extend counts from day 30 too', async () => {
      const { trial, startOn } = await day30Today();
      const res = await t.command(team.ce1.id, trial.space, 'extend 10');
      expect(res.body.text).toContain(`it now ends on *${humanDay(addLocalDays(startOn, 40))}*`);
    });

    it('the old day-15 prompt’s Extend says it is out of date, names the waiting day-30 one, and changes nothing', async () => {
      const { trial, day30 } = await day30Today();
      const [old] = dmMatching(t, team.ce1.id, DAY15);
      const extend = promptButtonsOf(old!).find((b) => b.action === ActionId.Extend)!;
      const before = { row: trialRow(t, trial.id), outbox: outboxCount(t), milestones: milestonesOf(t, trial.id) };
      await t.clickButton(team.ce1.id, extend.action, extend.value, { channel: old!.channel, ts: old!.ts }, extend.block);
      const answer = await t.lastEphemeral(team.ce1.id);
      expect(answer).toContain('This day 15 prompt for *Hooli* is out of date');
      expect(answer).toContain(`the *day 30* decision (due ${humanDay(day30)}) is waiting`);
      expect(answer).toContain('Nothing was changed');
      expect(trialRow(t, trial.id)).toEqual(before.row);
      expect(outboxCount(t)).toBe(before.outbox);
      expect(milestonesOf(t, trial.id)).toEqual(before.milestones);

      // Terminate means the same on any prompt: the old one's button still ends the trial.
      const terminate = promptButtonsOf(old!).find((b) => b.action === ActionId.Terminate)!;
      await t.clickButton(team.ce1.id, terminate.action, terminate.value, { channel: old!.channel, ts: old!.ts }, terminate.block);
      expect(await t.lastEphemeral(team.ce1.id, 2)).toContain('Terminated *Hooli*');
      expect(trialRow(t, trial.id).status).toBe('terminated');
      expect(t.count('audit', "trial_id = ? AND action = 'terminated' AND detail LIKE '%from the day 15 prompt%'", trial.id)).toBe(1);
    });

    it('a day-15 prompt sent before buttons named their prompt (Extend value `trial:15`) is answered by its block: out of date', async () => {
      const { trial } = await day30Today();
      const [old] = dmMatching(t, team.ce1.id, DAY15);
      const block = promptButtonsOf(old!).find((b) => b.action === ActionId.Extend)!.block;
      const before = { row: trialRow(t, trial.id), outbox: outboxCount(t) };
      await t.clickButton(team.ce1.id, ActionId.Extend, `${trial.id}:15`, { channel: old!.channel, ts: old!.ts }, block);
      expect(await t.lastEphemeral(team.ce1.id)).toContain('This day 15 prompt for *Hooli* is out of date');
      expect(trialRow(t, trial.id)).toEqual(before.row);
      expect(outboxCount(t)).toBe(before.outbox);
    });
  });

  it('after a long outage asks only the latest question: day 30, with day 15 superseded', async () => {
    const trial = await startedTrial();
    expect((await deadlines('2026-04-02T09:00:00Z')).stdout).toBe('deadlines: prompted 1, escalated 0, superseded 1\n');
    await t.settle();
    expect(dmMatching(t, team.ce1.id, DAY15)).toHaveLength(0);
    expect(dmMatching(t, team.ce1.id, DAY30)).toHaveLength(1);
    expect(milestonesOf(t, trial.id)).toEqual([
      expect.objectContaining({ kind: 'day15', prompted_at: null, cancelled_at: expect.any(String) }),
      expect.objectContaining({ kind: 'day30', prompted_at: expect.any(String), cancelled_at: null }),
    ]);
  });

  it.each(['terminated', 'converted'])('nothing is sent for a %s trial', async (status) => {
    const trial = await startedTrial();
    t.db.prepare('UPDATE trials SET status = ? WHERE id = ?').run(status, trial.id);
    expect((await deadlines('2026-03-16T09:00:00Z')).stdout).toBe('deadlines: prompted 0, escalated 0, superseded 0\n');
    expect((await deadlines('2026-04-02T09:00:00Z')).stdout).toBe('deadlines: prompted 0, escalated 0, superseded 0\n');
    await t.settle();
    expect(t.slack.dmWith(team.ce1.id)).toBeUndefined();
    expect(messagesMatching(t, trial.space, /Day \d+ of the cloud trial/)).toHaveLength(0);
  });

  it('a prompted trial terminated before the escalation is not escalated', async () => {
    const trial = await startedTrial();
    await deadlines('2026-03-16T09:00:00Z');
    t.db.prepare(`UPDATE trials SET status = 'terminated' WHERE id = ?`).run(trial.id);
    expect((await deadlines('2026-03-18T09:00:00Z')).stdout).toBe('deadlines: prompted 0, escalated 0, superseded 0\n');
    await t.settle();
    expect(t.alerts().filter((m) => OVERDUE.test(m.text))).toHaveLength(0);
  });

  it('no CE: the AE is asked; neither: the alerts channel', async () => {
    const trial = await startedTrial();
    t.db.prepare('UPDATE trials SET ce_id = NULL WHERE id = ?').run(trial.id);
    await deadlines('2026-03-16T09:00:00Z');
    await t.settle();
    expect(dmMatching(t, team.ae1.id, DAY15)).toHaveLength(1);
    expect(messagesMatching(t, trial.space, DAY15)[0]!.text).toContain(`<@${team.ae1.id}>`);

    t.db.prepare('UPDATE trials SET ae_id = NULL WHERE id = ?').run(trial.id);
    await deadlines('2026-03-31T09:00:00Z');
    await t.settle();
    const inAlerts = t.alerts().filter((m) => DAY30.test(m.text));
    expect(inAlerts).toHaveLength(1);
    expect(JSON.stringify(inAlerts[0]!.blocks)).toContain('no CE or AE');
  });

  it('in America/New_York, day 15 falls on the local date across the spring DST change', async () => {
    // Started 21 Feb 23:30 EST (22 Feb in UTC): day 15 is 8 March local, the day clocks spring forward.
    const trial = await startedTrial({ TIMEZONE: 'America/New_York' }, '2026-02-22T04:30:00Z');
    expect(milestonesOf(t, trial.id)[0]).toMatchObject({ kind: 'day15', due_on: '2026-03-08' });
    expect((await deadlines('2026-03-08T04:59:00Z')).stdout).toBe('deadlines: prompted 0, escalated 0, superseded 0\n');
    expect((await deadlines('2026-03-08T05:00:00Z')).stdout).toBe('deadlines: prompted 1, escalated 0, superseded 0\n');
    await t.settle();
    expect(dmMatching(t, team.ce1.id, DAY15)).toHaveLength(1);
    // Escalation counts local days too: 10 March local, not 48 hours.
    expect((await deadlines('2026-03-10T03:59:00Z')).stdout).toBe('deadlines: prompted 0, escalated 0, superseded 0\n');
    expect((await deadlines('2026-03-10T04:00:00Z')).stdout).toBe('deadlines: prompted 0, escalated 1, superseded 0\n');
  });

  it('start-up catch-up: a bot started 16 days after a trial began prompts once, and again starting prompts nothing more', async () => {
    setClock(new Date('2026-03-01T15:00:00Z'));
    t = await TestBot.start({ now: clock, options: { schedule: true } });
    const trial = await activeTrial(t);
    expect(dmMatching(t, team.ce1.id, DAY15)).toHaveLength(0);

    setClock(new Date('2026-03-17T08:00:00Z'));
    await t.restart();
    await t.eventually(() => expect(dmMatching(t, team.ce1.id, DAY15)).toHaveLength(1));
    await t.eventually(() => expect(messagesMatching(t, trial.space, DAY15)).toHaveLength(1));
    await t.restart();
    await t.bot.scheduler.catchUp();
    await t.settle();
    expect(dmMatching(t, team.ce1.id, DAY15)).toHaveLength(1);
    expect(messagesMatching(t, trial.space, DAY15)).toHaveLength(1);
  });

  it('the CLI refuses a bad --now and an unknown job', async () => {
    await startedTrial();
    const io = () => {
      const out = { stdout: '', stderr: '' };
      return { out, io: { stdout: { write: (s: string) => (out.stdout += s) }, stderr: { write: (s: string) => (out.stderr += s) }, env: t.env } };
    };
    const a = io();
    expect(await main(['deadlines', '--now', 'tomorrow'], a.io)).toBe(2);
    expect(a.out.stderr).toMatch(/--now takes one ISO-8601/);
    const b = io();
    expect(await main(['deadline'], b.io)).toBe(2);
    expect(b.out.stderr).toMatch(/unknown job: deadline[\s\S]*license-rotation/);
  });
});
