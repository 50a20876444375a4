import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/admin.js';
import { REPO, TestBot } from '../support/test-bot.js';
import { seedTeam, team } from '../support/seed.js';
import { ActionId } from '../../src/messages/slack/ids.js';

let t: TestBot;
afterEach(async () => t?.close());

const prospectMail = () => t.smtp!.messages.filter((m) => m.to.includes('bob@initech.com'));

/** `npm run admin -- …` against the running server's database, as an operator would run it. */
async function admin(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: { DATABASE_PATH: t.env.DATABASE_PATH, TIMEZONE: 'UTC', TRIAL_SPACE: t.env.TRIAL_SPACE },
  });
  return { code, stdout, stderr };
}

/** A Case 3 lead qualified while every CE (or AE) is ineligible: no CE, no welcome email (or no AE). */
async function qualifiedWithoutCe(opts: { settle?: boolean; role?: 'ae' | 'ce' } = {}) {
  seedTeam(t.db);
  t.db.prepare(`UPDATE people SET eligible = 0 WHERE role = ?`).run(opts.role ?? 'ce');
  const res = await t.signup({ id: 's1', email: 'bob@initech.com', name: 'Bob Porter', company: 'Initech' });
  await t.settle();
  const alert = t.alerts()[0]!;
  await t.clickButton(team.sdr.id, ActionId.Qualify, res.body.trialId, { channel: alert.channel, ts: alert.ts });
  await t.lastEphemeral(team.sdr.id);
  if (opts.settle !== false) await t.settle();
  return { trialId: res.body.trialId as string, alert: { channel: alert.channel, ts: alert.ts } };
}

