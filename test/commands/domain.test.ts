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
