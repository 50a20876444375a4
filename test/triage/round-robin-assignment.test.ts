import { afterEach, describe, expect, it } from 'vitest';
import { TestBot } from '../support/test-bot.js';
import { seedTeam, team } from '../support/seed.js';

let t: TestBot;
afterEach(async () => t?.close());

async function qualify(n: number) {
  const { trialId } = await t.signUp({ id: `s${n}`, email: `lead${n}@company${n}.com`, name: undefined });
  await t.qualify(team.sdr.id, trialId);
  const { ae_id, ce_id } = t.trial(trialId);
  return { ae_id: ae_id as string, ce_id: ce_id as string };
}

describe('round robin through the real server', () => {
  it('alternates AEs and CEs fairly, and a restart does not reset the rotation', async () => {
    t = await TestBot.start();
    seedTeam(t.db);
    const picks = [await qualify(1), await qualify(2)];
    await t.restart();
    picks.push(await qualify(3), await qualify(4));
    const aes = picks.map((p) => p.ae_id);
    const ces = picks.map((p) => p.ce_id);
    expect(aes.filter((a) => a === team.ae1.id)).toHaveLength(2);
    expect(aes.filter((a) => a === team.ae2.id)).toHaveLength(2);
    expect(aes[2]).toBe(aes[0]);
    expect(aes[2]).not.toBe(aes[1]);
    expect(ces.filter((c) => c === team.ce1.id)).toHaveLength(2);
  });

  it('skips people out of office and people not eligible', async () => {
    t = await TestBot.start();
    seedTeam(t.db);
    t.db.prepare(`UPDATE people SET eligible = 0 WHERE slack_user_id = ?`).run(team.ce2.id);
    const today = new Date().toISOString().slice(0, 10);
    t.db
      .prepare(`INSERT INTO out_of_office (email, from_date, to_date, created_at) VALUES (?, ?, ?, ?)`)
      .run(team.ae1.email, today, today, new Date().toISOString());
    const picks = [await qualify(1), await qualify(2), await qualify(3)];
    expect(picks.every((p) => p.ae_id === team.ae2.id)).toBe(true);
    expect(picks.every((p) => p.ce_id === team.ce1.id)).toBe(true);
  });

  it('an AE who touched the account in the last 30 days gets the next lead from it', async () => {
    t = await TestBot.start();
    seedTeam(t.db);
    t.db
      .prepare(`INSERT INTO touches (domain, slack_user_id, role, kind, at) VALUES ('company1.com', ?, 'ae', 'email', ?)`)
      .run(team.ae2.id, new Date(Date.now() - 10 * 86_400_000).toISOString());
    // ae1 would be next in the rotation (both never assigned, ae1 sorts first).
    expect((await qualify(1)).ae_id).toBe(team.ae2.id);
    const reason = t.db.prepare(`SELECT detail FROM audit WHERE action = 'assigned owners'`).get() as { detail: string };
    expect(reason.detail).toContain('worked the account recently');
  });
});
