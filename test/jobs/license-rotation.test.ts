import { afterEach, describe, expect, it } from 'vitest';
import { addLocalDays, localDate } from '../../src/core/deadlines.js';
import { TestBot } from '../support/test-bot.js';
import { seedPeople, seedTeam, team } from '../support/seed.js';
import { buttonsOf, dmMatching, runJob } from './helpers.js';
import { ActionId } from '../../src/messages/slack/ids.js';

let t: TestBot;
afterEach(async () => t?.close());

let offset = 0;
const clock = () => new Date(Date.now() + offset);
const setClock = (d: Date) => {
  offset = d.getTime() - Date.now();
};

// Slack signs clicks with the real time and the server checks them against its clock, so the
// timeline starts now; the job's --now moves forward from there.
let t0: Date;
const day = (n: number, hours = 0) => new Date(t0.getTime() + n * 86_400_000 + hours * 3_600_000).toISOString();
const today = (n = 0) => addLocalDays(localDate(t0, 'UTC'), n);

async function bot(env: Record<string, string> = {}, seed = true) {
  t0 = new Date();
  setClock(t0);
  t = await TestBot.start({ now: clock, env, options: { schedule: false } });
  if (seed) seedTeam(t.db);
}

const job = (iso: string) => runJob(t, setClock, 'license-rotation', iso);
const REMINDER = /rotate the shared trial license key/;
const OVERDUE = /^Overdue: the shared trial license key/;

async function click(user: string, value: string, at?: { channel: string; ts: string }) {
  setClock(new Date());
  const before = t.slack.ephemeralsFor(user).length;
  const res = await t.clickButton(user, ActionId.LicenseRotated, value, at);
  expect(res.status).toBe(200);
  return t.lastEphemeral(user, before + 1);
}

