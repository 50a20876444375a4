import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import { Webhooks } from '@octokit/webhooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeGitHub } from '../../src/fakes/github-api.js';

const REPO = 'acme/cloud-ops';
const RetryingOctokit = Octokit.plugin(retry, throttling);
let clientNo = 0;

// plugin-throttling spaces writes 1 s apart (3 s for issues and comments) through Bottleneck groups;
// a pass-through group keeps these tests quick while the retry-after handling stays real.
const unthrottled = { key: () => ({ schedule: (_opts: unknown, fn: (...a: unknown[]) => unknown, ...args: unknown[]) => fn(...args) }) } as never;

/** The client the bot uses, with waits shrunk to milliseconds (retryAfterBaseValue: 1). */
function clientFor(fake: FakeGitHub, auth = 'ghp_test', seen: { secondary: number[] } = { secondary: [] }) {
  return new RetryingOctokit({
    baseUrl: fake.url,
    auth,
    log: { debug() {}, info() {}, warn() {}, error() {} },
    retry: { retryAfterBaseValue: 1 },
    throttle: {
      id: `test-${++clientNo}`, // octokit's write limiter is per id; a fresh id keeps tests from queueing behind each other
      retryAfterBaseValue: 1,
      write: unthrottled,
      notifications: unthrottled,
      onRateLimit: () => true,
      onSecondaryRateLimit: (retryAfter: number) => {
        seen.secondary.push(retryAfter);
        return true;
      },
    },
  });
}

async function status(p: Promise<unknown>): Promise<{ status: number; message?: string; data?: unknown }> {
  try {
    await p;
    return { status: 0 };
  } catch (err) {
    const e = err as { status: number; response?: { data?: { message?: string } } };
    return { status: e.status, message: e.response?.data?.message, data: e.response?.data };
  }
}

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

