import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/job.js';
import { TestBot } from '../support/test-bot.js';
import { activeTrial, team } from '../support/active-trial.js';
import { dmMatching } from './helpers.js';

let t: TestBot;
afterEach(async () => t?.close());

const DAY = 86_400_000;

async function job(argv: string[], env: Record<string, string>) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, env });
  return { code, stdout, stderr };
}

describe('a job run by hand with --now ahead of the clock', () => {
  it('decides as of --now, but what it records is due when it runs: the running server (real clock) sends the prompt at once', async () => {
    t = await TestBot.start({ options: { schedule: false } });
    const trial = await activeTrial(t);
    const ahead = new Date(Date.now() + 16 * DAY).toISOString();

    const ran = await job(['deadlines', '--now', ahead], t.env);
    expect(ran.code).toBe(0);
    const [summary, recorded] = ran.stdout.split('\n');
    expect(summary).toBe('deadlines: prompted 1, escalated 0, superseded 0');
    const count = t.count('outbox', 'created_at > ?', new Date(Date.now() - 60_000).toISOString());
    expect(recorded).toMatch(/^recorded \d+ to send \(messages, issues, emails\), due now: the running server sends them within seconds$/);
    expect(Number(/recorded (\d+)/.exec(recorded!)![1])).toBeGreaterThanOrEqual(2);
    expect(count).toBeGreaterThanOrEqual(2);
    // Nothing waits for --now: every effect the run recorded is due by the real clock.
    expect(t.count('outbox', 'run_after > ?', new Date(Date.now() + 60_000).toISOString())).toBe(0);

    await t.eventually(() => expect(dmMatching(t, team.ce1.id, /Day 15 of the cloud trial/)).toHaveLength(1));
    expect(trial.id).toBeTruthy();
  });

  it('a run that records nothing says so', async () => {
    t = await TestBot.start({ options: { schedule: false } });
    await activeTrial(t);
    const ran = await job(['deadlines', '--now', new Date(Date.now() + DAY).toISOString()], t.env);
    expect(ran).toEqual({ code: 0, stdout: 'deadlines: prompted 0, escalated 0, superseded 0\nnothing recorded to send\n', stderr: '' });
  });
});