describe('admin -- assign TRIAL ae|ce EMAIL', () => {
  it('gives a trial nobody eligible could take its CE: invited, welcome email once, CE email on the instance request', async () => {
    t = await TestBot.start({ smtp: true });
    const { trialId, alert } = await qualifiedWithoutCe();
    expect(t.trial(trialId).ce_id).toBeNull();
    const warning = t.thread(alert.channel, alert.ts).find((m) => m.text.includes('No CE could be assigned'))!;
    expect(warning.text).toContain(`<@${team.admin.id}>, please assign one from the Home tab: *Reassign the CE* on this trial.`);
    expect(warning.text).not.toContain('npm run');
    expect(prospectMail()).toHaveLength(0);
    const [issue] = t.github.issues(REPO);
    expect(issue!.body).toContain('no CE could be assigned');

    // The command names the trial by its channel, as people know it.
    const result = await admin('assign', '#cloud-trial-initech', 'ce', team.ce1.email.toUpperCase());
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain(`is now the CE of trial ${trialId} (initech.com)`);
    await t.settle();

    const trial = t.trial(trialId);
    expect(trial.ce_id).toBe(team.ce1.id);
    const space = t.slack.channel(trial.space_channel_id)!;
    expect(space.members).toContain(team.ce1.id);
    const note = `<@${team.ce1.id}> (${team.ce1.email}) is now the CE of this trial`;
    expect(t.slack.messagesIn(space.id).some((m) => m.text.includes(note))).toBe(true);
    expect(t.thread(alert.channel, alert.ts).some((m) => m.text.includes(note))).toBe(true);
    // The card, still the space's first message, shows the CE now.
    expect(JSON.stringify(t.slack.messagesIn(space.id)[0]!.blocks)).toContain(`<@${team.ce1.id}>`);

    const mail = await t.smtp!.waitFor((m) => m.to.includes('bob@initech.com'));
    expect(mail.subject).toMatch(/being set up/);
    expect(mail.text).toContain(`(${team.ce1.email}), a Customer Engineer, will be your guide`);
    expect(mail.cc).toEqual(expect.arrayContaining([team.ce1.email, trial.ae_id === team.ae1.id ? team.ae1.email : team.ae2.email]));

    const comments = t.github.comments(REPO, issue!.number);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toContain(`CE email: \`${team.ce1.email}\``);

    const lines = t.db.prepare(`SELECT actor, action, detail FROM audit WHERE trial_id = ? AND actor = 'cli'`).all(trialId);
    expect(lines).toEqual([{ actor: 'cli', action: 'assigned CE', detail: `${team.ce1.id} (${team.ce1.email}) by an admin` }]);
    expect(t.count('touches', 'slack_user_id = ? AND role = ?', team.ce1.id, 'ce')).toBe(1);

    // Again: nothing to do. Another CE: the issue hears of it, the prospect gets no second welcome.
    expect((await admin('assign', trialId, 'ce', team.ce1.email)).stdout).toContain('is already the CE');
    expect(await admin('assign', 'initech.com', 'ce', team.ce2.email)).toMatchObject({ code: 0 });
    await t.settle();
    expect(t.trial(trialId).ce_id).toBe(team.ce2.id);
    expect(t.slack.channel(trial.space_channel_id)!.members).toContain(team.ce2.id);
    expect(t.github.comments(REPO, issue!.number).map((c) => c.body)).toEqual([
      expect.stringContaining(team.ce1.email),
      expect.stringContaining(`CE email: \`${team.ce2.email}\``),
    ]);
    expect(prospectMail()).toHaveLength(1);
    expect(t.count('outbox', "status = 'failed'")).toBe(0);
  });

  it('a CE assigned before the instance request is opened is in the request itself', async () => {
    t = await TestBot.start({ smtp: true });
    // GitHub is down while the lead is qualified: the request waits in the outbox.
    t.github.fail('POST /repos/:o/:r/issues', { status: 502 }, 1000);
    const { trialId } = await qualifiedWithoutCe({ settle: false });
    const creates = () => t.github.callsTo('POST /repos/:o/:r/issues').length;
    await t.eventually(() => expect(creates()).toBeGreaterThan(0));
    expect(await admin('assign', trialId, 'ce', team.ce2.email)).toMatchObject({ code: 0 });
    // Two more failed attempts: the second of them was drawn up after the assignment, whatever the first was.
    const seen = creates();
    await t.eventually(() => expect(creates()).toBeGreaterThanOrEqual(seen + 2));
    t.github.clearFaults();
    // The failed attempts left it waiting out a backoff: settle alone may come before the retry.
    await t.eventually(() => expect(t.github.issues(REPO)).toHaveLength(1));
    await t.settle();
    const [issue] = t.github.issues(REPO);
    expect(issue!.body).toContain(`| CE email | \`${team.ce2.email}\` |`);
    expect(t.github.comments(REPO, issue!.number)).toHaveLength(0);
    await t.smtp!.waitFor((m) => m.to.includes('bob@initech.com'));
  });

  it('a CE assigned while the request is on its way to GitHub is added to it in a comment', async () => {
    t = await TestBot.start();
    let arrived = false;
    // GitHub holds the create until told: the body it carries was drawn up before the assignment.
    t.github.fail(
      (key) => {
        const create = /^POST \/repos\/[^/]+\/[^/]+\/issues$/.test(key);
        if (create) arrived = true;
        return create;
      },
      { hang: 60_000 },
    );
    const { trialId } = await qualifiedWithoutCe({ settle: false });
    await t.eventually(() => expect(arrived).toBe(true));
    expect(await admin('assign', trialId, 'ce', team.ce2.email)).toMatchObject({ code: 0 });
    t.github.releaseHung();
    await t.eventually(() => expect(t.github.issues(REPO)).toHaveLength(1));
    await t.settle();
    const [issue] = t.github.issues(REPO);
    expect(issue!.body).toContain('no CE could be assigned');
    expect(t.github.comments(REPO, issue!.number).map((c) => c.body)).toEqual([expect.stringContaining(`CE email: \`${team.ce2.email}\``)]);
  });

  it('gives a trial nobody eligible could take its AE: invited, told in the space and under the alert, shown on the alert; no email, no issue comment', async () => {
    t = await TestBot.start({ smtp: true });
    const { trialId, alert } = await qualifiedWithoutCe({ role: 'ae' });
    expect(t.trial(trialId).ae_id).toBeNull();
    const welcomes = prospectMail().length;
    expect(welcomes).toBe(1);
    const alertAe = () => JSON.stringify(t.alerts().find((m) => m.ts === alert.ts)!.blocks).match(/\*AE\*\\n([^"]*)"/)?.[1];
    expect(alertAe()).toBe('nobody yet');

    const result = await admin('assign', 'initech.com', 'ae', team.ae2.email);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain(`is now the AE of trial ${trialId} (initech.com); the server invites them to the trial space and posts a note there`);
    await t.settle();

    const trial = t.trial(trialId);
    expect(trial.ae_id).toBe(team.ae2.id);
    expect(t.slack.channel(trial.space_channel_id)!.members).toContain(team.ae2.id);
    const note = `<@${team.ae2.id}> (${team.ae2.email}) is now the AE of this trial`;
    expect(t.slack.messagesIn(trial.space_channel_id).filter((m) => m.text.includes(note))).toHaveLength(1);
    expect(t.thread(alert.channel, alert.ts).filter((m) => m.text.includes(note))).toHaveLength(1);
    expect(alertAe()).toBe(`<@${team.ae2.id}>`);
    expect(prospectMail()).toHaveLength(welcomes);
    const [issue] = t.github.issues(REPO);
    expect(t.github.comments(REPO, issue!.number)).toHaveLength(0);
    expect(t.count('outbox', "status = 'failed'")).toBe(0);
  });

  it('in thread mode the space is the alert’s thread: the note is posted there once', async () => {
    t = await TestBot.start({ env: { TRIAL_SPACE: 'thread' } });
    const { trialId, alert } = await qualifiedWithoutCe();
    expect(t.trial(trialId).space_thread_ts).toBe(alert.ts);
    expect(await admin('assign', trialId, 'ce', team.ce1.email)).toMatchObject({ code: 0 });
    await t.settle();
    const note = `<@${team.ce1.id}> (${team.ce1.email}) is now the CE of this trial`;
    expect(t.thread(alert.channel, alert.ts).filter((m) => m.text.includes(note))).toHaveLength(1);
  });

  it('a trial whose channel could not be opened hears of its CE once, under its alert', async () => {
    t = await TestBot.start();
    // Slack refuses the channel for good: the space's note falls back to the alert's thread.
    t.slack.fail('conversations.create', { error: 'restricted_action' });
    const { trialId, alert } = await qualifiedWithoutCe();
    expect(t.trial(trialId).space_channel_id).toBeNull();
    expect(await admin('assign', trialId, 'ce', team.ce1.email)).toMatchObject({ code: 0 });
    await t.settle();
    const note = `<@${team.ce1.id}> (${team.ce1.email}) is now the CE of this trial`;
    expect(t.thread(alert.channel, alert.ts).filter((m) => m.text.includes(note))).toHaveLength(1);
  });

  it('refuses an unknown person, a person without the role and an unknown trial, changing nothing', async () => {
    t = await TestBot.start({ smtp: true });
    const { trialId } = await qualifiedWithoutCe();
    const before = {
      trial: t.trial(trialId),
      outbox: t.count('outbox'),
      audit: t.count('audit'),
      touches: t.count('touches'),
    };
    const cases: Array<[string[], number, string]> = [
      [['assign', trialId, 'ce', 'nobody@vendor.test'], 1, 'nobody@vendor.test is not in the roster\n'],
      [['assign', trialId, 'ce', team.ae1.email], 1, `${team.ae1.email} is in the roster as ae, not as ce\n`],
      [['assign', 'hooli.com', 'ce', team.ce1.email], 1, 'unknown trial: hooli.com\n'],
    ];
    for (const [argv, code, stderr] of cases) {
      expect(await admin(...argv), argv.join(' ')).toEqual({ code, stdout: '', stderr });
    }
    const usage = await admin('assign', trialId, 'sdr', team.sdr.email);
    expect(usage.code).toBe(2);
    expect(usage.stderr.split('\n')[0]).toBe('assign takes ae or ce as its role, not "sdr"');
    expect((await admin('assign', trialId, 'ce')).code).toBe(2);

    await t.settle();
    expect({ trial: t.trial(trialId), outbox: t.count('outbox'), audit: t.count('audit'), touches: t.count('touches') }).toEqual(before);
    expect(prospectMail()).toHaveLength(0);
  });

  it('refuses a lead still in triage: round robin assigns its owners when it is qualified', async () => {
    t = await TestBot.start();
    seedTeam(t.db);
    const res = await t.signup({ id: 's1', email: 'bob@initech.com', company: 'Initech' });
    await t.settle();
    const result = await admin('assign', 'initech.com', 'ce', team.ce1.email);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/still waiting for an inbound SDR to qualify it/);
    expect(t.trial(res.body.trialId).ce_id).toBeNull();
  });
});
