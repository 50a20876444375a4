import { afterEach, describe, expect, it } from 'vitest';
import { main as admin } from '../../src/cli/admin.js';
import { ActionId } from '../../src/messages/slack/ids.js';
import { TestBot } from '../support/test-bot.js';
import { seedPool, seedTeam, team } from '../support/seed.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

// Issue 17.6: Salesforce's view imported (owner_ae, open_opportunity), the SDR the rules name decides.
let t: TestBot;
afterEach(async () => t?.close());

async function importAccounts(csv: string) {
  const file = join(t.dir, 'accounts.csv');
  writeFileSync(file, csv);
  let out = '';
  let err = '';
  const code = await admin(['import-accounts', file], {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    env: { ...t.env },
  });
  return { code, out, err };
}

describe('rules of engagement from Salesforce', () => {
  it('an AE holding an open opportunity gets the trial, with a note under the alert to check with them first', async () => {
    t = await TestBot.start({ options: { schedule: false } });
    seedTeam(t.db);
    seedPool(t.db, 2);
    const header = 'domain,account_name,prequalified,named,named_sdr,ae,ce,owner_ae,open_opportunity';
    expect((await importAccounts(`${header}\nhooli.com,Hooli,yes,no,,,,${team.ae2.email},yes\n`)).code).toBe(0);
    const { trialId, alert } = await t.signUp({ id: 'o1', email: 'gavin@hooli.com', company: 'Hooli' });
    expect(t.trial(trialId).ae_id).toBe(team.ae2.id);
    const notes = t.thread(alert.channel, alert.ts).map((m) => m.text);
    expect(notes.some((n) => n.includes(`<@${team.ae2.id}> holds an open opportunity on *Hooli* in Salesforce`) && n.includes('Check with them'))).toBe(true);
    expect(t.db.prepare(`SELECT detail FROM audit WHERE trial_id = ? AND action = 'assigned owners'`).pluck().get(trialId)).toContain(
      'holds the open opportunity',
    );
  });

  it('an open opportunity without its owner is refused with its line, and nothing is imported', async () => {
    t = await TestBot.start({ options: { schedule: false } });
    seedTeam(t.db);
    const res = await importAccounts('domain,account_name,prequalified,named,named_sdr,ae,ce,owner_ae,open_opportunity\nhooli.com,Hooli,yes,no,,,,,yes\n');
    expect(res.code).toBe(1);
    expect(res.err).toContain('line 2');
    expect(res.err).toContain('an open opportunity needs its owner_ae');
    expect(t.count('accounts')).toBe(0);
  });

  it('the outbound SDR the rules gave a Case 3 lead may qualify it; another outbound SDR may not', async () => {
    t = await TestBot.start({ options: { schedule: false } });
    seedTeam(t.db);
    t.db
      .prepare(`INSERT INTO touches (domain, slack_user_id, role, kind, at) VALUES ('initech.com', ?, 'sdr', 'email', ?)`)
      .run(team.namedSdr.id, new Date(Date.now() - 86_400_000).toISOString());
    const { trialId } = await t.signUp({ id: 'o2', email: 'bob@initech.com', company: 'Initech' });
    expect(t.trial(trialId).sdr_id).toBe(team.namedSdr.id);
    expect(await t.qualify(team.namedSdr.id, trialId)).toContain('Qualified');
    expect(t.trial(trialId).decision).toBe('qualified');
    // Someone else's lead: refused, as before.
    const other = await t.signUp({ id: 'o3', email: 'ann@umbrella-corp.com', company: 'Umbrella' });
    await t.clickButton(team.namedSdr.id, ActionId.Qualify, other.trialId, other.alert);
    expect(await t.lastEphemeral(team.namedSdr.id, 2)).not.toContain('Qualified');
    expect(t.trial(other.trialId).decision).toBeNull();
  });
});
