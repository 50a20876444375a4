import { afterEach, describe, expect, it } from 'vitest';
import { REPO, TestBot } from '../support/test-bot.js';
import { seedTeam, team } from '../support/seed.js';
import { main as admin } from '../../src/cli/admin.js';

let t: TestBot;
afterEach(async () => t?.close());

async function adminCli(...argv: string[]) {
  const out: string[] = [];
  const code = await admin(argv, { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => out.push(s) }, env: t.env });
  return { code, out: out.join('') };
}

async function qualify(email = 'bob@initech.com') {
  const res = await t.signup({ id: `s-${email}`, email, company: 'Initech' });
  await t.settle();
  const alert = t.alerts().find((m) => JSON.stringify(m.blocks).includes(res.body.trialId))!;
  await t.clickButton(team.sdr.id, 'trial_qualify', res.body.trialId, { channel: alert.channel, ts: alert.ts });
  await t.lastEphemeral(team.sdr.id, t.slack.ephemeralsFor(team.sdr.id).length + 1);
  await t.settle();
  return res.body.trialId as string;
}

describe('when Slack misbehaves', () => {
  it('a 429 is waited out (Retry-After) and the alert posted once', async () => {
    t = await TestBot.start({ options: { schedule: false } });
    t.slack.fail('chat.postMessage', { status: 429, retryAfter: 1 }, 2);
    await t.signup({ id: 's1', email: 'bob@initech.com' });
    await t.eventually(() => expect(t.alerts()).toHaveLength(1), 10_000);
    await t.settle();
    expect(t.slack.callsTo('chat.postMessage').length).toBe(3);
    expect(t.alerts()).toHaveLength(1);
    expect(t.count('outbox', "status = 'done'")).toBe(t.count('outbox'));
  });

  it('5xx, bad JSON and a lost answer are retried, and the alert still appears exactly once', async () => {
    t = await TestBot.start({ options: { schedule: false } });
    t.slack.fail('chat.postMessage', { status: 503 }, 1);
    t.slack.fail('chat.postMessage', { badJson: true }, 1);
    t.slack.fail('chat.postMessage', { dropAfterProcessing: true }, 1);
    await t.signup({ id: 's1', email: 'bob@initech.com' });
    await t.eventually(async () => {
      await t.settle();
      expect(t.count('outbox', "status = 'done'")).toBe(1);
    }, 10_000);
    expect(t.alerts()).toHaveLength(1);
  });

  it('a permanent error is not retried forever: marked failed, reported once, listed by admin, retryable', async () => {
    t = await TestBot.start({ options: { schedule: false } });
    seedTeam(t.db);
    t.slack.fail('conversations.create', { error: 'restricted_action' }, 1);
    const trialId = await qualify();
    const failed = t.db.prepare(`SELECT * FROM outbox WHERE status = 'failed'`).all() as any[];
    expect(failed).toHaveLength(1);
    expect(failed[0].kind).toBe('trial.space');
    expect(t.slack.callsTo('conversations.create')).toHaveLength(1);
    const reports = t.alerts().filter((m) => m.text.includes('could not open the trial space'));
    expect(reports).toHaveLength(1);
    expect(reports[0]!.text).toContain(`outbox retry ${failed[0].id}`);

    const listed = await adminCli('outbox');
    expect(listed.code).toBe(0);
    expect(listed.out).toContain('trial.space');
    expect(listed.out).toContain('restricted_action');

    expect((await adminCli('outbox', 'retry', String(failed[0].id))).code).toBe(0);
    t.bot.worker.kick();
    await t.eventually(() => expect(t.db.prepare('SELECT space_channel_id FROM trials WHERE id = ?').get(trialId)).toMatchObject({ space_channel_id: expect.any(String) }));
    await t.settle();
    expect(t.count('outbox', "status = 'failed'")).toBe(0);
  });

  it('when #cloud-trial-alerts itself is gone, the failure goes to the log only (no report loop)', async () => {
    t = await TestBot.start({ options: { schedule: false } });
    t.slack.fail('chat.postMessage', { error: 'channel_not_found' }, 5);
    await t.signup({ id: 's1', email: 'bob@initech.com' });
    await t.settle();
    expect(t.count('outbox', "status = 'failed'")).toBe(1);
    expect(t.count('outbox')).toBe(1);
  });
});

describe('when GitHub misbehaves', () => {
  it('502/503 are retried and one issue is opened', async () => {
    t = await TestBot.start({ options: { schedule: false } });
    seedTeam(t.db);
    t.github.fail('POST /repos/:o/:r/issues', { status: 502 }, 1);
    t.github.fail('POST /repos/:o/:r/issues', { status: 503 }, 1);
    await qualify();
    await t.eventually(async () => {
      await t.settle();
      expect(t.github.issues(REPO)).toHaveLength(1);
    });
  });

  it('a secondary rate limit (403 with retry-after) is waited out', async () => {
    t = await TestBot.start({ options: { schedule: false } });
    seedTeam(t.db);
    t.github.fail('POST /repos/:o/:r/issues', { status: 403, secondaryRateLimit: true, retryAfter: 1 }, 1);
    await qualify();
    await t.eventually(async () => {
      await t.settle();
      expect(t.github.issues(REPO)).toHaveLength(1);
    }, 10_000);
  });

  it('a create whose answer was lost is found by its marker, not opened twice', async () => {
    t = await TestBot.start({ options: { schedule: false } });
    seedTeam(t.db);
    t.github.fail('POST /repos/:o/:r/issues', { dropAfterProcessing: true }, 1);
    const trialId = await qualify();
    await t.eventually(async () => {
      await t.settle();
      expect(t.db.prepare('SELECT request_issue_number FROM trials WHERE id = ?').get(trialId)).toMatchObject({ request_issue_number: 1 });
    });
    expect(t.github.issues(REPO)).toHaveLength(1);
    expect(t.github.callsTo('POST /repos/:o/:r/issues')).toHaveLength(1);
  });
});
