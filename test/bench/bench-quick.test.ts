import { describe, expect, it } from 'vitest';
import { runBenchmarks, settingsFor } from './benchmarks.js';
import { rows, table } from './report.js';

// The benchmark's quick mode, so it cannot rot: it must run end to end and report a number
// for every measurement. No timing is asserted here; `npm run bench` measures.
describe('npm run bench -- --quick', () => {
  it('runs every measurement with small counts and reports numbers', async () => {
    const results = await runBenchmarks(settingsFor(true));
    const list = rows(results);
    expect(table(list)).toContain('| measure |');
    expect(results.ack.measurements.filter((m) => m.target === 'trialbot').every((m) => m.summary.n > 0 && Number.isFinite(m.summary.p99))).toBe(true);
    expect(results.ack.measurements.some((m) => m.target === 'minimal Bolt')).toBe(true);
    expect(results.signupAlert.arrived).toBe(results.signupAlert.sent);
    for (const b of [results.burst.unpaced, results.burst.paced]) {
      expect(b.alerts.lost).toBe(0);
      expect(b.alerts.duplicated).toBe(0);
      expect(b.qualifies.duplicated).toBe(0);
      expect(Number.isFinite(b.alerts.drainMs)).toBe(true);
    }
    for (const s of results.sweeps) expect(Number.isFinite(s.idleMs)).toBe(true);
    if (!('missing' in results.footprint)) expect(results.footprint.rssIdleMb).toBeGreaterThan(0);
  }, 120_000);
});
