import { afterEach, describe, expect, it } from 'vitest';
import { REPO, TestBot, secrets } from '../support/test-bot.js';
import { seedTeam, team } from '../support/seed.js';
import { webhookSignature } from '../support/sign.js';
import { main as runJob } from '../../src/cli/job.js';
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
  const issue = t.github.issues(REPO)[0]!;
  return { trialId: res.body.trialId as string, issue, alert };
}

describe('instance ready', () => {
  it('the ready label starts the clock, tells the CE how to hand over, and comments on the issue', async () => {
    t = await TestBot.start({ options: { schedule: false } });
    seedTeam(t.db);
    const { trialId, issue } = await requested();
    t.github.commentAs(REPO, issue.number, 'cloud-ops', 'Provisioned at https://initech.sourcegraph.test');
    await t.github.deliveriesSettled();
    t.github.labelIssue(REPO, issue.number, 'cloud-trial/instance-ready');
    await t.github.deliveriesSettled();
    await t.settle();

    const trial = t.trial(trialId);
    expect(trial.status).toBe('active');
    expect(trial.started_at).not.toBeNull();
    expect(trial.instance_url).toBe('https://initech.sourcegraph.test');
    expect(t.count('milestones', 'trial_id = ?', trialId)).toBe(2);
    const space = t.slack
      .messagesIn(trial.space_channel_id)
      .map((m) => m.text)
      .join('\n');
    expect(space).toContain(`<@${trial.ce_id}>`);
    expect(space).toContain('https://initech.sourcegraph.test/sign-in?sourcegraph-operator');
    // What people read: the end as a person writes it, never an ISO date or a placeholder.
    expect(space).toMatch(/The trial runs until (Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} [A-Z][a-z]{2}\./);
    expect(space).not.toContain('<instance>');
    expect(t.alerts().some((m) => m.text.includes('Instance ready'))).toBe(true);
    const comments = t.github.comments(REPO, issue.number).map((c) => c.body);
    expect(comments.some((c) => c.includes('trial clock started'))).toBe(true);
    // The cloud team reads the bot's comment: its dates as a person writes them, and the readability
    // checker reads it (the cloud team's own comment is theirs, not checked).
    expect(comments.find((c) => c.includes('trial clock started'))).toMatch(/started on (Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} [A-Z][a-z]{2} \d{4}/);
    const read = t.readables().filter((r) => r.kind === 'github');
    expect(read.some((r) => r.text.includes('trial clock started'))).toBe(true);
    expect(read.some((r) => r.text.includes('Provisioned at'))).toBe(false);

    // The domain now routes to that instance.
    const later = await t.signup({ id: 's2', email: 'peter@initech.com' });
    expect(later.body).toEqual({ case: '1', trialId, instanceUrl: 'https://initech.sourcegraph.test' });
  });

  it('closing the issue also counts, and a second notice changes nothing', async () => {
    t = await TestBot.start({ options: { schedule: false } });
    seedTeam(t.db);
    const { trialId, issue } = await requested();
    t.github.closeIssue(REPO, issue.number);
    t.github.labelIssue(REPO, issue.number, 'instance-ready');
    await t.github.deliveriesSettled();
    await t.settle();
    expect(t.trial(trialId).status).toBe('active');
    expect(t.count('audit', "trial_id = ? AND action = 'instance ready'", trialId)).toBe(1);
    expect(t.github.comments(REPO, issue.number)).toHaveLength(1);
  });

  it('without a URL, the issue asks for one; a later comment with it links the domain to the instance', async () => {
    t = await TestBot.start({ options: { schedule: false } });
    seedTeam(t.db);
    const { trialId, issue } = await requested();
    t.github.labelIssue(REPO, issue.number, 'cloud-trial/instance-ready');
    await t.github.deliveriesSettled();
    await t.settle();
    expect(t.github.comments(REPO, issue.number).at(-1)!.body).toMatch(/reply with the instance URL/);
    // Ready but not yet routable: a colleague joins the running trial rather than opening another.
    expect((await t.signup({ id: 's2', email: 'peter@initech.com' })).body).toEqual({ case: '3', trialId });
    await t.settle();
    const space = t.slack.messagesIn(t.trial(trialId).space_channel_id).map((m) => m.text);
    expect(space.some((x) => x.includes('peter@initech.com') && x.includes('the instance is ready, its URL not yet known'))).toBe(true);
    expect(t.count('trials')).toBe(1);
    t.github.commentAs(REPO, issue.number, 'cloud-ops', 'Here it is: https://initech.sourcegraph.test/');
    await t.github.deliveriesSettled();
    await t.settle();
    expect(t.trial(trialId).instance_url).toBe('https://initech.sourcegraph.test');
    expect((await t.signup({ id: 's3', email: 'milton@initech.com' })).body).toEqual({ case: '1', trialId, instanceUrl: 'https://initech.sourcegraph.test' });
  });

  it('a lost webhook is caught by the reconciliation poll', async () => {
    t = await TestBot.start({ options: { schedule: false } });
    seedTeam(t.db);
    const { trialId, issue } = await requested();
    t.github.setWebhook(null);
    t.github.labelIssue(REPO, issue.number, 'cloud-trial/instance-ready');
    expect(t.trial(trialId).status).toBe('provisioning');
    const out: string[] = [];
    const code = await runJob(['reconcile-instances'], {
      stdout: { write: (s: string) => out.push(s) },
      stderr: { write: (s: string) => out.push(s) },
      env: t.env,
    });
    expect(code).toBe(0);
    expect(out.join('')).toContain('1 ready');
    await t.settle();
    expect(t.trial(trialId).status).toBe('active');
  });

  it('refuses unsigned or wrongly signed deliveries and ignores unknown issues', async () => {
    t = await TestBot.start({ options: { schedule: false } });
    const body = JSON.stringify({ action: 'closed', issue: { number: 999 }, repository: { full_name: REPO } });
    const unsigned = await t.request('POST', '/webhooks/github', body, { 'content-type': 'application/json', 'x-github-event': 'issues' });
    expect(unsigned.status).toBe(401);
    const wrong = await t.request('POST', '/webhooks/github', body, {
      'content-type': 'application/json',
      'x-github-event': 'issues',
      'x-hub-signature-256': webhookSignature('not-the-secret', body),
    });
    expect(wrong.status).toBe(401);
    // Signed, then changed on the way: a different issue number must not pass.
    const altered = await t.request('POST', '/webhooks/github', body.replace('999', '998'), {
      'content-type': 'application/json',
      'x-github-event': 'issues',
      'x-hub-signature-256': webhookSignature(secrets.github, body),
    });
    expect(altered.status).toBe(401);
    const unknown = await t.request('POST', '/webhooks/github', body, {
      'content-type': 'application/json',
      'x-github-event': 'issues',
      'x-hub-signature-256': webhookSignature(secrets.github, body),
    });
    expect(unknown).toMatchObject({ status: 200, body: { outcome: 'unknown' } });
  });
});
