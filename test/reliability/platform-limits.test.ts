import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { blockProblem } from '../../src/fakes/slack-api.js';
import { welcomeEmail, selfHostEmail } from '../../src/messages/email/templates.js';
import { convertIssue, domainChangeIssue, extendIssue, instanceRequestIssue, terminateIssue, type IssueDraft } from '../../src/messages/github/issue-bodies.js';
import { signupAlert } from '../../src/messages/slack/signup-alert.js';
import { trialCard } from '../../src/messages/slack/trial-card.js';
import { REPO, TestBot } from '../support/test-bot.js';
import { seedTeam, team } from '../support/seed.js';

const brand = { company: 'Example Co', product: 'Example Cloud', selfHostUrl: null };

// Issue 16.5: what a prospect types (the signup schema allows 1000 characters of name and company)
// must fit every field it lands in, or the platform refuses it for good.
const typed = fc.oneof(
  fc.string({ unit: 'grapheme', minLength: 900, maxLength: 1000 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constant('😀'.repeat(1000)),
  fc.constant('x'.repeat(1000)),
);

function withinGitHub(d: IssueDraft) {
  expect(d.title.length).toBeLessThanOrEqual(256);
  expect(d.body.length).toBeLessThanOrEqual(65_536);
  // Never cut inside a character: a lone surrogate would be replaced by GitHub.
  expect(d.title).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
}

describe('every renderer, with text as long as a signup may carry', () => {
  it('GitHub issue titles and bodies stay within 256 and 65,536 characters', () => {
    fc.assert(
      fc.property(typed, typed, typed, (company, name, reason) => {
        const facts = {
          trialId: 'tr_x',
          company,
          domain: 'x.com',
          instanceUrl: 'https://pool001.sourcegraph.test',
          ceEmail: 'ce@vendor.test',
          aeEmail: null,
          requestedBy: name,
        };
        withinGitHub(
          instanceRequestIssue({
            trialId: 'tr_x',
            company,
            domain: 'x.com',
            requesterName: name,
            requesterEmail: 'a@x.com',
            ceEmail: 'ce@vendor.test',
            ceName: name,
            aeEmail: null,
            caseCode: '3',
            trialSpace: null,
          }),
        );
        withinGitHub(extendIssue({ ...facts, key: 'k', days: 15, newEndOn: '2026-12-31', reason }));
        withinGitHub(terminateIssue({ ...facts, key: 'k', reason }));
        withinGitHub(convertIssue({ ...facts, key: 'k' }));
        withinGitHub(domainChangeIssue({ ...facts, key: 'k', vanity: `${'a'.repeat(63)}.${'b'.repeat(63)}.example.com` }));
      }),
      { numRuns: 300 },
    );
  });

  it('Slack blocks pass Block Kit’s limits and email subjects stay one short line', () => {
    fc.assert(
      fc.property(typed, typed, (company, name) => {
        const alert = signupAlert({
          trialId: 'tr_x',
          caseCode: '3',
          name,
          email: 'a@x.com',
          company,
          domain: 'x.com',
          personalEmail: false,
          instanceUrl: null,
          accountName: company,
          namedSdrId: null,
          aeId: 'UAE1',
          ceId: 'UCE1',
          poolEmpty: false,
          signedUpAt: '2026-11-22T09:00:00.000Z',
          decision: { kind: 'disqualified', by: 'USDR1', at: '2026-11-22T09:00:00.000Z', reason: name },
        });
        const card = trialCard({
          trialId: 'tr_x',
          caseCode: '3',
          status: 'active',
          company,
          domain: 'x.com',
          prospectName: name,
          prospectEmail: 'a@x.com',
          instanceUrl: null,
          aeId: 'UAE1',
          ceId: 'UCE1',
          sdrId: 'USDR1',
          namedSdrId: null,
          createdAt: '2026-11-22T09:00:00.000Z',
          startedAt: null,
          endsOn: null,
          grade: null,
          issues: [],
          recent: [],
        });
        for (const m of [alert, card]) expect(blockProblem(m.blocks, 50)).toBeUndefined();
        const welcome = welcomeEmail({ brand, to: 'a@x.com', prospectName: name, company, ce: { name: 'Cee', email: 'ce@vendor.test' }, ae: null });
        expect([...welcome.subject].length).toBeLessThanOrEqual(150);
        expect(welcome.subject).not.toMatch(/[\r\n]/);
        expect(welcome.text).toContain(company.replace(/[\r\n]+/g, ' ').trim());
        expect(selfHostEmail({ brand, to: 'a@x.com', prospectName: name }).subject).not.toMatch(/[\r\n]/);
      }),
      { numRuns: 300 },
    );
  });
});

let t: TestBot;
afterEach(async () => t?.close());

describe('a 1000-character company name through the running pipeline', () => {
  it('qualifies into an instance request GitHub accepts (title cut, full name in the body), and nothing fails', async () => {
    t = await TestBot.start({ smtp: true });
    seedTeam(t.db);
    const company = `Initech ${'Holdings '.repeat(110)}`.slice(0, 1000).trim();
    const { trialId } = await t.signUp({ id: 's1', email: 'bob@initech.com', name: 'B'.repeat(1000), company });
    await t.qualify(team.sdr.id, trialId);
    expect(t.count('outbox', "status = 'failed'")).toBe(0);
    const [issue] = t.github.issues(REPO);
    expect(issue!.title.length).toBeLessThanOrEqual(256);
    expect(issue!.title.endsWith('…')).toBe(true);
    expect(issue!.body).toContain(company.slice(0, 200));
    expect(t.trial(trialId).request_issue_number).toBe(issue!.number);
    expect(t.smtp!.messages).toHaveLength(1);
  });

  it('the GitHub stand-in refuses what GitHub refuses: a 257-character title is a 422', async () => {
    t = await TestBot.start();
    const res = await fetch(`${t.github.url}/repos/${REPO}/issues`, {
      method: 'POST',
      headers: { authorization: `token ${t.env.GITHUB_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'x'.repeat(257), body: 'b' }),
    });
    expect(res.status).toBe(422);
    expect(JSON.stringify(await res.json())).toContain('title is too long (maximum is 256 characters)');
  });
});
