import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO, TestBot } from '../support/test-bot.js';
import { seedTeam, team } from '../support/seed.js';
import { main as admin } from '../../src/cli/admin.js';
import { createLogger } from '../../src/logger.js';
import { recordEffect } from '../../src/stores/record-effect.js';
import { ActionId } from '../../src/messages/slack/ids.js';

let t: TestBot;
afterEach(async () => t?.close());

/** A logger whose lines the test can read. */
function capturedLogger() {
  const lines: string[] = [];
  const logger = createLogger('info', new Writable({ write: (c, _e, done) => (lines.push(String(c)), done()) }) as never);
  return { lines, logger };
}

/** Milliseconds between consecutive calls, from the times the fake recorded them. */
const gaps = (calls: Array<{ at: Date }>) => calls.slice(1).map((c, n) => c.at.getTime() - calls[n]!.at.getTime());

const failureReports = () => t.alerts().filter((m) => m.text.startsWith(':warning: trialbot could not'));

async function adminCli(...argv: string[]) {
  const out: string[] = [];
  const code = await admin(argv, { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => out.push(s) }, env: t.env });
  return { code, out: out.join('') };
}

async function qualify(email = 'bob@initech.com') {
  const { trialId } = await t.signUp({ id: `s-${email}`, email, company: 'Initech' });
  await t.qualify(team.sdr.id, trialId);
  return trialId;
}

