import { describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/db/open-database.js';
import { funnelPlans, seedFunnel } from '../bench/funnel-report.js';

/**
 * The planner's choice depends on statistics: an empty database gets a different plan from a
 * big analysed one (the seeder runs `PRAGMA optimize`, as a server would), so both are checked.
 */
function populated(): Db {
  const db = openDatabase(':memory:');
  seedFunnel(db, { trials: 2000, events: 40_000, now: new Date('2026-06-17T12:00:00Z') });
  return db;
}

describe('the funnel’s queries', () => {
  for (const [label, open] of [
    ['an empty database', () => openDatabase(':memory:')],
    ['an analysed database of 2,000 trials and 40,000 events', populated],
  ] as const) {
    it(`look trials, audit lines, milestones and activity up by index, never by scanning them, on ${label}`, () => {
      const db = open();
      try {
        const plans = Object.fromEntries(funnelPlans(db).map((p) => [p.name, p]));
        for (const p of Object.values(plans)) expect({ name: p.name, plan: p.plan, indexed: p.indexed }).toMatchObject({ indexed: true });
        expect(plans['trials signed up in the weeks']!.plan).toMatch(/SEARCH t USING INDEX trials_by_created_at \(created_at>\? AND created_at<\?\)/);
        expect(plans['trials signed up in the weeks']!.plan).toMatch(/SEARCH a USING INDEX audit_by_trial \(trial_id=\?\)/);
        expect(plans['first use and PQL of instances linked after their events']!.plan).toMatch(/SEARCH t USING PRIMARY KEY \(instance_url=\?\)/);
        expect(plans['decisions past due']!.plan).toMatch(/^SEARCH m USING INDEX milestones_unanswered \(due_at<\?\)/);
        expect(plans['instances waiting']!.plan).toMatch(/SEARCH t USING INDEX trials_by_status \(status=\?\)/);
      } finally {
        db.close();
      }
    });
  }
});
