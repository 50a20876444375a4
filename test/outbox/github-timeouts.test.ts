import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeGitHub } from '../../src/fakes/github-api.js';
import { createGitHubClient, type GitHubClient } from '../../src/clients/github-client.js';
import { classifyError } from '../../src/outbox/effect-error.js';
import { createLogger } from '../../src/logger.js';

const REPO = { owner: 'acme-ops', repo: 'cloud-trials' };
let fake: FakeGitHub;
let github: GitHubClient;

beforeEach(async () => {
  fake = await FakeGitHub.start({ token: 'ghp_test', repos: [`${REPO.owner}/${REPO.repo}`] });
  // The production client (plugin-retry at its default), with a short deadline.
  github = createGitHubClient({ token: 'ghp_test', baseUrl: fake.url, logger: createLogger('silent'), throttle: false, timeoutMs: 200 });
});
afterEach(async () => {
  fake.releaseHung();
  await fake.close();
});

/** Hangs every matching request, counting them as they arrive (the fake records a call only once answered). */
function hang(route: RegExp): () => number {
  let arrived = 0;
  fake.fail((key) => route.test(key) && ++arrived > 0, { hang: 60_000 }, 100);
  return () => arrived;
}

describe('the GitHub client and a GitHub that stops answering', () => {
  it('does not retry a timed-out read itself: one request, then the outbox decides (a timeout, uncertain)', async () => {
    const arrived = hang(/^GET \/repos\/[^/]+\/[^/]+\/issues$/);
    const error = await github.rest.issues.listForRepo({ ...REPO, state: 'all' }).catch((e: unknown) => e);
    expect(arrived()).toBe(1);
    expect(classifyError(error)).toEqual({ kind: 'retry', reason: 'GitHub did not answer in time', uncertain: true });
  }, 15_000);

  it('still retries a read that GitHub answered with a 502', async () => {
    fake.fail('GET /repos/:o/:r/issues', { status: 502 }, 1);
    const page = await github.rest.issues.listForRepo({ ...REPO, state: 'all' });
    expect(page.status).toBe(200);
    expect(fake.callsTo('GET /repos/:o/:r/issues').map((c) => c.status)).toEqual([502, 200]);
  });
});
