import { localDate } from '../../core/deadlines.js';
import { funnelRows } from '../../core/funnel.js';
import { weekOf, weekRange, weeksEndingWith } from '../../core/funnel-weeks.js';
import type { Db } from '../../db/open-database.js';
import { funnelFacts, overdueDecisions, stalledProvisioning } from '../funnel-store.js';
import type { WeeklyDigestView } from '../../core/weekly-digest.js';
import { firstTrialAt } from '../weekly-digest-store.js';

/** Weeks the digest's comparison averages over: the ones before the digest's week. */
export const AVERAGE_WEEKS = 4;

/** Waiting this long for an instance is stalled. */
export const STALLED_AFTER_MS = 24 * 60 * 60_000;

/** Everything the weekly digest shows, as the database says at `now`. */
export function loadWeeklyDigest(db: Db, week: string, zone: string, now: Date): WeeklyDigestView {
  const weeks = weeksEndingWith(week, AVERAGE_WEEKS + 1);
  const facts = funnelFacts(db, weekRange(weeks[0] ?? week, zone).from, weekRange(week, zone).to, zone);
  const rows = funnelRows(facts, weeks, now, zone);
  const today = localDate(now, zone);
  const first = firstTrialAt(db);
  const since = first ? weekOf(first, zone) : week;
  return {
    week,
    rows: rows.filter((r) => r.week === week),
    previous: rows.filter((r) => r.week !== week && r.week >= since && r.caseCode === 'all'),
    overdue: overdueDecisions(db, today, zone),
    stalled: stalledProvisioning(db, new Date(now.getTime() - STALLED_AFTER_MS)).map((s) => ({ ...s, sinceOn: localDate(new Date(s.since), zone) })),
    today,
    now: now.toISOString(),
  };
}
