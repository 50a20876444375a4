import { afterEach, describe, expect, it } from 'vitest';
import { importRoster } from '../../src/admin/import-roster.js';
import { main as admin } from '../../src/cli/admin.js';
import { main as runJob } from '../../src/cli/job.js';
import { TestBot } from '../support/test-bot.js';
import { activeTrial, team, trialRow } from '../support/active-trial.js';
import { promptButtonsOf, dmMatching } from '../jobs/helpers.js';
import { freshDb, importFailure, now, rosterCsv, snapshot } from './helpers.js';

const header = 'slack_user_id,email,name,role,region,eligible';

describe('import-roster --replace', () => {
  it('the file is the whole roster: roles it leaves out are removed in the same transaction, and the summary says who lost what', () => {
    const db = freshDb();
    importRoster(db, rosterCsv, now);
    // Carol keeps ce but not license_owner; Sam is gone; Ivy becomes an admin too.
    const next = [
      header,
      'U01AE,alice@acme-sales.com,Alice Ae,ae,EMEA,yes',
      'U02CE,carol@acme-sales.com,Carol Ce,ce,,yes',
      'U04IN,ivy@acme-sales.com,Ivy Inbound,inbound_sdr,AMER,yes',
      'U04IN,ivy@acme-sales.com,Ivy Inbound,admin,AMER,no',
      '',
    ].join('\n');
    const result = importRoster(db, next, now, { replace: true, source: 'roster.csv' });
    expect(result.message).toBe(
      [
        'imported 4 roster rows (1 new, 3 updated)',
        '2 people lost roles (--replace):',
        '  Carol Ce (carol@acme-sales.com) lost license_owner',
        '  Sam Sdr (sam@acme-sales.com) lost sdr',
      ].join('\n'),
    );
    expect(db.prepare('SELECT slack_user_id, role FROM people ORDER BY slack_user_id, role').all()).toEqual([
      { slack_user_id: 'U01AE', role: 'ae' },
      { slack_user_id: 'U02CE', role: 'ce' },
      { slack_user_id: 'U04IN', role: 'admin' },
      { slack_user_id: 'U04IN', role: 'inbound_sdr' },
    ]);
    expect(db.prepare(`SELECT detail FROM audit WHERE action = 'import-roster' ORDER BY id DESC LIMIT 1`).pluck().get()).toContain(
      'Sam Sdr (sam@acme-sales.com) lost sdr',
    );
  });

  it('a bad row fails the whole file: nobody is removed', () => {
    const db = freshDb();
    importRoster(db, rosterCsv, now);
    const before = snapshot(db);
    importFailure(() => importRoster(db, `${header}\nU01AE,alice@acme-sales.com,Alice Ae,ae,EMEA,yes\nU9,bad,x,ce,,yes\n`, now, { replace: true }));
    expect(snapshot(db)).toEqual(before);
  });

  it('without --replace, nobody is removed (the import only upserts)', () => {
    const db = freshDb();
    importRoster(db, rosterCsv, now);
    expect(importRoster(db, `${header}\nU01AE,alice@acme-sales.com,Alice Ae,ae,EMEA,yes\n`, now).message).toBe('imported 1 roster row (0 new, 1 updated)');
    expect(db.prepare('SELECT count(*) FROM people').pluck().get()).toBe(5);
  });
});

describe('removing a person takes effect at once', () => {
  let t: TestBot;
  afterEach(async () => t?.close());

  async function run(main: typeof admin, argv: string[]) {
    let stdout = '';
    let stderr = '';
    const code = await main(argv, { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, env: t.env });
    return { code, stdout, stderr };
  }

  it('admin -- remove-person: the removed CE’s /trial extend and prompt button are refused; the summary names the trials still in their name', async () => {
    t = await TestBot.start({ options: { schedule: false } });
    const trial = await activeTrial(t);
    // A day-15 prompt in the CE's DMs, with its Extend button.
    expect((await run(runJob as typeof admin, ['deadlines', '--now', new Date(Date.now() + 16 * 86_400_000).toISOString()])).code).toBe(0);
    const dm = await t.eventually(() => {
      const [m] = dmMatching(t, team.ce1.id, /Day 15 of the cloud trial/);
      if (!m) throw new Error('no prompt yet');
      return m;
    });

    const removed = await run(admin, ['remove-person', team.ce1.email.toUpperCase()]);
    expect(removed).toEqual({
      code: 0,
      stdout: `removed ${team.ce1.email} from the roster:\n  ${team.ce1.email.split('@')[0]} (${team.ce1.email}) lost ce; still the CE or AE of 1 open trial: give it another with admin -- assign\n`,
      stderr: '',
    });
    expect(t.count('people', 'slack_user_id = ?', team.ce1.id)).toBe(0);
    expect(t.count('audit', "action = 'remove-person'")).toBe(1);

    const endsAt = trialRow(t, trial.id).ends_at;
    const command = await t.command(team.ce1.id, trial.space, 'extend');
    expect(command.body.text).toMatch(/^:no_entry_sign: Only the trial’s CE .* or an admin can extend \*Hooli\*\. Nothing was changed\./);
    const extend = promptButtonsOf(dm).find((b) => b.action.includes('extend'))!;
    const before = t.slack.ephemeralsFor(team.ce1.id).length;
    await t.clickButton(team.ce1.id, extend.action, extend.value, { channel: dm.channel, ts: dm.ts }, extend.block);
    expect(await t.lastEphemeral(team.ce1.id, before + 1)).toMatch(/^:no_entry_sign: Only the trial’s CE/);
    expect(trialRow(t, trial.id).ends_at).toBe(endsAt);

    // The AE, still in the roster, may.
    expect((await t.command(team.ae1.id, trial.space, 'extend')).body.text).toContain('Extended *Hooli* by 15 days');
    expect(await run(admin, ['remove-person', 'nobody@vendor.test'])).toMatchObject({ code: 1, stderr: 'nobody@vendor.test is not in the roster\n' });
    const help = (await run(admin, ['help'])).stdout;
    expect(help).toContain('import-roster --replace FILE');
    expect(help).toContain('remove-person EMAIL');
  });
});
