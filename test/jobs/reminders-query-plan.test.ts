import { describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/db/open-database.js';
import { AWAITING_WELCOME_SQL, ESCALATED_DECISIONS_SQL, LEADS_IN_TRIAGE_SQL, OPEN_REQUESTS_SQL, SPACES_TO_ARCHIVE_SQL } from '../../src/stores/loop-store.js';
import { seedSweep } from '../bench/sweep.js';

const NOW = new Date('2026-03-16T09:00:00Z');
const at = NOW.toISOString();

// Issue 12: the reminders sweep starts, like the deadlines sweep, from partial indexes holding only what
// can be due, and searches them by a range; it never scans the trials or milestones tables.
const queries: Array<[string, string, Record<string, string>, RegExp]> = [
  ['leads in triage', LEADS_IN_TRIAGE_SQL, { createdBefore: at }, /^SEARCH trials USING INDEX trials_in_triage \(created_at<\?\)/],
  ['trials awaiting the welcome', AWAITING_WELCOME_SQL, { dueBy: at }, /^SEARCH trials USING INDEX trials_awaiting_welcome \(<expr><\?\)/],
  ['instance requests', OPEN_REQUESTS_SQL, { createdBefore: at }, /^SEARCH t USING INDEX trials_provisioning \(created_at<\?\)/],
  ['channels to archive', SPACES_TO_ARCHIVE_SQL, { endedBefore: at }, /^SEARCH trials USING INDEX trials_spaces_to_archive \(ended_at<\?\)/],
  [
    'escalated decisions',
    ESCALATED_DECISIONS_SQL,
    { escalatedBefore: at, today: '2026-03-16' },
    /^SEARCH m USING INDEX milestones_escalated_open \((escalated_at>\? AND )?escalated_at<\?\)/,
  ],
];

function plan(db: Db, sql: string, params: Record<string, string>): string[] {
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as Array<{ detail: string }>).map((r) => r.detail);
}

describe('the reminders sweep', () => {
  for (const [label, open] of [
    ['an empty database', () => openDatabase(':memory:')],
    [
      'an analysed database of 2,000 trials',
      () => {
        const db = openDatabase(':memory:');
        seedSweep(db, 2000, 0.05, NOW, true);
        return db;
      },
    ],
  ] as const) {
    it(`searches its partial indexes by range, on ${label}`, () => {
      const db = open();
      try {
        for (const [what, sql, params, first] of queries) {
          const steps = plan(db, sql, params);
          expect(steps, what).toContainEqual(expect.stringMatching(first));
          expect(
            steps.filter((s) => /^SCAN (trials|milestones|t|m)\b/.test(s)),
            what,
          ).toEqual([]);
        }
      } finally {
        db.close();
      }
    });
  }
});
