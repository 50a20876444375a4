// Usage counters per instance (migration 010): each new event updates its day and the instance's
// totals in O(1); the grade and the funnel's moments are read from them, never from raw events.
import { gradeOfCounts, type ActivityGrade, type ActivityKind } from '../core/activity-grade.js';
import { localDate } from '../core/deadlines.js';
import type { Db } from '../db/open-database.js';

export interface NewActivity {
  event: ActivityKind;
  private: boolean;
  /** ISO-8601 instant. */
  at: string;
}

interface TotalsRow {
  instance_url: string;
  events: number;
  searches: number;
  days_active: number;
  code_host_added: 0 | 1;
  private_code_added: 0 | 1;
  any_code_added: 0 | 1;
  first_at: string;
  first_search_at: string | null;
  first_code_host_at: string | null;
  first_repo_at: string | null;
  first_real_use_at: string | null;
  pql_at: string | null;
}

const min = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a < b ? a : b);
const max = (a: string | null, b: string | null) => (a === null || b === null ? null : a > b ? a : b);

/**
 * Counts one new event (the caller has just stored it, so a duplicate id never gets here), in the
 * caller's transaction: its local day, the instance's totals, and — when they move — the first
 * real use and the PQL moment, on the totals and on the trials of that instance.
 */
export function countActivity(db: Db, instanceUrl: string, e: NewActivity, zone: string): void {
  const day = localDate(new Date(e.at), zone);
  const search = e.event === 'search' ? 1 : 0;
  const dayRow = db.prepare('SELECT first_at FROM activity_days WHERE instance_url = ? AND day = ?').get(instanceUrl, day) as { first_at: string } | undefined;
  if (dayRow) {
    db.prepare('UPDATE activity_days SET events = events + 1, searches = searches + ?, first_at = min(first_at, ?) WHERE instance_url = ? AND day = ?').run(
      search,
      e.at,
      instanceUrl,
      day,
    );
  } else {
    db.prepare('INSERT INTO activity_days (instance_url, day, events, searches, first_at) VALUES (?, ?, 1, ?, ?)').run(instanceUrl, day, search, e.at);
  }
  const old = db.prepare('SELECT * FROM activity_totals WHERE instance_url = ?').get(instanceUrl) as TotalsRow | undefined;
  const t: TotalsRow = old
    ? { ...old }
    : {
        instance_url: instanceUrl,
        events: 0,
        searches: 0,
        days_active: 0,
        code_host_added: 0,
        private_code_added: 0,
        any_code_added: 0,
        first_at: e.at,
        first_search_at: null,
        first_code_host_at: null,
        first_repo_at: null,
        first_real_use_at: null,
        pql_at: null,
      };
  t.events += 1;
  t.searches += search;
  if (!dayRow) t.days_active += 1;
  t.first_at = min(t.first_at, e.at) ?? e.at;
  if (e.event === 'search') t.first_search_at = min(t.first_search_at, e.at);
  if (e.event === 'code_host_added') {
    t.code_host_added = 1;
    t.first_code_host_at = min(t.first_code_host_at, e.at);
  }
  if (e.event === 'repo_added') {
    t.any_code_added = 1;
    if (e.private) t.private_code_added = 1;
    t.first_repo_at = min(t.first_repo_at, e.at);
  }
  t.first_real_use_at = min(t.first_search_at, max(t.first_code_host_at, t.first_repo_at));
  t.pql_at = null;
  if (t.first_search_at && t.first_repo_at && t.days_active >= 2) {
    // The second active day begins with its earliest event (the days' rows, in order: an index seek).
    const second = db.prepare('SELECT first_at FROM activity_days WHERE instance_url = ? ORDER BY day LIMIT 1 OFFSET 1').get(instanceUrl) as
      { first_at: string } | undefined;
    t.pql_at = max(max(t.first_search_at, t.first_repo_at), second?.first_at ?? null);
  }
  db.prepare(
    `INSERT OR REPLACE INTO activity_totals (instance_url, events, searches, days_active, code_host_added, private_code_added, any_code_added,
       first_at, first_search_at, first_code_host_at, first_repo_at, first_real_use_at, pql_at)
     VALUES (@instance_url, @events, @searches, @days_active, @code_host_added, @private_code_added, @any_code_added,
       @first_at, @first_search_at, @first_code_host_at, @first_repo_at, @first_real_use_at, @pql_at)`,
  ).run(t);
  if (!old || old.first_real_use_at !== t.first_real_use_at || old.pql_at !== t.pql_at) {
    db.prepare('UPDATE trials SET first_real_use_at = ?, pql_at = ? WHERE instance_url = ?').run(t.first_real_use_at, t.pql_at, instanceUrl);
  }
}

