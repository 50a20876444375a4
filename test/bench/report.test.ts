import { describe, expect, it } from 'vitest';
import type { BenchResults } from './benchmarks.js';
import type { BurstResult } from './burst.js';
import { limitsText, rows } from './report.js';
import type { AckMeasurement } from './ack-latency.js';
import { settingsFor } from './benchmarks.js';
import { summarize } from './stats.js';

const fast = summarize([1, 1, 2, 2, 3]);
const drain = { drainMs: 1000, floorMs: 1000, calls: 10, rateLimited: 0, lost: 0, unfinished: 0, duplicated: 0, bottleneck: 'x' };
const burst: BurstResult = {
  alerts: { ...drain, signups: 10 },
  qualifies: { ...drain, trials: 3, channels: 3 },
  github: { issues: 1, drainMs: 0, floorMs: 0, readyMaxMs: 0 },
  timedOut: false,
};

function results(measurements: AckMeasurement[]): BenchResults {
  const { log: _log, ...settings } = settingsFor(true);
  return {
    settings,
    ack: {
      measurements,
      stillDrainingAtEnd: false,
      activity: { events: 10, webhook: fast, status: { target: 'trialbot', kind: '/trial status', concurrency: 32, summary: fast, errors: 0 } },
    },
    signupAlert: { summary: fast, sent: 5, arrived: 5, refused: 0, ratePerSecond: 15 },
    burst: { unpaced: burst, paced: burst },
    sweeps: [],
    footprint: { missing: 'not run here' },
    startedAt: new Date(),
    durationMs: 0,
  };
}

describe('the benchmark report', () => {
  it('shows the errors of an ack line, and a line with any is missed however fast', () => {
    const base = { kind: '/trial status' as const, concurrency: 32, summary: fast, errors: 0 };
    const list = rows(
      results([
        { ...base, target: 'minimal Bolt' },
        { ...base, target: 'trialbot' },
        { ...base, target: 'trialbot', during: '10-signup burst draining', errors: 3 },
      ]),
    );
    const [idle, during] = list.filter((r) => r.measure.startsWith('ack '));
    expect(idle).toMatchObject({ met: true, result: expect.stringContaining('0 errors') });
    expect(during).toMatchObject({ met: false, result: expect.stringContaining('3 errors') });
  });

  it('holds an ack under load to < 50 ms and 1.5× the same ack idle, not to the minimal app', () => {
    const base = { kind: '/trial status' as const, concurrency: 32, errors: 0 };
    const list = rows(
      results([
        { ...base, target: 'minimal Bolt', summary: summarize([5, 5, 10]) },
        { ...base, target: 'trialbot', summary: summarize([20, 20, 30]) },
        { ...base, target: 'trialbot', during: '300 signups arriving at once', summary: summarize([30, 30, 44]) },
        { ...base, target: 'trialbot', during: '300-signup burst draining', summary: summarize([30, 30, 46]) },
      ]),
    );
    const [idle, within, over] = list.filter((r) => r.measure.startsWith('ack '));
    expect(idle).toMatchObject({ met: false, ratio: 'p99 3.00×' });
    expect(within).toMatchObject({ met: true, ratio: 'p99 1.47× idle (4.40× minimal)', target: 'p99 < 50 ms and ≤ 1.5× idle, no errors' });
    expect(over).toMatchObject({ met: false, ratio: 'p99 1.53× idle (4.60× minimal)' });
  });

  it("states the fake's limits as the harness sets them", () => {
    expect(limitsText()).toBe(
      'chat.postMessage 1/s per channel, burst 3; chat.update 50/min, burst 5; conversations.create 20/min, burst 3; conversations.invite 50/min, burst 5',
    );
  });
});
