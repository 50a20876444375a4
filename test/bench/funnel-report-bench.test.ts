import { describe, expect, it } from 'vitest';
import { funnelReportRows, measureFunnelReport } from './funnel-report.js';
import { table } from './report.js';

// The funnel line of `npm run bench`, small, so it cannot rot: it runs end to end and reports
// numbers and plans. No timing is asserted here; `npm run bench` measures 10,000 trials and 1,000,000 events.
describe('npm run bench: the funnel report line', () => {
  it('times the report and the digest’s figures on a seeded database and checks their plans', async () => {
    const result = await measureFunnelReport(500, 5_000, 1);
    expect(Number.isFinite(result.reportMs) && Number.isFinite(result.digestMs)).toBe(true);
    expect(result.plans.length).toBeGreaterThan(0);
    expect(result.plans.every((p) => p.indexed)).toBe(true);
    const [row] = funnelReportRows(result);
    expect(table([row!])).toContain('500 trials in 4 weeks and 5,000 activity events');
  }, 60_000);
});
