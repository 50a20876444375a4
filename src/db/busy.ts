/**
 * better-sqlite3's error for a lock another connection (an `admin` import, a `job` run, a
 * `sqlite3` shell) held past busy_timeout: a passing condition, answered "try again", never a crash.
 */
export function isDatabaseBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

/** Seconds a webhook sender is told to wait (`Retry-After`) when the database was locked. */
export const BUSY_RETRY_AFTER_SECONDS = 2;
