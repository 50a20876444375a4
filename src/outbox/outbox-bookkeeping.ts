import type { Config } from '../config.js';
import { isDatabaseBusy } from '../db/busy.js';
import type { Db } from '../db/open-database.js';
import type { Logger } from '../logger.js';
import { scrubSecrets } from '../secrets.js';
import type { EffectContext, EffectHandler, OutboxRow } from './effect-handler.js';
import type { Verdict } from './effect-error.js';
import { recordEffect } from '../stores/record-effect.js';
import { markEffectDone, markEffectFailed, scheduleRetry, waitOutRateLimit } from '../stores/outbox-store.js';

// What the worker writes after an effect ran: done (with the handler's follow-ups), retry later,
// wait out a 429, or failed for good (with one report). Each is one statement or one transaction.

/** Marks the effect done in the transaction that runs the handler's `after` (its results and follow-ups). */
export function markDone<P, R>(db: Db, row: OutboxRow, handler: EffectHandler<P, R>, payload: P, result: R, ctx: EffectContext, now: () => Date): void {
  db.transaction(() => {
    handler.after?.(payload, result, ctx);
    markEffectDone(db, row.id, result, now());
  }).immediate();
}

export interface FailurePolicy {
  db: Db;
  logger: Logger;
  config: Config;
  retryBudgetMs: number;
  inFlightGraceMs: number;
  backoff: (attempt: number) => number;
}

/** Records a failed attempt: a 429's wait (not counted as an attempt), a retry with backoff, or failed for good. */
export function recordFailure(policy: FailurePolicy, row: OutboxRow, handler: EffectHandler | undefined, verdict: Verdict, error: unknown, now: Date): void {
  const { db, logger, config } = policy;
  const reason = scrubSecrets(verdict.reason, config);
  if (verdict.kind === 'rate_limited') {
    const until = now.getTime() + verdict.retryAfterMs;
    waitOutRateLimit(db, row.id, new Date(until), reason, now);
    logger.info({ effect: row.id, kind: row.kind, retryAfterMs: verdict.retryAfterMs }, 'rate limited, waiting');
    return;
  }
  let finalReason = reason;
  if (verdict.kind === 'retry') {
    // The budget runs from the first failure, not from the recording: waiting behind a lane spends none of it.
    const since = row.failing_since ? Date.parse(row.failing_since) : now.getTime();
    const delay = Math.max(policy.backoff(row.attempts), verdict.uncertain ? policy.inFlightGraceMs : 0);
    if (now.getTime() - since < policy.retryBudgetMs) {
      scheduleRetry(db, row.id, new Date(now.getTime() + delay), reason, now);
      logger.warn({ effect: row.id, kind: row.kind, attempt: row.attempts, reason, retryInMs: delay }, 'effect failed, will retry');
      return;
    }
    finalReason = `${reason} (still failing after ${hours(now.getTime() - since)} of retries)`;
  }
  db.transaction(() => {
    markEffectFailed(db, row.id, finalReason, now);
    reportFailure(db, config, row, handler, finalReason, now);
  }).immediate();
  logger.error({ effect: row.id, kind: row.kind, reason: finalReason, err: scrubSecrets(String(error), config) }, 'effect failed for good');
}

/**
 * Runs a bookkeeping write until it lands. A lock another process holds (an `admin` import,
 * a `job` run, a `sqlite3` shell) is waited out with backoff instead of thrown from a timer
 * (issue 16.1: that killed the server). Returns false if the worker stopped first: the row then
 * stays `running`, and the next start retries it with `retrying` set, as after a crash.
 * Any other error is returned to the caller.
 */
export async function untilWritten(write: () => void, options: { logger: Logger; stopped: () => boolean; what: string; effect: number }): Promise<boolean> {
  for (let attempt = 0; ; attempt++) {
    try {
      write();
      return true;
    } catch (error) {
      if (!isDatabaseBusy(error)) throw error;
      if (attempt === 0) options.logger.warn({ effect: options.effect }, `database locked by another process: ${options.what} waits`);
      if (options.stopped()) return false;
      await new Promise((resolve) => setTimeout(resolve, Math.min(2000, 50 * 2 ** attempt)));
    }
  }
}

/** One message in #cloud-trial-alerts per failed effect, unless that channel is what fails. */
function reportFailure(db: Db, config: Config, row: OutboxRow, handler: EffectHandler | undefined, reason: string, now: Date): void {
  const alerts = config.ALERTS_CHANNEL;
  let target: string | undefined;
  try {
    target = handler?.channel?.(JSON.parse(row.payload));
  } catch {
    target = undefined;
  }
  const aimedAtAlerts = target === alerts || target === '$alerts';
  // When #cloud-trial-alerts itself is what fails, a report there would fail too: the log has it.
  if (
    row.kind === 'slack.report' ||
    (aimedAtAlerts && /channel_not_found|not_in_channel|is_archived|invalid_auth|not_authed|account_inactive|token_revoked/.test(reason))
  )
    return;
  // One report per failure: a manual retry that fails again is reported again.
  const retries = row.manual_retries;
  recordEffect(
    db,
    {
      key: retries === 0 ? `report:${row.id}` : `report:${row.id}:${retries}`,
      kind: 'slack.report',
      lane: 'reports',
      trialId: row.trial_id,
      payload: {
        text: `:warning: trialbot could not ${describe(row.kind)}${row.trial_id ? ` for trial \`${row.trial_id}\`` : ''}: ${reason}. It will not retry by itself: once the cause is fixed, an admin clicks *Retry*.`,
        retryEffect: row.id,
      },
    },
    now,
  );
}

function hours(ms: number): string {
  if (ms >= 3_600_000) return `${Math.round(ms / 3_600_000)} h`;
  if (ms >= 60_000) return `${Math.round(ms / 60_000)} min`;
  return ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`;
}

function describe(kind: string): string {
  const words: Record<string, string> = {
    'slack.post': 'post a Slack message',
    'slack.update': 'update a Slack message',
    'trial.space': 'open the trial space',
    'trial.invite': 'invite people to the trial space',
    'trial.card': 'post the trial card',
    'github.issue': 'open a GitHub issue',
    'github.comment': 'comment on a GitHub issue',
    'email.send': 'send an email',
  };
  return words[kind] ?? `carry out ${kind}`;
}
