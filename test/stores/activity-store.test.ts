import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { grade, type ActivityEvent } from '../../src/core/activity-grade.js';
import { localDate, startOfLocalDay } from '../../src/core/deadlines.js';
import { openDatabase } from '../../src/db/open-database.js';
import { activityGrade, backfillActivity, countActivity, pruneActivityEvents } from '../../src/stores/activity-store.js';
import { usageMilestones } from '../../src/stores/funnel-store.js';

const URL = 'https://acme.sourcegraph.test';
const ZONE = 'Europe/Berlin';

/** The moments as the funnel worked them out from raw events before migration 010. */
function reference(events: ActivityEvent[], zone: string) {
  const sorted = [...events].sort((a, b) => (a.at < b.at ? -1 : 1));
  const first = (kind?: string) => sorted.find((e) => !kind || e.event === kind)?.at ?? null;
  const [any, search, host, repo] = [first(), first('search'), first('code_host_added'), first('repo_added')];
  const latest = (...x: Array<string | null>) => (x.some((v) => v === null) ? null : ([...x].sort().at(-1) ?? null));
  const earliest = (...x: Array<string | null>) => x.filter((v): v is string => v !== null).sort()[0] ?? null;
  let pqlAt: string | null = null;
  if (any && search && repo) {
    const d = new Date(`${localDate(new Date(any), zone)}T12:00:00Z`);
    d.setUTCDate(d.getUTCDate() + 1);
    const next = startOfLocalDay(d.toISOString().slice(0, 10), zone).toISOString();
    const second = sorted.find((e) => e.at >= next)?.at ?? null;
    pqlAt = latest(search, repo, second);
  }
  return { firstRealUseAt: earliest(search, latest(host, repo)), pqlAt };
}

const eventArb = fc.record({
  event: fc.constantFrom('search', 'visit', 'code_host_added', 'repo_added') as fc.Arbitrary<ActivityEvent['event']>,
  private: fc.boolean(),
  at: fc.integer({ min: Date.parse('2026-03-25T00:00:00Z'), max: Date.parse('2026-04-08T00:00:00Z') }).map((ms) => new Date(ms).toISOString()),
});

function freshDb() {
  const db = openDatabase(':memory:');
  db.prepare(`INSERT INTO instances (url, domain, admin_email, created_at) VALUES (?, 'acme.com', 'a@acme.com', '2026-03-01T00:00:00Z')`).run(URL);
  return db;
}

describe('activity counters (migration 010)', () => {
  it('grade and moments from the counters equal those worked out from every raw event, in any arrival order (DST included)', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 40 }), (events) => {
        const db = freshDb();
        try {
          db.transaction(() => {
            for (const e of events) countActivity(db, URL, e, ZONE);
          })();
          const { events: n, ...g } = activityGrade(db, URL);
          expect(n).toBe(events.length);
          expect(g).toEqual(grade(events, ZONE));
          const moments = usageMilestones(db, [{ id: 't1', instanceUrl: URL }]);
          expect(moments.get('t1') ?? { firstRealUseAt: null, pqlAt: null }).toEqual(reference(events, ZONE));
        } finally {
          db.close();
        }
      }),
      { numRuns: 200 },
    );
  });

  it('a database from before the counters is counted once at start (backfill), and old raw events can go without changing the grade', () => {
    const db = freshDb();
    const insert = db.prepare(`INSERT INTO activity_events (id, instance_url, event, private, at, received_at) VALUES (?, ?, ?, ?, ?, ?)`);
    const events: ActivityEvent[] = [
      { event: 'search', private: false, at: '2026-03-28T10:00:00.000Z' },
      { event: 'repo_added', private: true, at: '2026-03-29T10:00:00.000Z' },
      { event: 'code_host_added', private: false, at: '2026-03-30T10:00:00.000Z' },
    ];
    events.forEach((e, i) => insert.run(`e${i}`, URL, e.event, e.private ? 1 : 0, e.at, e.at));
    expect(activityGrade(db, URL).grade).toBe('D');
    expect(backfillActivity(db, ZONE)).toBe(1);
    expect(backfillActivity(db, ZONE)).toBe(0);
    expect(activityGrade(db, URL)).toMatchObject({ grade: 'B', events: 3 });
    expect(pruneActivityEvents(db, new Date('2026-03-30T00:00:00Z'), 1)).toBe(2);
    expect(activityGrade(db, URL)).toMatchObject({ grade: 'B', events: 3 });
    db.close();
  });
});