async function startReceiver(answer = 200): Promise<{ url: string; received: Received[]; close: () => Promise<void> }> {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(answer).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks/github`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('FakeGitHub through @octokit/rest', () => {
  let fake: FakeGitHub;
  let octokit: InstanceType<typeof RetryingOctokit>;

  beforeEach(async () => {
    fake = await FakeGitHub.start({ repos: [REPO] });
    octokit = clientFor(fake);
  });
  afterEach(async () => {
    await fake.close();
  });

  const [owner, repo] = REPO.split('/');

  it("creates an issue in GitHub's shape and records the call", async () => {
    const { data, status: code } = await octokit.issues.create({
      owner,
      repo,
      title: 'Instance request: acme',
      body: 'CE: cy@corp.test',
      labels: ['cloud-trial/instance-request'],
    });
    expect(code).toBe(201);
    expect(data).toMatchObject({
      number: 1,
      title: 'Instance request: acme',
      body: 'CE: cy@corp.test',
      state: 'open',
      labels: [{ name: 'cloud-trial/instance-request' }],
      html_url: `https://github.com/${REPO}/issues/1`,
      user: { login: 'trialbot[bot]' },
      comments: 0,
      closed_at: null,
    });
    expect(typeof data.id).toBe('number');
    expect(data.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(fake.issues(REPO)).toHaveLength(1);
    expect(fake.issue(REPO, 1)?.title).toBe('Instance request: acme');
    expect(fake.calls.map((c) => `${c.method} ${c.path} ${c.status}`)).toEqual([`POST /repos/${REPO}/issues 201`]);
  });

  it('answers 422 without a title, 404 for unknown repos and issues, 401 for bad credentials', async () => {
    const noTitle = await status(octokit.request('POST /repos/{owner}/{repo}/issues', { owner, repo, body: 'x' } as never));
    expect(noTitle).toMatchObject({ status: 422, message: 'Validation Failed' });
    expect((noTitle.data as { errors: unknown[] }).errors).toEqual([{ resource: 'Issue', code: 'missing_field', field: 'title' }]);
    expect(await status(octokit.issues.create({ owner: 'acme', repo: 'elsewhere', title: 'x' }))).toMatchObject({ status: 404, message: 'Not Found' });
    expect(await status(octokit.issues.get({ owner, repo, issue_number: 99 }))).toMatchObject({ status: 404, message: 'Not Found' });
    expect(await status(clientFor(fake, 'ghp_wrong').issues.get({ owner, repo, issue_number: 1 }))).toMatchObject({ status: 401, message: 'Bad credentials' });
    expect(fake.issues(REPO)).toEqual([]);
  });

  it('accepts a configured token and names its owner on GET /user', async () => {
    const other = await FakeGitHub.start({ token: 'ghs_app', tokenOwner: 'my-app[bot]' });
    try {
      const { data } = await clientFor(other, 'ghs_app').users.getAuthenticated();
      expect(data.login).toBe('my-app[bot]');
      const rate = await clientFor(other, 'ghs_app').rateLimit.get();
      expect(rate.data.resources.core.remaining).toBeGreaterThan(0);
    } finally {
      await other.close();
    }
  });

  it('lists issues by state, labels and creator, sorted and paginated with Link headers', async () => {
    for (let i = 1; i <= 5; i++) {
      await octokit.issues.create({ owner, repo, title: `issue ${i}`, labels: i % 2 ? ['trial', 'extend'] : ['trial'] });
    }
    fake.closeIssue(REPO, 2);
    const open = await octokit.issues.listForRepo({ owner, repo });
    expect(open.data.map((i) => i.number)).toEqual([5, 4, 3, 1]);
    const asc = await octokit.issues.listForRepo({ owner, repo, state: 'all', direction: 'asc' });
    expect(asc.data.map((i) => i.number)).toEqual([1, 2, 3, 4, 5]);
    const closed = await octokit.issues.listForRepo({ owner, repo, state: 'closed' });
    expect(closed.data.map((i) => i.number)).toEqual([2]);
    const extend = await octokit.issues.listForRepo({ owner, repo, labels: 'trial,extend', state: 'all' });
    expect(extend.data.map((i) => i.number)).toEqual([5, 3, 1]);
    expect((await octokit.issues.listForRepo({ owner, repo, creator: 'someone-else' })).data).toEqual([]);

    const firstPage = await octokit.issues.listForRepo({ owner, repo, state: 'all', per_page: 2 });
    expect(firstPage.headers.link).toContain('rel="next"');
    const all = await octokit.paginate(octokit.issues.listForRepo, { owner, repo, state: 'all', per_page: 2, direction: 'asc' });
    expect(all.map((i) => i.number)).toEqual([1, 2, 3, 4, 5]);
  });

  it('updates, comments on and labels issues', async () => {
    await octokit.issues.create({ owner, repo, title: 'extend trial', labels: ['trial'] });
    const patched = await octokit.issues.update({ owner, repo, issue_number: 1, title: 'extend trial by 15 days', labels: ['trial', 'license-change'] });
    expect(patched.data).toMatchObject({ title: 'extend trial by 15 days', labels: [{ name: 'trial' }, { name: 'license-change' }] });

    const comment = await octokit.issues.createComment({ owner, repo, issue_number: 1, body: 'CE is cy@corp.test' });
    expect(comment.status).toBe(201);
    expect(comment.data).toMatchObject({ body: 'CE is cy@corp.test', user: { login: 'trialbot[bot]' } });
    fake.commentAs(REPO, 1, 'cloud-ops', 'on it');
    const comments = await octokit.issues.listComments({ owner, repo, issue_number: 1 });
    expect(comments.data.map((c) => [c.user?.login, c.body])).toEqual([
      ['trialbot[bot]', 'CE is cy@corp.test'],
      ['cloud-ops', 'on it'],
    ]);
    expect(fake.comments(REPO, 1)).toHaveLength(2);
    expect((await octokit.issues.get({ owner, repo, issue_number: 1 })).data.comments).toBe(2);

    const added = await octokit.issues.addLabels({ owner, repo, issue_number: 1, labels: ['instance-ready'] });
    expect(added.data.map((l) => l.name)).toEqual(['trial', 'license-change', 'instance-ready']);
    const removed = await octokit.issues.removeLabel({ owner, repo, issue_number: 1, name: 'license-change' });
    expect(removed.data.map((l) => l.name)).toEqual(['trial', 'instance-ready']);
    expect(await status(octokit.issues.removeLabel({ owner, repo, issue_number: 1, name: 'nope' }))).toMatchObject({ status: 404 });

    const closed = await octokit.issues.update({ owner, repo, issue_number: 1, state: 'closed' });
    expect(closed.data.state).toBe('closed');
    expect(closed.data.closed_at).toBeTruthy();
    expect(fake.issue(REPO, 1)?.state).toBe('closed');
  });

  it('plugin-retry retries a 502', async () => {
    fake.fail('POST /repos/:o/:r/issues', { status: 502 });
    const { data } = await octokit.issues.create({ owner, repo, title: 'after a 502' });
    expect(data.number).toBe(1);
    expect(fake.calls.map((c) => c.status)).toEqual([502, 201]);
  });

  it('a secondary rate limit (403 + retry-after) is waited out by plugin-throttling', async () => {
    const seen = { secondary: [] as number[] };
    const throttled = clientFor(fake, 'ghp_test', seen);
    fake.fail(/^POST \/repos\/.*\/issues$/, { status: 403, secondaryRateLimit: true, retryAfter: 3 });
    const { data } = await throttled.issues.create({ owner, repo, title: 'patient' });
    expect(data.number).toBe(1);
    expect(seen.secondary).toEqual([3]);
    expect(fake.calls.map((c) => c.status)).toEqual([403, 201]);
  });

  it('a 429 with retry-after is retried', async () => {
    fake.fail('GET /repos/:o/:r/issues/:n', { status: 429, retryAfter: 1 });
    await octokit.issues.create({ owner, repo, title: 'x' });
    const { data } = await octokit.issues.get({ owner, repo, issue_number: 1 });
    expect(data.title).toBe('x');
    expect(fake.calls.map((c) => c.status)).toEqual([201, 429, 200]);
  });

  it('dropAfterProcessing creates the issue while the client sees an error', async () => {
    fake.fail('POST /repos/:o/:r/issues', { dropAfterProcessing: true });
    const outcome = await status(octokit.issues.create({ owner, repo, title: 'lost answer', request: { retries: 0 } }));
    expect(outcome.status).toBeGreaterThanOrEqual(500);
    expect(fake.issues(REPO).map((i) => i.title)).toEqual(['lost answer']);
  });

  it('hang delays the answer, then answers normally', async () => {
    fake.fail('GET /user', { hang: 50 });
    const { data } = await octokit.users.getAuthenticated();
    expect(data.login).toBe('trialbot[bot]');
  });

  it('emits change on every state change', async () => {
    const changes: unknown[] = [];
    fake.on('change', (c) => changes.push(c));
    await octokit.issues.create({ owner, repo, title: 'x' });
    fake.labelIssue(REPO, 1, 'instance-ready');
    fake.commentAs(REPO, 1, 'cloud-ops', 'done');
    fake.closeIssue(REPO, 1);
    expect(changes).toEqual([
      { kind: 'issue', repo: REPO, number: 1, action: 'opened' },
      { kind: 'issue', repo: REPO, number: 1, action: 'labeled' },
      { kind: 'comment', repo: REPO, number: 1, id: expect.any(Number) },
      { kind: 'issue', repo: REPO, number: 1, action: 'closed' },
    ]);
  });

  describe('webhooks', () => {
    it('delivers signed issues and issue_comment events that @octokit/webhooks verifies', async () => {
      const receiver = await startReceiver();
      const secret = 'hook-secret';
      const hooked = await FakeGitHub.start({ repos: [REPO], webhook: { url: receiver.url, secret } });
      try {
        const client = clientFor(hooked);
        await client.issues.create({ owner, repo, title: 'Instance request: acme' });
        hooked.labelIssue(REPO, 1, 'cloud-trial/instance-ready', 'cloud-ops');
        hooked.commentAs(REPO, 1, 'cloud-ops', 'instance is up');
        hooked.closeIssue(REPO, 1);
        hooked.reopenIssue(REPO, 1);
        const deliveries = await hooked.deliveriesSettled();

        expect(deliveries.map((d) => `${d.event}.${d.action}:${d.status}`)).toEqual([
          'issues.opened:200',
          'issues.labeled:200',
          'issue_comment.created:200',
          'issues.closed:200',
          'issues.reopened:200',
        ]);
        expect(receiver.received).toHaveLength(5);
        const webhooks = new Webhooks({ secret });
        for (const r of receiver.received) {
          expect(r.headers['content-type']).toBe('application/json');
          expect(r.headers['x-github-delivery']).toMatch(/^[0-9a-f-]{36}$/);
          expect(await webhooks.verify(r.body, String(r.headers['x-hub-signature-256']))).toBe(true);
        }
        expect(await new Webhooks({ secret: 'other' }).verify(receiver.received[0].body, String(receiver.received[0].headers['x-hub-signature-256']))).toBe(
          false,
        );

        const labeled = JSON.parse(receiver.received[1].body);
        expect(receiver.received[1].headers['x-github-event']).toBe('issues');
        expect(labeled).toMatchObject({
          action: 'labeled',
          label: { name: 'cloud-trial/instance-ready' },
          issue: { number: 1, title: 'Instance request: acme', labels: [{ name: 'cloud-trial/instance-ready' }] },
          repository: { full_name: REPO, name: 'cloud-ops', owner: { login: 'acme' } },
          sender: { login: 'cloud-ops' },
        });
        const opened = JSON.parse(receiver.received[0].body);
        expect(opened.sender.login).toBe('trialbot[bot]');
        const comment = JSON.parse(receiver.received[2].body);
        expect(receiver.received[2].headers['x-github-event']).toBe('issue_comment');
        expect(comment).toMatchObject({ action: 'created', comment: { body: 'instance is up', user: { login: 'cloud-ops' } }, issue: { number: 1 } });
        const closed = JSON.parse(receiver.received[3].body);
        expect(closed.issue.state).toBe('closed');
      } finally {
        await hooked.close();
        await receiver.close();
      }
    });

    it("records the receiver's status and does not retry failed deliveries", async () => {
      const receiver = await startReceiver(500);
      fake.setWebhook({ url: receiver.url, secret: 's' });
      try {
        await octokit.issues.create({ owner, repo, title: 'x' });
        await fake.deliveriesSettled();
        expect(fake.deliveries.map((d) => d.status)).toEqual([500]);
        expect(receiver.received).toHaveLength(1);

        fake.setWebhook({ url: 'http://127.0.0.1:1/nothing-listens', secret: 's' });
        fake.closeIssue(REPO, 1);
        await fake.deliveriesSettled();
        expect(fake.deliveries[1].action).toBe('closed');
        expect(fake.deliveries[1].status).toBeUndefined();
        expect(fake.deliveries[1].error).toBeTruthy();

        fake.setWebhook(null);
        fake.reopenIssue(REPO, 1);
        await fake.deliveriesSettled();
        expect(fake.deliveries).toHaveLength(2);
      } finally {
        await receiver.close();
      }
    });
  });
});
