import { afterEach, describe, expect, it } from 'vitest';
import { REPO, TestBot } from '../support/test-bot.js';
import { activeTrial, outboxCount, team, textIn, trialRow } from '../support/active-trial.js';

let t: TestBot;
afterEach(async () => t?.close());

describe('/trial domain', () => {
  it('opens a domain-change issue with the checklist and tells the space; the same request twice opens one', async () => {
    t = await TestBot.start({ options: { schedule: false } });
    const trial = await activeTrial(t);
    const res = await t.command(team.ce1.id, trial.space, 'domain Hooli.Sourcegraph.com');
    expect(res.body.text).toContain('*hooli.sourcegraph.com*');
    const again = await t.command(team.ce1.id, trial.space, 'domain hooli.sourcegraph.com');
    expect(again.body.text).toContain('already requested');
    await t.settle();

    const issues = t.github.issues(REPO).filter((i) => i.title.startsWith('Cloud instance domain change'));
    expect(issues).toHaveLength(1);
    expect(issues[0]!.title).toContain(`${trial.instanceUrl} → hooli.sourcegraph.com`);
    for (const item of ['auth provider', 'SSO', 'permission syncing', 'webhooks', 'hard-coded links']) expect(issues[0]!.body).toContain(item);
    expect(textIn(t, trial.space)).toContain('asked the cloud team to move the instance to *hooli.sourcegraph.com*');
    expect(trialRow(t, trial.id).instance_url).toBe(trial.instanceUrl);
  });

  it('a bad hostname is a usage answer; an outsider is refused; neither changes anything', async () => {
    t = await TestBot.start({ options: { schedule: false } });
    const trial = await activeTrial(t);
    const outbox = outboxCount(t);
    expect((await t.command(team.ce1.id, trial.space, 'domain hooli')).body.text).toContain('not a full hostname');
    expect((await t.command(team.ce1.id, trial.space, 'domain')).body.text).toContain('needs the new hostname');
    expect((await t.command(team.outsider.id, trial.space, 'domain hooli.sourcegraph.com')).body.text).toContain('can request a domain change');
    expect(outboxCount(t)).toBe(outbox);
  });

  it('a converted trial may still move to its vanity domain; a terminated one is refused and nothing is sent', async () => {
    t = await TestBot.start({ options: { schedule: false } });
    const trial = await activeTrial(t);
    await t.command(team.ae1.id, trial.space, 'convert');
    const res = await t.command(team.ce1.id, trial.space, 'domain hooli.sourcegraph.com');
    expect(res.body.text).toContain('Asked the cloud team to move the instance of *Hooli* to *hooli.sourcegraph.com*');
    await t.settle();
    expect(t.github.issues(REPO).filter((i) => i.title.startsWith('Cloud instance domain change'))).toHaveLength(1);

    const other = await activeTrial(t, { domain: 'piedpiper.com', company: 'Pied Piper', seed: false, email: 'richard@piedpiper.com' });
    await t.command(team.admin.id, other.space, 'terminate');
    const outbox = outboxCount(t);
    const refused = await t.command(team.admin.id, other.space, 'domain piedpiper.sourcegraph.com');
    expect(refused.body.text).toContain('already terminated');
    expect(refused.body.text).toContain('Nothing was changed');
    expect(outboxCount(t)).toBe(outbox);
  });

  it('a trial without an instance has no domain to change', async () => {
    t = await TestBot.start({ options: { schedule: false } });
    await activeTrial(t);
    const lead = await t.signup({ id: 's-lead', email: 'bob@initech.com', company: 'Initech' });
    const res = await t.command(team.admin.id, t.alertsChannel, `domain ${lead.body.trialId} initech.sourcegraph.com`);
    expect(res.body.text).toContain('has no instance yet');
  });
});

describe('a domain change done (issue 17.4)', () => {
  it('closing the domain issue records the new address: the card shows it, and usage from either address counts for 30 days', async () => {
    let offset = 0;
    t = await TestBot.start({ now: () => new Date(Date.now() + offset), options: { schedule: false } });
    const trial = await activeTrial(t);
    await t.command(team.ce1.id, trial.space, 'domain hooli.sourcegraph.com');
    await t.settle();
    const issue = t.github.issues(REPO).find((i) => i.title.startsWith('Cloud instance domain change'))!;
    t.github.closeIssue(REPO, issue.number);
    await t.eventually(() => expect(trialRow(t, trial.id).instance_url).toBe('https://hooli.sourcegraph.com'));
    await t.settle();
    expect(textIn(t, trial.space)).toContain('The instance now answers at *https://hooli.sourcegraph.com*');
    const row = trialRow(t, trial.id);
    const card = t.slack.messagesIn(row.card_channel).find((m) => m.ts === row.card_ts)!;
    expect(JSON.stringify(card.blocks)).toContain('https://hooli.sourcegraph.com');

    const at = new Date().toISOString();
    expect((await t.webhook('/webhooks/activity', { id: 'new1', instanceUrl: 'https://hooli.sourcegraph.com', event: 'search', at })).status).toBe(200);
    expect((await t.webhook('/webhooks/activity', { id: 'old1', instanceUrl: trial.instanceUrl, event: 'search', at })).status).toBe(200);
    expect(t.db.prepare('SELECT searches FROM activity_totals WHERE instance_url = ?').pluck().get('https://hooli.sourcegraph.com')).toBe(2);
    // Past the grace period the old address is unknown again.
    offset = 31 * 86_400_000;
    expect((await t.webhook('/webhooks/activity', { id: 'old2', instanceUrl: trial.instanceUrl, event: 'search', at })).status).toBe(404);
  });

  it('`/trial domain done` confirms it the same way, once; without a request it says so and changes nothing', async () => {
    t = await TestBot.start({ options: { schedule: false } });
    const trial = await activeTrial(t);
    expect((await t.command(team.ce1.id, trial.space, 'domain done')).body.text).toContain('No domain change was asked');
    await t.command(team.ce1.id, trial.space, 'domain hooli.sourcegraph.com');
    expect((await t.command(team.outsider.id, trial.space, 'domain done')).body.text).toContain('Only the trial’s CE or AE');
    expect((await t.command(team.ce1.id, trial.space, 'domain done')).body.text).toContain('answers at its new address now');
    expect((await t.command(team.ce1.id, trial.space, 'domain done')).body.text).toContain('already recorded');
    expect(trialRow(t, trial.id).instance_url).toBe('https://hooli.sourcegraph.com');
  });
});
