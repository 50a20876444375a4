import { TZDate } from '@date-fns/tz';
import { afterEach, describe, expect, it } from 'vitest';
import { jobs } from '../../src/jobs/index.js';
import type { JobContext } from '../../src/jobs/job.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/open-database.js';
import { createLogger } from '../../src/logger.js';
import { Scheduler } from '../../src/scheduler.js';

let scheduler: Scheduler | undefined;
afterEach(async () => {
  await scheduler?.stop();
  scheduler = undefined;
});

function started(zone: string): Scheduler {
  const config = loadConfig({
    SLACK_BOT_TOKEN: 'xoxb-x',
    SLACK_SIGNING_SECRET: 's',
    ALERTS_CHANNEL: 'CALERTS',
    GITHUB_TOKEN: 'g',
    GITHUB_REPO: 'o/r',
    GITHUB_WEBHOOK_SECRET: 'w',
    WEBHOOK_SECRET: 'w',
    TIMEZONE: zone,
  });
  // Nothing runs here: the test only asks cron when it would.
  const ctx = { db: openDatabase(':memory:'), config, logger: createLogger('silent'), github: null } as unknown as JobContext;
  scheduler = new Scheduler(jobs, ctx, () => new Date());
  scheduler.start();
  return scheduler;
}

const local = (d: Date, zone: string) => {
  const t = new TZDate(d.getTime(), zone);
  return { hour: t.getHours(), minute: t.getMinutes() };
};

describe('the scheduler', () => {
  it.each(['deadlines', 'license-rotation'])('runs %s daily at 09:00 in TIMEZONE, on both sides of the DST changes', (name) => {
    const zone = 'America/New_York';
    // A year and more of runs, from now: every one of them crosses a spring and an autumn change.
    const runs = started(zone).nextRuns(name, 400);
    expect(runs).toHaveLength(400);
    for (const run of runs) expect(local(run, zone)).toEqual({ hour: 9, minute: 0 });
    // 09:00 EDT is 13:00 UTC, 09:00 EST is 14:00 UTC: both occur, so the zone (not UTC) decides.
    expect(new Set(runs.map((r) => r.getUTCHours()))).toEqual(new Set([13, 14]));
    // One run a day: consecutive runs are a local day apart (23 or 25 hours across a change).
    for (let i = 1; i < runs.length; i++) expect([23, 24, 25]).toContain((runs[i]!.getTime() - runs[i - 1]!.getTime()) / 3_600_000);
  });

  it('follows another zone: Berlin’s 09:00 is 07:00 or 08:00 UTC', () => {
    const runs = started('Europe/Berlin').nextRuns('deadlines', 400);
    expect(new Set(runs.map((r) => r.getUTCHours()))).toEqual(new Set([7, 8]));
  });

  it('has nothing scheduled before start or after stop', async () => {
    const s = started('UTC');
    expect(s.nextRuns('deadlines')).toHaveLength(1);
    await s.stop();
    expect(s.nextRuns('deadlines')).toEqual([]);
    expect(new Scheduler(jobs, {} as JobContext, () => new Date()).nextRuns('deadlines')).toEqual([]);
  });
});
