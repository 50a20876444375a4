import { TZDate } from '@date-fns/tz';
import { PNG } from 'pngjs';
import { afterEach, describe, expect, it } from 'vitest';
import { jobs } from '../../src/jobs/index.js';
import type { JobContext } from '../../src/jobs/job.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/open-database.js';
import type { FakeMessage } from '../../src/fakes/slack-api.js';
import { createLogger } from '../../src/logger.js';
import { Scheduler } from '../../src/scheduler.js';
import { activeTrial, mrkdwnTexts, team } from '../support/active-trial.js';
import { TestBot } from '../support/test-bot.js';
import { runJob } from './helpers.js';
import { ActionId } from '../../src/messages/slack/ids.js';

let t: TestBot | undefined;
let scheduler: Scheduler | undefined;
afterEach(async () => {
  await scheduler?.stop();
  scheduler = undefined;
  await t?.close();
  t = undefined;
});

// The server's clock: set by the test, and ticking from there (the outbox paces posts by it).
// The Slack fake keeps real time, so the stories happen before today: a retry looks for what it
// posted since the effect was recorded, by the fake's timestamps.
let offset = 0;
const clock = () => new Date(Date.now() + offset);
const setClock = (d: Date | string) => {
  offset = new Date(d).getTime() - Date.now();
};

const BERLIN = { TIMEZONE: 'Europe/Berlin' };
const digest = (bot: TestBot, iso: string) => runJob(bot, setClock, 'weekly-digest', iso);
/** Messages in #cloud-trial-alerts that carry a file: the digests. */
const digests = (bot: TestBot): FakeMessage[] => bot.alerts().filter((m) => (m.files ?? []).length > 0);
const textOf = (m: FakeMessage) => mrkdwnTexts(m.blocks).join('\n');

async function start(at: string, schedule = false): Promise<TestBot> {
  setClock(at);
  t = await TestBot.start({ now: clock, env: BERLIN, options: { schedule } });
  return t;
}

describe('the weekly digest job', () => {
  it('runs Mondays at 09:00 in TIMEZONE, on both sides of the DST changes', () => {
    const config = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-x',
      SLACK_SIGNING_SECRET: 's',
      ALERTS_CHANNEL: 'CALERTS',
      GITHUB_TOKEN: 'g',
      GITHUB_REPO: 'o/r',
      GITHUB_WEBHOOK_SECRET: 'w',
      WEBHOOK_SECRET: 'w',
      TIMEZONE: 'America/New_York',
    });
    const ctx = { db: openDatabase(':memory:'), config, logger: createLogger('silent'), github: null } as unknown as JobContext;
    scheduler = new Scheduler(jobs, ctx, () => new Date());
    scheduler.start();
    const runs = scheduler.nextRuns('weekly-digest', 60);
    expect(runs).toHaveLength(60);
    for (const run of runs) {
      const local = new TZDate(run.getTime(), 'America/New_York');
      expect([local.getDay(), local.getHours(), local.getMinutes()]).toEqual([1, 9, 0]);
    }
    expect(new Set(runs.map((r) => r.getUTCHours()))).toEqual(new Set([13, 14]));
  });

  it('posts one digest a week across restarts: by hand, after a restart, at the start-up catch-up and by hand again', async () => {
    const bot = await start('2026-11-03T10:00:00Z');
    await activeTrial(bot);

    // Monday 9 Nov, 09:00 in Berlin.
    expect((await digest(bot, '2026-11-09T08:00:00Z')).stdout).toBe(
      'weekly-digest: recorded the digest of Mon 2 Nov – Sun 8 Nov; the server posts it in #cloud-trial-alerts\n',
    );
    await bot.settle();
    expect(digests(bot)).toHaveLength(1);

    await bot.restart();
    const again = await digest(bot, '2026-11-09T10:00:00Z');
    expect(again.stdout).toBe('weekly-digest: the digest of Mon 2 Nov – Sun 8 Nov was recorded on Mon 9 Nov already: nothing new\n');
    await bot.bot.scheduler.catchUp();
    await bot.restart();
    await bot.bot.scheduler.catchUp();
    await bot.settle();
    expect(digests(bot)).toHaveLength(1);
    expect(bot.count('outbox', "kind = 'slack.upload'")).toBe(1);

    // The next Monday is the next week's.
    expect((await digest(bot, '2026-11-16T08:00:00Z')).stdout).toMatch(/recorded the digest of Mon 9 Nov – Sun 15 Nov/);
    await bot.settle();
    expect(digests(bot)).toHaveLength(2);
  });

  it('is not due before 09:00 on Monday, and a bot down on Monday morning catches up when it starts', async () => {
    const bot = await start('2026-11-03T10:00:00Z');
    await activeTrial(bot);
    // Monday 08:50 in Berlin: last week's digest is not due yet, and no trial had signed up the week before.
    expect((await digest(bot, '2026-11-09T07:50:00Z')).stdout).toBe('weekly-digest: no trial had signed up by the end of Mon 26 Oct – Sun 1 Nov: no digest\n');
    await bot.settle();
    expect(digests(bot)).toHaveLength(0);

    // Down over Monday; started on Tuesday with the schedule on: the start-up run posts it.
    await bot.bot.close();
    setClock('2026-11-10T11:00:00Z');
    const restarted = await TestBot.start({ now: clock, env: { ...BERLIN, DATABASE_PATH: bot.env.DATABASE_PATH! }, options: { schedule: true } });
    try {
      await restarted.eventually(() => expect(digests(restarted)).toHaveLength(1), 15_000);
      expect(textOf(digests(restarted)[0]!)).toContain('Weekly trial digest: Mon 2 Nov – Sun 8 Nov');
    } finally {
      await restarted.close();
    }
  });

  it('with no trial yet, posts nothing', async () => {
    const bot = await start('2026-11-09T08:00:00Z');
    expect((await digest(bot, '2026-11-09T08:00:00Z')).stdout).toMatch(/no trial had signed up by the end of Mon 2 Nov – Sun 8 Nov: no digest/);
    await bot.settle();
    expect(bot.alerts()).toEqual([]);
  });
});

