import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/admin.js';
import { REPO, TestBot } from '../support/test-bot.js';
import { seedTeam, team } from '../support/seed.js';
import { ActionId } from '../../src/messages/slack/ids.js';

let t: TestBot;
afterEach(async () => t?.close());

/** `npm run admin -- …` against the running server's database, as an operator would run it. */
async function admin(...argv: string[]) {
  let out = '';
  const write = (s: string) => (out += s);
  const code = await main(argv, { stdout: { write }, stderr: { write }, env: { DATABASE_PATH: t.env.DATABASE_PATH, TIMEZONE: 'UTC' } });
  return { code, out };
}

const issueEffect = () =>
  t.db.prepare(`SELECT id, status, attempts, last_error FROM outbox WHERE kind = 'github.issue'`).get() as {
    id: number;
    status: string;
    attempts: number;
    last_error: string | null;
  };

describe('a CE assigned while a timed-out instance request may still land', () => {
  it('reaches the issue the retry finds by its marker: a comment with the CE email', async () => {
    // A long grace after the timeout: the test ends it by hand once the abandoned create has landed.
    t = await TestBot.start({ options: { githubTimeoutMs: 300, outbox: { inFlightGraceMs: 60_000 } } });
    seedTeam(t.db);
    t.db.prepare(`UPDATE people SET eligible = 0 WHERE role = 'ce'`).run();
    t.github.fail('POST /repos/:o/:r/issues', { hang: 60_000 }, 1);

    const res = await t.signup({ id: 's1', email: 'bob@initech.com', company: 'Initech' });
    await t.settle();
    const alert = t.alerts()[0]!;
    const trialId = res.body.trialId as string;
    await t.clickButton(team.sdr.id, ActionId.Qualify, trialId, { channel: alert.channel, ts: alert.ts });
    await t.lastEphemeral(team.sdr.id);

    // The create, drawn up with no CE, timed out; the worker waits before looking for it.
    await t.eventually(() => expect(issueEffect()).toMatchObject({ status: 'pending', attempts: 1, last_error: 'GitHub did not answer in time' }), 5000);
    expect(await admin('assign', trialId, 'ce', team.ce2.email)).toMatchObject({ code: 0 });

    // GitHub was slow, not down: the abandoned request lands after all, without the CE.
    t.github.releaseHung();
    await t.eventually(() => expect(t.github.issues(REPO)).toHaveLength(1));
    const [issue] = t.github.issues(REPO);
    expect(issue!.body).not.toContain(team.ce2.email);

    // The grace period is over: the retry looks for the issue before creating one.
    t.db.prepare(`UPDATE outbox SET run_after = ? WHERE id = ?`).run(new Date().toISOString(), issueEffect().id);
    t.bot.worker.kick();
    await t.eventually(async () => {
      await t.settle();
      expect(issueEffect().status).toBe('done');
    }, 10_000);
    // The comment was recorded with the issue: settled, it has been posted.
    await t.settle();

    expect(t.github.issues(REPO)).toHaveLength(1);
    expect(t.github.comments(REPO, issue!.number).map((c) => c.body)).toEqual([expect.stringContaining(`CE email: \`${team.ce2.email}\``)]);
  });

  it('adds no comment when the issue the retry finds already names the CE', async () => {
    t = await TestBot.start({ options: { githubTimeoutMs: 300, outbox: { inFlightGraceMs: 60_000 } } });
    seedTeam(t.db);
    t.github.fail('POST /repos/:o/:r/issues', { hang: 60_000 }, 1);
    const res = await t.signup({ id: 's1', email: 'bob@initech.com', company: 'Initech' });
    await t.settle();
    const alert = t.alerts()[0]!;
    await t.clickButton(team.sdr.id, ActionId.Qualify, res.body.trialId, { channel: alert.channel, ts: alert.ts });
    await t.lastEphemeral(team.sdr.id);
    await t.eventually(() => expect(issueEffect()).toMatchObject({ status: 'pending', attempts: 1 }), 5000);

    t.github.releaseHung();
    await t.eventually(() => expect(t.github.issues(REPO)).toHaveLength(1));
    t.db.prepare(`UPDATE outbox SET run_after = ? WHERE id = ?`).run(new Date().toISOString(), issueEffect().id);
    t.bot.worker.kick();
    await t.eventually(async () => {
      await t.settle();
      expect(issueEffect().status).toBe('done');
    }, 10_000);
    const [issue] = t.github.issues(REPO);
    expect(issue!.body).toMatch(/\| CE email \| `[^`]+@vendor\.test` \|/);
    expect(t.github.comments(REPO, issue!.number)).toHaveLength(0);
    expect(t.count('outbox', `kind = 'github.comment'`)).toBe(0);
  });
});
