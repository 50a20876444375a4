import { describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/db/open-database.js';
import { SWEEP_SQL, sweepParams } from '../../src/jobs/deadlines.js';
import { seedSweep } from '../bench/sweep.js';

const NOW = new Date('2026-03-16T09:00:00Z');

/**
 * The planner's choice depends on statistics: an empty database gets a different plan
 * from a big analysed one (the benchmark's, which ran `PRAGMA optimize` as a server
 * would), so the plan is checked on both.
 */
function populated(trials: number): Db {
  const db = openDatabase(':memory:');
  seedSweep(db, trials, 0.05, NOW, true);
  return db;
}

function plan(db: Db): string[] {
  try {
    return (db.prepare(`EXPLAIN QUERY PLAN ${SWEEP_SQL}`).all(sweepParams(NOW, 'UTC')) as Array<{ detail: string }>).map((r) => r.detail);
  } finally {
    db.close();
  }
}

describe('the deadlines sweep', () => {
  for (const [label, open] of [
    ['an empty database', () => openDatabase(':memory:')],
    ['an analysed database of 2,000 trials', () => populated(2000)],
  ] as const) {
    it(`starts from the due milestones (partial indexes) and looks trials and milestones up by key, on ${label}`, () => {
      const steps = plan(open());
      expect(steps).toContainEqual(expect.stringMatching(/^SEARCH milestones USING INDEX milestones_to_prompt \(due_at<\?\)/));
      expect(steps).toContainEqual(expect.stringMatching(/^SEARCH milestones USING INDEX milestones_to_escalate /));
      expect(steps).toContainEqual(expect.stringMatching(/^SEARCH t USING INDEX sqlite_autoindex_trials_1 \(id=\?\)/));
      expect(steps).toContainEqual(expect.stringMatching(/^SEARCH m USING INDEX sqlite_autoindex_milestones_1 \(trial_id=\?\)/));
      // Only the small set of candidate trial ids is scanned; never a table, through an index or not.
      expect(steps.filter((s) => /^SCAN /.test(s) && !/^SCAN (c|candidates)\b/.test(s))).toEqual([]);
      expect(steps.some((s) => /trials_by_status/.test(s))).toBe(false);
    });
  }
});
