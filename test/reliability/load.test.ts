import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { REPO, TestBot, secrets } from '../support/test-bot.js';
import { webhookSignature } from '../support/sign.js';
import { seedTeam, team } from '../support/seed.js';
import { ActionId } from '../../src/messages/slack/ids.js';

let t: TestBot;
afterEach(async () => t?.close());

describe('a burst against one process', () => {
  it('200 concurrent signups and then 200 concurrent clicks: all answered, none lost, no SQLITE_BUSY, the outbox drains', async () => {
    const lines: string[] = [];
    const logger = createLogger('warn', new Writable({ write: (c, _e, done) => (lines.push(String(c)), done()) }) as never);
    t = await TestBot.start({ env: { MAX_ACTIVE_INSTANCES: '1000' }, options: { logger, schedule: false } });
    seedTeam(t.db);
    // Each signup must be answered within 3 s: a slower answer aborts the request and fails the test.
    const signup = async (n: number) => {
      const body = JSON.stringify({ id: `load-${n}`, email: `lead${n}@company${n}.com`, company: `Company ${n}` });
      const res = await fetch(`${t.bot.url}/webhooks/signup`, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json', 'x-signature-256': webhookSignature(secrets.webhook, body) },
        signal: AbortSignal.timeout(3000),
      });
      return { status: res.status, body: (await res.json()) as { trialId: string } };
    };
    const signups = await Promise.all(Array.from({ length: 200 }, (_, n) => signup(n)));
    expect(signups.map((s) => s.status)).toEqual(Array(200).fill(200));
    expect(new Set(signups.map((s) => s.body.trialId)).size).toBe(200);
    await t.settle();
    expect(t.alerts()).toHaveLength(200);

    const byTrial = new Map(t.alerts().map((m) => [JSON.stringify(m.blocks).match(/tr_[a-z0-9]+/)![0], m]));
    const sdrs = [team.sdr.id, team.sdr2.id];
    const clicks = await Promise.all(
      signups.map((s, n) => {
        const alert = byTrial.get(s.body.trialId)!;
        return t.clickButton(sdrs[n % 2]!, ActionId.Qualify, s.body.trialId, { channel: alert.channel, ts: alert.ts });
      }),
    );
    expect(clicks.map((c) => c.status)).toEqual(Array(200).fill(200));
    await t.eventually(() => expect(t.count('trials', "decision = 'qualified'")).toBe(200), 20_000);
    await t.eventually(async () => {
      await t.settle();
      expect(t.count('outbox', "status IN ('pending','running')")).toBe(0);
    }, 60_000);
    expect(t.count('outbox', "status = 'failed'")).toBe(0);
    expect(t.github.issues(REPO)).toHaveLength(200);
    expect(t.slack.channels().filter((c) => c.name.startsWith('cloud-trial-') && c.id !== t.alertsChannel)).toHaveLength(200);
    expect(lines.join('')).not.toMatch(/SQLITE_BUSY|database is locked/);
  }, 120_000);
});
