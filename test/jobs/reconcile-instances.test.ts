import { afterEach, describe, expect, it } from 'vitest';
import { REPO, TestBot } from '../support/test-bot.js';
import { seedTeam, team } from '../support/seed.js';
import { main as runJob } from '../../src/cli/job.js';
import { ActionId } from '../../src/messages/slack/ids.js';

let t: TestBot;
afterEach(async () => t?.close());

const DAY = 86_400_000;

/** A qualified Case 3 lead whose instance request is open, with GitHub's webhook lost from here on. */
async function requestedWithoutWebhook() {
  t = await TestBot.start({ options: { schedule: false } });
  seedTeam(t.db);
  const res = await t.signup({ id: 's1', email: 'bob@initech.com', company: 'Initech' });
  await t.settle();
  const alert = t.alerts()[0]!;
  await t.clickButton(team.sdr.id, ActionId.Qualify, res.body.trialId, { channel: alert.channel, ts: alert.ts });
  await t.lastEphemeral(team.sdr.id);
  await t.settle();
  t.github.setWebhook(null);
  return { trialId: res.body.trialId as string, issue: t.github.issues(REPO)[0]! };
}

async function reconcile(now: Date): Promise<string> {
  const out: string[] = [];
  const code = await runJob(['reconcile-instances', '--now', now.toISOString()], {
    stdout: { write: (s: string) => out.push(s) },
    stderr: { write: (s: string) => out.push(s) },
    env: t.env,
  });
  expect(code).toBe(0);
  return out.join('');
}

describe('reconcile-instances', () => {
  it('a close whose webhook was lost starts the trial when the issue was closed, not when the poll ran', async () => {
    const { trialId, issue } = await requestedWithoutWebhook();
    const closed = t.github.closeIssue(REPO, issue.number);
    const closedAt = new Date(closed.closed_at!);
    // The bot was down for three days.
    const pollAt = new Date(closedAt.getTime() + 3 * DAY);
    expect(await reconcile(pollAt)).toContain('1 ready');
    const trial = t.trial(trialId);
    expect(trial.status).toBe('active');
    expect(new Date(trial.started_at).getTime()).toBe(closedAt.getTime());
    // Day 15 counts from the close: 15 days after it, not after the poll.
    const day15 = t.db.prepare(`SELECT due_on FROM milestones WHERE trial_id = ? AND kind = 'day15'`).get(trialId) as { due_on: string };
    expect(day15.due_on).toBe(new Date(closedAt.getTime() + 15 * DAY).toISOString().slice(0, 10));
    expect(trial.ends_at).toBe(day15.due_on);
  });

  it('a ready label without a close carries no time of its own: the poll’s time starts the trial', async () => {
    const { trialId, issue } = await requestedWithoutWebhook();
    t.github.labelIssue(REPO, issue.number, 'cloud-trial/instance-ready');
    const pollAt = new Date(Date.now() + 2 * DAY);
    expect(await reconcile(pollAt)).toContain('1 ready');
    expect(new Date(t.trial(trialId).started_at).getTime()).toBe(pollAt.getTime());
  });

  it('a close the clock puts after the poll starts the trial at the poll, never in the future', async () => {
    const { trialId, issue } = await requestedWithoutWebhook();
    t.github.closeIssue(REPO, issue.number);
    const pollAt = new Date(Date.now() - DAY);
    expect(await reconcile(pollAt)).toContain('1 ready');
    expect(new Date(t.trial(trialId).started_at).getTime()).toBe(pollAt.getTime());
  });
});