describe('the weekly digest in #cloud-trial-alerts', () => {
  /**
   * Hooli (Case 2.2) signs up on Tue 27 Oct and Globex (2.2) on Tue 3 Nov, both with pool instances;
   * Hooli's day-15 prompt goes out on Wed 11 Nov and is never answered (escalated on Fri 13 Nov);
   * Initech (Case 3) signs up on Thu 12 Nov and is qualified, and its instance never comes. The digest of Mon 9 – Sun 15 Nov
   * is drawn on Monday 16 Nov.
   */
  async function story(): Promise<TestBot> {
    const bot = await start('2026-10-27T10:00:00Z');
    await activeTrial(bot, { domain: 'hooli.com', company: 'Hooli' });
    setClock('2026-11-03T10:00:00Z');
    await activeTrial(bot, { domain: 'globex.com', company: 'Globex', seed: false });
    expect((await runJob(bot, setClock, 'deadlines', '2026-11-11T08:00:00Z')).stdout).toMatch(/prompted 1/);
    setClock('2026-11-12T10:00:00Z');
    const signup = await bot.signup({ id: 'initech-1', email: 'bill@initech.com', company: 'Initech' });
    await bot.settle();
    const alert = bot.alerts().at(-1)!;
    setClock('2026-11-12T10:02:00Z');
    await bot.clickButton(team.sdr.id, ActionId.Qualify, signup.body.trialId, { channel: alert.channel, ts: alert.ts });
    await bot.lastEphemeral(team.sdr.id);
    await bot.settle();
    expect((await runJob(bot, setClock, 'deadlines', '2026-11-13T08:00:00Z')).stdout).toMatch(/escalated 1/);
    expect((await digest(bot, '2026-11-16T08:00:00Z')).code).toBe(0);
    await bot.settle();
    return bot;
  }

  it('shows the week’s funnel against the weeks before, the decisions past due and the instances that did not come, in words', async () => {
    const bot = await story();
    const [message] = digests(bot);
    const text = textOf(message!);
    expect(text).toContain('*Weekly trial digest: Mon 9 Nov – Sun 15 Nov*');
    // One signup this week; the two weeks since trialbot's first trial had one each.
    expect(text).toContain('1 signup (2-week average: 1) · 1 qualified · 0 with their instance ready · 0 activated · 0 converted');
    expect(text).toContain(
      '• *Triage:* 1 qualified, 0 disqualified; first decision in 2 min (median), 2 min (90th percentile); 1 of 1 lead decided within 5 min',
    );
    expect(text).toContain('• *Signups by case:* Case 3: 1');
    expect(text).toContain('*Decisions past their due date (1)*');
    expect(text).toMatch(/• \*Hooli\* in <#C\w+>: the day 15 decision, due Wed 11 Nov, waiting for <@UCE1> \(the AE and this channel were told\)/);
    expect(text).toContain('*Waiting more than a day for an instance (1)*');
    expect(text).toMatch(/• \*Initech\* in <#C\w+>: asked for on Thu 12 Nov, 3 days ago, <http[^|]+\|issue #\d+>, CE <@UCE\d>/);
    expect(text).toContain('as of Mon 16 Nov');
    // What a person reads: no ISO dates or instants, no enum words, no commands.
    for (const word of [/\d{4}-\d{2}-\d{2}/, /\bday15\b/, /\bprovisioning\b/, /\bextension_end\b/, /npm run/, /\bnull\b|\bundefined\b|NaN/])
      expect(text).not.toMatch(word);
  });

  it('attaches the funnel chart as a PNG: the size drawn, both series’ bars in their colours', async () => {
    const bot = await story();
    const [file] = bot.slack.filesIn(bot.alertsChannel);
    expect(file).toMatchObject({ name: 'weekly-digest-2026-11-09.png', title: 'Trial funnel, Mon 9 Nov – Sun 15 Nov' });
    expect(file!.altText).toBe(
      'Bar chart of the trial funnel for Mon 9 Nov – Sun 15 Nov: signups 1 (average 1), qualified 1 (average 1), instance ready 0 (average 1), activated 0 (average 0), converted 0 (average 0).',
    );
    const png = PNG.sync.read(file!.bytes!);
    expect(png.width).toBeGreaterThan(1000);
    expect(png.height).toBeGreaterThan(500);
    const colours = new Map<string, number>();
    for (let i = 0; i < png.data.length; i += 4) {
      const key = `${png.data[i]},${png.data[i + 1]},${png.data[i + 2]}`;
      colours.set(key, (colours.get(key) ?? 0) + 1);
    }
    expect(colours.size).toBeGreaterThan(5);
    // Whole bars, not a stray pixel: this week in blue, the average in amber.
    expect(colours.get('37,99,235') ?? 0).toBeGreaterThan(2000);
    expect(colours.get('245,158,11') ?? 0).toBeGreaterThan(2000);
  });

  it('a share whose answer was lost is found on the retry, not posted twice', async () => {
    const bot = await start('2026-11-03T10:00:00Z');
    await activeTrial(bot);
    bot.slack.fail('files.completeUploadExternal', { dropAfterProcessing: true });
    await digest(bot, '2026-11-09T08:00:00Z');
    await bot.eventually(() => expect(bot.count('outbox', "kind = 'slack.upload' AND status = 'done'")).toBe(1), 15_000);
    expect(digests(bot)).toHaveLength(1);
    expect(bot.slack.callsTo('files.completeUploadExternal')).toHaveLength(1);
    expect(bot.db.prepare("SELECT attempts FROM outbox WHERE kind = 'slack.upload'").get()).toEqual({ attempts: 2 });
  });

  it('a rate-limited share waits its Retry-After and posts once', async () => {
    const bot = await start('2026-11-03T10:00:00Z');
    await activeTrial(bot);
    bot.slack.fail('files.completeUploadExternal', { status: 429, retryAfter: 1 });
    await digest(bot, '2026-11-09T08:00:00Z');
    await bot.eventually(() => expect(digests(bot)).toHaveLength(1), 15_000);
    await bot.settle();
    expect(digests(bot)).toHaveLength(1);
    expect(bot.db.prepare("SELECT status, attempts FROM outbox WHERE kind = 'slack.upload'").get()).toEqual({ status: 'done', attempts: 1 });
  });
});
