import { afterEach, describe, expect, it } from 'vitest';
import { brandOf } from '../../src/core/brand.js';
import { assignOwner } from '../../src/flows/assign-owner.js';
import { TestBot } from '../support/test-bot.js';
import { seedInstance, seedTeam, team } from '../support/seed.js';
import { trialRow } from '../support/active-trial.js';

let t: TestBot;
afterEach(async () => t?.close());

/** Case 1 on an instance imported from before trialbot: an `existing` trial, its CE given by an admin. */
async function existingTrial() {
  t = await TestBot.start({ options: { schedule: false } });
  seedTeam(t.db);
  seedInstance(t.db, { url: 'https://initech.sourcegraph.test', domain: 'initech.com', adminEmail: 'bill@initech.com' });
  const res = await t.signup({ id: 's1', email: 'peter@initech.com', company: 'Initech' });
  expect(res.body).toMatchObject({ case: '1', instanceUrl: 'https://initech.sourcegraph.test' });
  assignOwner(t.db, 'initech.com', 'ce', team.ce1.email, brandOf(t.config), new Date());
  await t.settle();
  expect(trialRow(t, res.body.trialId)).toMatchObject({ status: 'existing', ce_id: team.ce1.id });
  return res.body.trialId as string;
}

const liveInstance = () => t.count('instances', "url = 'https://initech.sourcegraph.test' AND status = 'live'");

describe('/trial terminate of an instance from before trialbot', () => {
  it('its CE is refused with a clear answer: only an admin can, and nothing changes', async () => {
    const id = await existingTrial();
    const issues = t.github.issues('acme-ops/cloud-trials').length;
    const res = await t.command(team.ce1.id, t.alertsChannel, 'terminate initech.com not used');
    expect(res.body.text).toBe('*Initech* runs on an instance from before trialbot, not on a trial: only an admin can terminate it. Nothing was changed.');
    await t.settle();
    expect(trialRow(t, id).status).toBe('existing');
    expect(liveInstance()).toBe(1);
    expect(t.github.issues('acme-ops/cloud-trials')).toHaveLength(issues);
  });

  it('an admin is asked to confirm; with `confirm` it is terminated, the reason kept without the word', async () => {
    const id = await existingTrial();
    const ask = await t.command(team.admin.id, t.alertsChannel, 'terminate initech.com contract ended');
    expect(ask.body.text).toContain('terminating it tears down an instance its people may be using');
    expect(ask.body.text).toContain('`/trial terminate initech.com confirm`');
    expect(trialRow(t, id).status).toBe('existing');

    const done = await t.command(team.admin.id, t.alertsChannel, 'terminate initech.com confirm contract ended');
    expect(done.body.text).toMatch(/^:white_check_mark: Terminated \*Initech\*/);
    expect(trialRow(t, id)).toMatchObject({ status: 'terminated', end_reason: 'contract ended' });
    expect(liveInstance()).toBe(0);
  });
});
