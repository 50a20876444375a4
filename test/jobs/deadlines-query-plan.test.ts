import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open-database.js';
import { SWEEP_SQL, sweepParams } from '../../jobs/deadlines.js';

function plan(sql: string): string[] {
  const db = openDatabase(':memory:');
  try {
    return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(sweepParams(new Date('2026-03-16T09:00:00Z'), 'UTC')) as Array<{ detail: string }>).map((r) => r.detail);
  } finally {
    db.close();
  }
}

describe('the deadlines sweep', () => {
  it('starts from the due milestones (partial indexes) and looks trials and milestones up by key: no scan grows with history', () => {
    const steps = plan(SWEEP_SQL);
    expect(steps).toContainEqual(expect.stringMatching(/^SEARCH milestones USING INDEX milestones_to_prompt \(due_at<\?\)/));
    expect(steps).toContainEqual(expect.stringMatching(/^SEARCH milestones USING INDEX milestones_to_escalate /));
    expect(steps).toContainEqual(expect.stringMatching(/^SEARCH t USING INDEX sqlite_autoindex_trials_1 \(id=\?\)/));
    expect(steps).toContainEqual(expect.stringMatching(/^SEARCH m USING INDEX sqlite_autoindex_milestones_1 \(trial_id=\?\)/));
    // Only the small set of candidate trial ids is scanned; never a table.
    expect(steps.filter((s) => /^SCAN /.test(s) && !/^SCAN c\b/.test(s))).toEqual([]);
    expect(steps.some((s) => /trials_by_status/.test(s))).toBe(false);
  });
});
