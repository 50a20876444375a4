import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/job.js';
import { addLocalDays, localDate, startOfLocalDay } from '../../src/core/deadlines.js';
import { TestBot } from '../support/test-bot.js';
import { activeTrial, milestonesOf, team, trialRow } from '../support/active-trial.js';
import { buttonsOf, dmMatching, messagesMatching, runJob } from './helpers.js';

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

async function search(instanceUrl: string, id: string, at = '2026-03-02T10:00:00Z') {
  const res = await t.webhook('/webhooks/activity', { id, instanceUrl, event: 'search', at });
  expect(res.status).toBe(200);
}

describe('deadlines job', () => {
  it('day 15, active trial: the CE is mentioned in the space and sent a DM recommending extending, with both buttons', async () => {
    const trial = await startedTrial();
    await search(trial.instanceUrl, 'a1');
    expect(await deadlines('2026-03-15T23:59:00Z')).toEqual({ code: 0, stdout: 'deadlines: prompted 0, escalated 0, superseded 0\n', stderr: '' });

    expect(await deadlines('2026-03-16T09:00:00Z')).toEqual({ code: 0, stdout: 'deadlines: prompted 1, escalated 0, superseded 0\n', stderr: '' });
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
      expect(buttonsOf(m)).toEqual([
        { action: 'trial_extend', value: `${trial.id}:15` },
        { action: 'trial_terminate', value: trial.id },
      ]);
    }
    expect(milestonesOf(t, trial.id)[0]).toMatchObject({ kind: 'day15', prompted_at: '2026-03-16T09:00:00.000Z' });
  });

  it('day 15, inactive trial: recommends terminating', async () => {
    const trial = await startedTrial();
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
    const { deadlines: job } = await import('../../jobs/deadlines.js');
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
      expect(buttonsOf(m).map((b) => b.action)).toEqual(['trial_extend', 'trial_terminate']);
    }
    // The prompt itself went out once.
    expect(dmMatching(t, team.ce1.id, DAY15)).toHaveLength(1);
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
    const extend = buttonsOf(dm!).find((b) => b.action === 'trial_extend')!;
    setClock(new Date());
    await t.clickButton(team.ce1.id, extend.action, extend.value, { channel: dm!.channel, ts: dm!.ts });
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
    expect(buttonsOf(day30[0]!)).toEqual([
      { action: 'trial_extend', value: `${trial.id}:15` },
      { action: 'trial_convert', value: trial.id },
      { action: 'trial_terminate', value: trial.id },
    ]);
    expect(messagesMatching(t, trial.space, DAY30)).toHaveLength(1);
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
