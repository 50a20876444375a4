import type { Db } from '../db/open-database.js';

/** Per connection: the clock effects recorded on it may not be due after (a job run by hand). */
const dueBy = new WeakMap<Db, () => Date>();

/**
 * From now on, what is recorded on `db` is due no later than `clock()`: a job run by hand with
 * `--now` ahead of the clock decides as of `--now`, but what it records is due when it runs,
 * so the running server sends it within seconds rather than at `--now`.
 */
export function effectsDueBy(db: Db, clock: () => Date): void {
  dueBy.set(db, clock);
}

/**
 * How far an effect recorded on `db` at `now` is moved back: zero unless the connection's
 * clock (see `effectsDueBy`) is behind `now`. An effect meant for later keeps its delay.
 */
export function effectShiftMs(db: Db, now: Date): number {
  const clock = dueBy.get(db);
  if (!clock) return 0;
  return Math.max(0, now.getTime() - clock().getTime());
}
