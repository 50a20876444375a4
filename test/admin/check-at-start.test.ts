import { afterEach, describe, expect, it } from 'vitest';
import { REPO, TestBot } from '../support/test-bot.js';
import { seedPool, seedTeam } from '../support/seed.js';

// Issue 18: the server runs the same checks at start: every ✗ is a warning (it still starts), and
// what stops work going out is posted once to #cloud-trial-alerts when the bot can post there.
let t: TestBot;
afterEach(async () => t?.close());

const preflightPosts = () => t.alerts().filter((m) => m.text.includes('trialbot started with'));

describe('the preflight at start', () => {
  it('a missing scope: the bot still starts and serves, the problem is posted once, and a restart says nothing new', async () => {
    t = await TestBot.start({ deferStart: true, options: { preflight: true } });
    t.slack.scopes = t.slack.scopes!.filter((s) => s !== 'files:write');
    await t.startBot();
    seedTeam(t.db);
    seedPool(t.db, 2);
    await t.eventually(() => expect(preflightPosts()).toHaveLength(1));
    expect(preflightPosts()[0]!.text).toContain('Slack token lacks scope files:write');
    expect(preflightPosts()[0]!.text).not.toContain('npm run');
    expect((await t.request('GET', '/healthz', undefined)).status).toBe(200);

    await t.restart();
    await t.settle();
    expect(preflightPosts()).toHaveLength(1);
  });

  it('a setup with nothing wrong in its wiring posts nothing (roster and pool are only logged)', async () => {
    t = await TestBot.start({ options: { preflight: true } });
    t.github.setLabel(REPO, 'cloud-trial/instance-ready');
    const asked = t.github.calls.length;
    await t.restart();
    // The preflight's last question is the label; once answered, anything it records is in the outbox.
    await t.eventually(() => expect(t.github.calls.slice(asked).some((c) => c.path.includes('/labels/'))).toBe(true));
    await t.settle();
    expect(preflightPosts()).toHaveLength(0);
  });
});
