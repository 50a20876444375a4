import { afterEach, describe, expect, it } from 'vitest';
import { TestBot } from '../support/test-bot.js';
import { seedPeople, seedTeam, team } from '../support/seed.js';

let t: TestBot;
afterEach(async () => t?.close());

describe('inviting people who are missing from Slack', () => {
  it('ends done (the others are invited, the alert thread says who is missing) and the audit line names them', async () => {
    t = await TestBot.start({ options: { schedule: false } });
    seedTeam(t.db);
    t.db.prepare(`UPDATE people SET eligible = 0 WHERE role = 'ce'`).run();
    seedPeople(t.db, [{ id: 'UGHOST', email: 'ghost.ce@vendor.test', name: 'Ghost CE', role: 'ce' }]);
    const res = await t.signup({ id: 's1', email: 'bob@initech.com' });
    await t.settle();
    const alert = t.alerts()[0]!;
    await t.clickButton(team.sdr.id, 'trial_qualify', res.body.trialId, { channel: alert.channel, ts: alert.ts });
    await t.lastEphemeral(team.sdr.id);
    await t.eventually(async () => {
      await t.settle();
      expect(t.db.prepare(`SELECT status FROM outbox WHERE kind = 'trial.invite'`).get()).toEqual({ status: 'done' });
    });
    const line = t.db.prepare(`SELECT detail FROM audit WHERE trial_id = ? AND action = 'invited to trial space'`).get(res.body.trialId) as { detail: string };
    expect(line.detail).toMatch(/; not found in Slack: Ghost CE \(ghost\.ce@vendor\.test, UGHOST\)$/);
    expect(line.detail).toContain(team.sdr.id);
    expect(t.thread(alert.channel, alert.ts).some((m) => m.text.includes('Could not invite Ghost CE'))).toBe(true);
  });
});