describe('when Slack misbehaves', () => {
  it('a 429 is waited out (Retry-After) and the alert posted once', async () => {
    t = await TestBot.start({ options: { schedule: false } });
    t.slack.fail('chat.postMessage', { status: 429, retryAfter: 1 }, 2);
    await t.signup({ id: 's1', email: 'bob@initech.com' });
    await t.eventually(() => expect(t.alerts()).toHaveLength(1), 10_000);
    await t.settle();
    const calls = t.slack.callsTo('chat.postMessage');
    expect(calls.length).toBe(3);
    // TestBot's backoff is 20 ms: only Retry-After explains a full second between tries.
    for (const gap of gaps(calls)) expect(gap).toBeGreaterThanOrEqual(1000);
    expect(t.alerts()).toHaveLength(1);
    expect(t.count('outbox', "status = 'done'")).toBe(t.count('outbox'));
    // Waiting out a 429 is not a failed attempt.
    expect(t.db.prepare(`SELECT attempts FROM outbox`).get()).toEqual({ attempts: 1 });
  });

  it('an outage longer than the old 12 attempts still ends with the alert posted once', async () => {
    t = await TestBot.start({ options: { schedule: false } });
    t.slack.fail('chat.postMessage', { status: 503 }, 20);
    t.slack.fail('chat.postMessage', { badJson: true }, 5);
    await t.signup({ id: 's1', email: 'bob@initech.com' });
    await t.eventually(async () => {
      await t.settle();
      expect(t.alerts()).toHaveLength(1);
    }, 15_000);
    await t.settle();
    expect(t.db.prepare(`SELECT status, attempts FROM outbox WHERE kind = 'alert.post'`).get()).toEqual({ status: 'done', attempts: 26 });
    expect(t.count('outbox', "status = 'failed'")).toBe(0);
    expect(failureReports()).toHaveLength(0);
  });

  it('a transient failure that outlasts the retry budget is marked failed and reported once', async () => {
    const { lines, logger } = capturedLogger();
    t = await TestBot.start({ options: { schedule: false, logger, outbox: { retryBudgetMs: 300 } } });
    seedTeam(t.db);
    t.github.fail('POST /repos/:o/:r/issues', { status: 503 }, 10_000);
    await qualify();
    await t.eventually(async () => {
      await t.settle();
      expect(t.count('outbox', "kind = 'github.issue' AND status = 'failed'")).toBe(1);
    }, 10_000);
    await t.settle();
    const failed = t.db.prepare(`SELECT attempts, last_error FROM outbox WHERE kind = 'github.issue'`).get() as { attempts: number; last_error: string };
    expect(failed.attempts).toBeGreaterThan(1);
    expect(failed.last_error).toMatch(/^GitHub 503 \(still failing after \d+ m?s of retries\)$/);
    expect(failureReports().filter((m) => m.text.includes('could not open a GitHub issue'))).toHaveLength(1);
    expect(lines.join('')).toContain('effect failed for good');
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
    expect(reports[0]!.text).not.toContain('npm run');
    const retry = (reports[0]!.blocks as any[]).flatMap((b) => b.elements ?? []).find((e: any) => e.action_id === ActionId.RetryEffect);
    expect(retry?.value).toBe(String(failed[0].id));

    const listed = await adminCli('outbox');
    expect(listed.code).toBe(0);
    expect(listed.out).toContain('trial.space');
    expect(listed.out).toContain('restricted_action');

    // Only an admin may retry; the CE's click changes nothing.
    await t.clickButton(team.ce1.id, ActionId.RetryEffect, retry.value, { channel: reports[0]!.channel, ts: reports[0]!.ts });
    expect(await t.lastEphemeral(team.ce1.id)).toContain('Only trialbot admins retry');
    expect(t.count('outbox', "status = 'failed'")).toBe(1);
    // The admin's click sends it back to the queue, audited under their name, and the report loses its button.
    await t.clickButton(team.admin.id, ActionId.RetryEffect, retry.value, { channel: reports[0]!.channel, ts: reports[0]!.ts });
    expect(await t.lastEphemeral(team.admin.id)).toContain('Sent back to the queue');
    expect(t.count('audit', "action = 'outbox-retry' AND actor = ?", team.admin.id)).toBe(1);
    await t.eventually(() => expect(JSON.stringify(t.alerts().find((m) => m.ts === reports[0]!.ts)!.blocks)).toContain(`<@${team.admin.id}> retried it`));
    expect(JSON.stringify(t.alerts().find((m) => m.ts === reports[0]!.ts)!.blocks)).not.toContain(ActionId.RetryEffect);
    t.bot.worker.kick();
    await t.eventually(() =>
      expect(t.db.prepare('SELECT space_channel_id FROM trials WHERE id = ?').get(trialId)).toMatchObject({ space_channel_id: expect.any(String) }),
    );
    await t.settle();
    expect(t.count('outbox', "status = 'failed'")).toBe(0);
  });

  it('a manual retry starts afresh: attempts reset, and a second failure is reported again', async () => {
    t = await TestBot.start({ options: { schedule: false, outbox: { retryBudgetMs: 300 } } });
    seedTeam(t.db);
    t.github.fail('POST /repos/:o/:r/issues', { status: 502 }, 10_000);
    const trialId = await qualify();
    const issueEffect = () =>
      t.db.prepare(`SELECT id, status, attempts FROM outbox WHERE kind = 'github.issue'`).get() as { id: number; status: string; attempts: number };
    await t.eventually(async () => {
      await t.settle();
      expect(issueEffect().status).toBe('failed');
    }, 10_000);
    const { id, attempts } = issueEffect();
    expect(attempts).toBeGreaterThan(2);
    await t.eventually(() => expect(failureReports()).toHaveLength(1));

    // The operator retries while GitHub is still down: the budget starts again, and so does the report.
    const retried = await adminCli('outbox', 'retry', String(id));
    expect(retried).toEqual({ code: 0, out: expect.stringContaining(`after ${attempts} attempts`) });
    expect(issueEffect()).toMatchObject({ status: 'pending', attempts: 1 });
    const createsBefore = t.github.callsTo('POST /repos/:o/:r/issues').length;
    t.bot.worker.kick();
    await t.eventually(async () => {
      await t.settle();
      expect(issueEffect().status).toBe('failed');
    }, 10_000);
    await t.settle();
    // A second round of retries, not one attempt failed at once on the budget the first round spent.
    expect(issueEffect().attempts).toBeGreaterThan(2);
    expect(t.github.callsTo('POST /repos/:o/:r/issues').length - createsBefore).toBeGreaterThan(2);
    const reports = failureReports().filter((m) => m.text.includes('could not open a GitHub issue'));
    expect(reports).toHaveLength(2);
    expect(reports.every((m) => JSON.stringify(m.blocks).includes(`"value":"${id}"`))).toBe(true);
    expect((await adminCli('outbox')).out).toMatch(new RegExp(`^${id}\\s+github\\.issue\\s+failed`, 'm'));

    // Fixed: the third try opens the issue, once.
    t.github.clearFaults();
    expect((await adminCli('outbox', 'retry', String(id))).code).toBe(0);
    t.bot.worker.kick();
    await t.eventually(async () => {
      await t.settle();
      expect(t.db.prepare('SELECT request_issue_number FROM trials WHERE id = ?').get(trialId)).toMatchObject({ request_issue_number: 1 });
    });
    expect(t.github.issues(REPO)).toHaveLength(1);
    expect(failureReports()).toHaveLength(2);
  });

  it('the retry budget counts from the first failure: an effect that waited (behind its lane, say) before its first attempt is still retried', async () => {
    t = await TestBot.start({ options: { schedule: false, outbox: { retryBudgetMs: 300 } } });
    t.slack.fail('chat.postMessage', { status: 503 }, 2);
    // Recorded a minute ago, due only now: longer than the whole budget.
    const recorded = new Date(Date.now() - 60_000);
    recordEffect(t.db, { key: 'probe', kind: 'slack.post', payload: { to: { alerts: true }, text: 'hello' }, runAfter: new Date() }, recorded);
    await t.eventually(async () => {
      await t.settle();
      expect(t.db.prepare(`SELECT status FROM outbox WHERE key = 'probe'`).get()).not.toEqual({ status: 'pending' });
    }, 10_000);
    expect(t.db.prepare(`SELECT status, attempts FROM outbox WHERE key = 'probe'`).get()).toEqual({ status: 'done', attempts: 3 });
    expect(t.alerts().map((m) => m.text)).toEqual(['hello']);
    // Done: the next failure, if there were one, would start a budget of its own.
    expect(t.db.prepare(`SELECT failing_since FROM outbox WHERE key = 'probe'`).get()).toEqual({ failing_since: null });
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

describe('the permanent Slack errors: one call, marked failed, reported once (or only logged)', () => {
  const spaceChannel = () => t.slack.createChannel({ name: 'cloud-trial-space', botIsMember: true }).id;
  it.each([
    // [error, the failing method, where the effect posts, reported in #cloud-trial-alerts?]
    ['channel_not_found', 'chat.postMessage', 'alerts', false],
    ['not_in_channel', 'chat.postMessage', 'alerts', false],
    ['is_archived', 'chat.postMessage', 'alerts', false],
    ['channel_not_found', 'chat.postMessage', 'space', true],
    ['not_in_channel', 'chat.postMessage', 'space', true],
    ['is_archived', 'chat.postMessage', 'space', true],
    ['user_not_found', 'conversations.open', 'dm', true],
    ['users_not_found', 'conversations.open', 'dm', true],
    ['invalid_blocks', 'chat.postMessage', 'alerts', true],
  ] as const)('%s on %s to the %s', async (error, method, where, reported) => {
    const { lines, logger } = capturedLogger();
    t = await TestBot.start({ options: { schedule: false, logger } });
    const to = where === 'alerts' ? { alerts: true } : where === 'space' ? { channel: spaceChannel() } : { user: team.ce1.id };
    t.slack.fail(method, { error }, 1);
    recordEffect(t.db, { key: 'probe', kind: 'slack.post', payload: { to, text: 'hello' } }, new Date());
    await t.eventually(async () => {
      await t.settle();
      expect(t.db.prepare(`SELECT status FROM outbox WHERE key = 'probe'`).get()).toEqual({ status: 'failed' });
    });
    await t.settle();
    // One call: not retried.
    const tries = method === 'chat.postMessage' ? t.slack.callsTo(method).filter((c) => c.args.text === 'hello') : t.slack.callsTo(method);
    expect(tries).toHaveLength(1);
    expect(t.db.prepare(`SELECT attempts, last_error FROM outbox WHERE key = 'probe'`).get()).toEqual({ attempts: 1, last_error: `Slack: ${error}` });
    const reports = failureReports();
    if (reported) {
      expect(reports).toHaveLength(1);
      expect(reports[0]!.text).toContain(`Slack: ${error}`);
    } else {
      // #cloud-trial-alerts is what fails: a report there would fail too, so the log has it.
      expect(reports).toHaveLength(0);
      expect(t.count('outbox', "kind = 'slack.report'")).toBe(0);
    }
    const logged = lines
      .join('')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l))
      .filter((l) => l.msg === 'effect failed for good');
    expect(logged).toHaveLength(1);
    expect(logged[0].reason).toBe(`Slack: ${error}`);
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

  it.each([
    ['a secondary rate limit (403 with retry-after)', { status: 403, secondaryRateLimit: true, retryAfter: 1 }],
    ['a 429 with retry-after', { status: 429, retryAfter: 1 }],
  ])('%s is waited out, then one issue is opened', async (_name, fault) => {
    t = await TestBot.start({ options: { schedule: false } });
    seedTeam(t.db);
    t.github.fail('POST /repos/:o/:r/issues', fault, 1);
    await qualify();
    await t.eventually(async () => {
      await t.settle();
      expect(t.github.issues(REPO)).toHaveLength(1);
    }, 10_000);
    const creates = t.github.callsTo('POST /repos/:o/:r/issues');
    expect(creates.map((c) => c.status)).toEqual([fault.status, 201]);
    // TestBot's backoff is 20 ms: the second try came only after Retry-After (1 s).
    expect(gaps(creates)[0]).toBeGreaterThanOrEqual(1000);
    expect(t.db.prepare(`SELECT status, attempts FROM outbox WHERE kind = 'github.issue'`).get()).toEqual({ status: 'done', attempts: 1 });
  });

  it('a create that hangs times out, and once GitHub is back the issue is found by its marker: opened exactly once', async () => {
    t = await TestBot.start({ options: { schedule: false, githubTimeoutMs: 300, outbox: { inFlightGraceMs: 1500 } } });
    seedTeam(t.db);
    t.github.fail('POST /repos/:o/:r/issues', { hang: 60_000 }, 1);
    const trialId = await qualify();
    const issueEffect = () =>
      t.db.prepare(`SELECT status, attempts, last_error FROM outbox WHERE kind = 'github.issue'`).get() as {
        status: string;
        attempts: number;
        last_error: string | null;
      };
    // The deadline frees the slot and the lane: the effect is waiting to retry, not stuck running.
    await t.eventually(() => expect(issueEffect()).toEqual({ status: 'pending', attempts: 1, last_error: 'GitHub did not answer in time' }), 5000);
    expect(t.github.issues(REPO)).toHaveLength(0);
    // The abandoned request lands after all, a few hundred ms late (GitHub was slow, not down):
    // later than an immediate retry would have come, sooner than the worker's grace after a timeout.
    await new Promise((r) => setTimeout(r, 400));
    t.github.releaseHung();
    await t.eventually(() => expect(t.github.callsTo('POST /repos/:o/:r/issues').filter((c) => c.fault)).toHaveLength(1));
    await t.eventually(async () => {
      await t.settle();
      expect(issueEffect().status).toBe('done');
    }, 10_000);
    expect(t.github.issues(REPO)).toHaveLength(1);
    expect(t.github.callsTo('POST /repos/:o/:r/issues')).toHaveLength(1);
    expect(t.db.prepare('SELECT request_issue_number FROM trials WHERE id = ?').get(trialId)).toEqual({ request_issue_number: 1 });
    expect(failureReports()).toHaveLength(0);
  });

  it("with the production client (plugin-throttling on): a secondary limit is waited out by the plugin, a read's 502 retried by plugin-retry", async () => {
    t = await TestBot.start({ options: { schedule: false, githubThrottle: true } });
    seedTeam(t.db);
    t.github.fail('POST /repos/:o/:r/issues', { status: 403, secondaryRateLimit: true, retryAfter: 1 }, 1);
    await qualify();
    await t.eventually(async () => {
      await t.settle();
      expect(t.github.issues(REPO)).toHaveLength(1);
    }, 15_000);
    const creates = t.github.callsTo('POST /repos/:o/:r/issues');
    expect(creates.map((c) => c.status)).toEqual([403, 201]);
    expect(gaps(creates)[0]).toBeGreaterThanOrEqual(1000);
    // The plugin waited inside the one attempt: the outbox never saw a failure.
    expect(t.db.prepare(`SELECT status, attempts, last_error FROM outbox WHERE kind = 'github.issue'`).get()).toEqual({
      status: 'done',
      attempts: 1,
      last_error: null,
    });

    // A lost answer makes the next attempt look first; that read meets a 502 and plugin-retry tries it again.
    t.github.fail('POST /repos/:o/:r/issues', { dropAfterProcessing: true }, 1);
    t.github.fail('GET /repos/:o/:r/issues', { status: 502 }, 1);
    await qualify('peter@initrode.com');
    await t.eventually(async () => {
      await t.settle();
      expect(t.github.issues(REPO)).toHaveLength(2);
      expect(t.count('outbox', "kind = 'github.issue' AND status = 'done'")).toBe(2);
    }, 15_000);
    expect(t.github.callsTo('GET /repos/:o/:r/issues').map((c) => c.status)).toEqual([502, 200]);
    expect(t.github.issues(REPO)).toHaveLength(2);
  }, 30_000);

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