/** An instance's grade from its counters, and how many events it is graded on. */
export function activityGrade(db: Db, instanceUrl: string): ActivityGrade & { events: number } {
  const t = db.prepare('SELECT * FROM activity_totals WHERE instance_url = ?').get(instanceUrl) as TotalsRow | undefined;
  const counts = {
    searches: t?.searches ?? 0,
    daysActive: t?.days_active ?? 0,
    codeHostAdded: t?.code_host_added === 1,
    privateCodeAdded: t?.private_code_added === 1,
    anyCodeAdded: t?.any_code_added === 1,
  };
  return { ...gradeOfCounts(counts), events: t?.events ?? 0 };
}

/** Per instance (a JSON array of URLs): its first-use and PQL moments (primary key seeks). */
export const ACTIVITY_MOMENTS_SQL = `
  SELECT t.instance_url AS url, t.first_real_use_at AS firstRealUseAt, t.pql_at AS pqlAt
    FROM json_each(?) j JOIN activity_totals t ON t.instance_url = j.value`;

/** The first-use and PQL moments of these instances, from their counters. */
export function activityMoments(db: Db, urls: string[]): Map<string, { firstRealUseAt: string | null; pqlAt: string | null }> {
  const out = new Map<string, { firstRealUseAt: string | null; pqlAt: string | null }>();
  if (urls.length === 0) return out;
  const rows = db.prepare(ACTIVITY_MOMENTS_SQL).all(JSON.stringify(urls)) as Array<{ url: string; firstRealUseAt: string | null; pqlAt: string | null }>;
  for (const r of rows) out.set(r.url, { firstRealUseAt: r.firstRealUseAt, pqlAt: r.pqlAt });
  return out;
}

/**
 * Counts the stored events of instances that have events but no counters yet (a database from
 * before migration 010), in TIMEZONE, one instance per transaction. Once per database: after it,
 * every instance with events has its counters. Returns the instances counted.
 */
export function backfillActivity(db: Db, zone: string): number {
  const urls = db
    .prepare(
      `SELECT DISTINCT e.instance_url AS url FROM activity_events e
        WHERE NOT EXISTS (SELECT 1 FROM activity_totals t WHERE t.instance_url = e.instance_url)`,
    )
    .pluck()
    .all() as string[];
  for (const url of urls) {
    db.transaction(() => {
      const events = db.prepare('SELECT event, private, at FROM activity_events WHERE instance_url = ? ORDER BY at').all(url) as Array<{
        event: ActivityKind;
        private: 0 | 1;
        at: string;
      }>;
      for (const e of events) countActivity(db, url, { event: e.event, private: e.private === 1, at: e.at }, zone);
    }).immediate();
  }
  return urls.length;
}

/**
 * Deletes raw events received before `before`: the counters keep everything the grade and the
 * funnel need; the raw rows only catch a duplicate id, which arrives within minutes, not months.
 * In chunks, so a large prune never holds the write lock for long. Returns the events deleted.
 */
export function pruneActivityEvents(db: Db, before: Date, chunk = 5000): number {
  let deleted = 0;
  for (;;) {
    const n = db
      .prepare('DELETE FROM activity_events WHERE rowid IN (SELECT rowid FROM activity_events WHERE received_at < ? LIMIT ?)')
      .run(before.toISOString(), chunk).changes;
    deleted += n;
    if (n < chunk) return deleted;
  }
}

/** Stores one raw usage event by its id; false when that id was seen before. */
export function insertActivityEvent(db: Db, e: { id: string; url: string; event: string; private: boolean; at: string; receivedAt: string }): boolean {
  return (
    db
      .prepare(
        `INSERT INTO activity_events (id, instance_url, event, private, at, received_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT(id) DO NOTHING`,
      )
      .run(e.id, e.url, e.event, e.private ? 1 : 0, e.at, e.receivedAt).changes === 1
  );
}