describe('license-rotation job', () => {
  it('with nothing recorded the first run reminds the license owner at once: tags, 1,000 users and a Rotated button', async () => {
    await bot();
    expect(await job(day(0))).toEqual({
      code: 0,
      stdout: `license-rotation: reminded 1, escalated 0, next due ${today(7)}\n`,
      stderr: '',
      recorded: 'recorded 1 to send (messages, issues, emails), due now: the running server sends it within seconds\n',
    });
    await t.settle();
    const [dm] = dmMatching(t, team.licenseOwner.id, REMINDER);
    const json = JSON.stringify(dm!.blocks);
    for (const tag of ['plan:enterprise-1', 'private-extension-registry', 'remote-extensions-allow-disallow', 'monitoring', 'true-up', 'trial', 'plg-trial']) {
      expect(json).toContain(`\`${tag}\``);
    }
    expect(json).toContain('1,000');
    expect(buttonsOf(dm!)).toEqual([{ action: 'license_rotated', value: day(0) }]);
    expect(t.count('license_reminders')).toBe(1);
  });

  it('one reminder per period however often it runs, escalated once 2 days after, a new period 7 days on', async () => {
    await bot();
    await job(day(0));
    const again = await Promise.all([job(day(0, 1)), job(day(0, 1))]);
    expect(again.map((r) => r.stdout)).toEqual([
      `license-rotation: reminded 0, escalated 0, next due ${today(7)}\n`,
      `license-rotation: reminded 0, escalated 0, next due ${today(7)}\n`,
    ]);
    expect((await job(day(1))).stdout).toBe(`license-rotation: reminded 0, escalated 0, next due ${today(7)}\n`);
    expect((await job(day(2))).stdout).toBe(`license-rotation: reminded 0, escalated 1, next due ${today(7)}\n`);
    expect((await job(day(2, 1))).stdout).toBe(`license-rotation: reminded 0, escalated 0, next due ${today(7)}\n`);
    expect((await job(day(3))).stdout).toBe(`license-rotation: reminded 0, escalated 0, next due ${today(7)}\n`);
    await t.settle();
    expect(dmMatching(t, team.licenseOwner.id, REMINDER)).toHaveLength(1);
    const overdue = t.alerts().filter((m) => OVERDUE.test(m.text));
    expect(overdue).toHaveLength(1);
    expect(JSON.stringify(overdue[0]!.blocks)).toContain(`<@${team.licenseOwner.id}>`);
    expect(buttonsOf(overdue[0]!)).toEqual([{ action: 'license_rotated', value: day(0) }]);

    expect((await job(day(7))).stdout).toBe(`license-rotation: reminded 1, escalated 0, next due ${today(14)}\n`);
    expect((await job(day(7, 2))).stdout).toBe(`license-rotation: reminded 0, escalated 0, next due ${today(14)}\n`);
    await t.settle();
    expect(dmMatching(t, team.licenseOwner.id, REMINDER)).toHaveLength(2);
    expect(t.count('license_reminders')).toBe(2);
  });

  it('Rotated: only the license owner or an admin, recorded once per period; the reminder is updated and the count restarts', async () => {
    await bot();
    await job(day(0));
    await t.settle();
    const [dm] = dmMatching(t, team.licenseOwner.id, REMINDER);
    const at = { channel: dm!.channel, ts: dm!.ts };

    expect(await click(team.ae1.id, day(0), at)).toMatch(/Only the license owner or an admin/);
    expect(t.count('license_rotations')).toBe(0);

    expect(await click(team.licenseOwner.id, day(0), at)).toMatch(/Recorded: the shared trial license key was rotated/);
    expect(t.count('license_rotations')).toBe(1);
    const updated = await t.eventually(() => {
      const m = t.slack.messagesIn(dm!.channel).find((m) => m.ts === dm!.ts)!;
      expect(m.edits).toBe(1);
      return m;
    });
    expect(updated.text).toMatch(/rotation is recorded/);
    expect(buttonsOf(updated)).toEqual([]);

    expect(await click(team.licenseOwner.id, day(0), at)).toMatch(/Already recorded/);
    expect(await click(team.admin.id, day(0), at)).toMatch(/Already recorded/);
    expect(await click(team.licenseOwner.id, 'not-a-period', at)).toMatch(/out of date/);
    expect(t.count('license_rotations')).toBe(1);

    const rotatedOn = localDate(new Date((t.db.prepare('SELECT rotated_at FROM license_rotations').get() as { rotated_at: string }).rotated_at), 'UTC');
    const next = addLocalDays(rotatedOn, 7);
    expect((await job(day(2))).stdout).toBe(`license-rotation: reminded 0, escalated 0, next due ${next}\n`);
    expect((await job(`${addLocalDays(next, -1)}T23:00:00.000Z`)).stdout).toBe(`license-rotation: reminded 0, escalated 0, next due ${next}\n`);
    expect((await job(`${next}T09:00:00.000Z`)).stdout).toBe(`license-rotation: reminded 1, escalated 0, next due ${addLocalDays(next, 7)}\n`);
    await t.settle();
    expect(t.alerts().filter((m) => OVERDUE.test(m.text))).toHaveLength(0);
    // The first reminder now says it was done; the second is the new period's.
    const reminders = dmMatching(t, team.licenseOwner.id, REMINDER);
    expect(reminders).toHaveLength(1);
    expect(reminders[0]!.ts).not.toBe(dm!.ts);
    expect(buttonsOf(reminders[0]!)).toEqual([{ action: 'license_rotated', value: `${next}T00:00:00.000Z` }]);
    expect(JSON.stringify(reminders[0]!.blocks)).toContain(`by <@${team.licenseOwner.id}>`);
  });

  it('an admin may record the rotation from the escalation in #cloud-trial-alerts', async () => {
    await bot();
    await job(day(0));
    await job(day(2));
    await t.settle();
    const [overdue] = t.alerts().filter((m) => OVERDUE.test(m.text));
    setClock(new Date());
    expect(await click(team.admin.id, day(0), { channel: overdue!.channel, ts: overdue!.ts })).toMatch(/Recorded/);
    expect(t.db.prepare('SELECT rotated_by FROM license_rotations').all()).toEqual([{ rotated_by: team.admin.id }]);
    await t.eventually(() => expect(t.slack.messagesIn(overdue!.channel).find((m) => m.ts === overdue!.ts)!.text).toMatch(/rotation is recorded/));
  });

  it('no license owner in the roster: the reminder goes to the alerts channel', async () => {
    await bot({}, false);
    seedPeople(t.db, [team.ae1, team.ce1, team.admin]);
    await job(day(0));
    await t.settle();
    const posted = t.alerts().filter((m) => REMINDER.test(m.text));
    expect(posted).toHaveLength(1);
    expect(JSON.stringify(posted[0]!.blocks)).toContain('license_owner');
    expect(buttonsOf(posted[0]!)).toEqual([{ action: 'license_rotated', value: day(0) }]);
  });

  it('LICENSE_ROTATION_DAYS sets the period', async () => {
    await bot({ LICENSE_ROTATION_DAYS: '3' });
    expect((await job(day(0))).stdout).toBe(`license-rotation: reminded 1, escalated 0, next due ${today(3)}\n`);
    expect((await job(day(3))).stdout).toBe(`license-rotation: reminded 1, escalated 0, next due ${today(6)}\n`);
  });
});

describe('which instances the reminder counts (issue 17.3)', () => {
  it('the pool and running trials are on the trial key; a converted trial’s instance is not', async () => {
    await bot({}, false);
    const { activeTrial } = await import('../support/active-trial.js');
    const trial = await activeTrial(t, { pool: 3 });
    let run = 0;
    const count = async () => {
      // A fresh schedule each time (no reminder recorded): the job reminds at once, for a new period.
      t.db.prepare('DELETE FROM license_reminders').run();
      await job(day(0, run++));
      await t.settle();
      return JSON.stringify(dmMatching(t, team.licenseOwner.id, REMINDER).at(-1)!.blocks);
    };
    expect(await count()).toContain('update the 3 trial instances');
    await t.command(team.ce1.id, trial.space, 'convert');
    await t.settle();
    expect(await count()).toContain('update the 2 trial instances (converted customers are on their own license)');
  });
});
