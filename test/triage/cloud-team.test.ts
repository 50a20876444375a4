import { afterEach, describe, expect, it } from 'vitest';
import { main as admin } from '../../src/cli/admin.js';
import { main as runJob } from '../../src/cli/job.js';
import { isCloudTeam, parseTeamLogins } from '../../src/core/cloud-team.js';
import { REPO, TestBot } from '../support/test-bot.js';
import { seedTeam, team } from '../support/seed.js';
import { ActionId } from '../../src/messages/slack/ids.js';

let t: TestBot;
afterEach(async () => t?.close());

async function requested() {
  const res = await t.signup({ id: 's1', email: 'bob@initech.com', company: 'Initech' });
  await t.settle();
  const alert = t.alerts()[0]!;
  await t.clickButton(team.sdr.id, ActionId.Qualify, res.body.trialId, { channel: alert.channel, ts: alert.ts });
  await t.lastEphemeral(team.sdr.id);
  await t.settle();
  return { trialId: res.body.trialId as string, issue: t.github.issues(REPO)[0]! };
}

const audits = (id: string) => t.db.prepare('SELECT actor, action, detail FROM audit WHERE trial_id = ? AND action LIKE ?').all(id, 'instance URL%');

async function adminRun(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await admin(argv, { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, env: t.env });
  return { code, stdout, stderr };
}

describe('who is the cloud team (pure rule)', () => {
  it.each([
    ['OWNER', undefined, true],
    ['MEMBER', undefined, true],
    ['COLLABORATOR', undefined, true],
    ['CONTRIBUTOR', undefined, false],
    ['FIRST_TIMER', undefined, false],
    ['NONE', undefined, false],
    [undefined, undefined, false],
    // With GITHUB_CLOUD_TEAM set, only its logins count, whatever GitHub says of the others.
    ['MEMBER', 'alice,bob', false],
    ['NONE', 'Cloud-Ops', true],
  ])('%s with GITHUB_CLOUD_TEAM=%s → %s', (association, logins, expected) => {
    expect(isCloudTeam({ login: 'cloud-ops', association }, parseTeamLogins(logins))).toBe(expected);
  });

  it('no login is nobody; GITHUB_CLOUD_TEAM takes commas, spaces and @', () => {
    expect(isCloudTeam({ login: undefined, association: 'OWNER' }, undefined)).toBe(false);
    expect(parseTeamLogins(' @alice, bob  carol ')).toEqual(['alice', 'bob', 'carol']);
    expect(parseTeamLogins(' , ')).toBeUndefined();
  });
});

describe('the instance URL is taken only from the cloud team', () => {
  it('a comment from outside the team (webhook) sets nothing; the team’s does, and both the ready trial and the audit say who', async () => {
    t = await TestBot.start({ options: { schedule: false } });
    seedTeam(t.db);
    const { trialId, issue } = await requested();
    t.github.commentAs(REPO, issue.number, 'passer-by', 'Provisioned at https://evil.example');
    await t.github.deliveriesSettled();
    expect(t.trial(trialId).instance_url).toBeNull();

    t.github.commentAs(REPO, issue.number, 'cloud-ops', 'Provisioned at https://initech.sourcegraph.test');
    t.github.labelIssue(REPO, issue.number, 'cloud-trial/instance-ready');
    await t.github.deliveriesSettled();
    await t.settle();
    expect(t.trial(trialId)).toMatchObject({ status: 'active', instance_url: 'https://initech.sourcegraph.test' });
    expect(audits(trialId)).toEqual([
      { actor: 'github', action: 'instance URL noted', detail: 'https://initech.sourcegraph.test (comment by cloud-ops, MEMBER)' },
    ]);
    expect((await t.signup({ id: 's2', email: 'peter@initech.com' })).body).toMatchObject({ case: '1', instanceUrl: 'https://initech.sourcegraph.test' });
  });

  it('with GITHUB_CLOUD_TEAM set only those logins count, also when the reconciliation poll reads the comments', async () => {
    t = await TestBot.start({ options: { schedule: false }, env: { GITHUB_CLOUD_TEAM: 'ops-alice' } });
    seedTeam(t.db);
    const { trialId, issue } = await requested();
    t.github.setWebhook(null);
    t.github.commentAs(REPO, issue.number, 'cloud-ops', 'https://wrong.sourcegraph.test');
    t.github.commentAs(REPO, issue.number, 'ops-alice', 'https://initech.sourcegraph.test');
    t.github.labelIssue(REPO, issue.number, 'cloud-trial/instance-ready');
    const code = await runJob(['reconcile-instances'], { stdout: { write: () => true }, stderr: { write: () => true }, env: t.env });
    expect(code).toBe(0);
    expect(t.trial(trialId)).toMatchObject({ status: 'active', instance_url: 'https://initech.sourcegraph.test' });
  });

  it('admin -- set-instance-url corrects it: the domain routes to the new URL at once, the space is told, and it is audited', async () => {
    t = await TestBot.start({ options: { schedule: false } });
    seedTeam(t.db);
    const { trialId, issue } = await requested();
    t.github.commentAs(REPO, issue.number, 'cloud-ops', 'https://typo.sourcegraph.test');
    t.github.labelIssue(REPO, issue.number, 'cloud-trial/instance-ready');
    await t.github.deliveriesSettled();
    await t.settle();
    expect(t.trial(trialId).instance_url).toBe('https://typo.sourcegraph.test');

    expect(await adminRun('set-instance-url', 'initech.com', 'https://evil.example/path')).toMatchObject({ code: 1 });
    const set = await adminRun('set-instance-url', 'initech.com', 'https://initech.sourcegraph.test');
    expect(set).toMatchObject({ code: 0, stderr: '' });
    expect(set.stdout).toMatch(
      /instance URL changed from https:\/\/typo\.sourcegraph\.test to https:\/\/initech\.sourcegraph\.test; the domain routes there now/,
    );
    expect((await t.signup({ id: 's2', email: 'peter@initech.com' })).body).toMatchObject({ case: '1', instanceUrl: 'https://initech.sourcegraph.test' });
    expect(audits(trialId)).toContainEqual({
      actor: 'cli',
      action: 'instance URL set',
      detail: 'https://initech.sourcegraph.test (was https://typo.sourcegraph.test)',
    });
    await t.settle();
    const space = t.slack.messagesIn((t.db.prepare('SELECT space_channel_id FROM trials WHERE id = ?').get(trialId) as any).space_channel_id);
    expect(space.some((m) => m.text.includes('The instance is at') && m.text.includes('https://initech.sourcegraph.test'))).toBe(true);
    expect((await adminRun('help')).stdout).toContain('set-instance-url TRIAL URL');
  });
});
