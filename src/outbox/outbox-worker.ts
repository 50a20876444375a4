import type { Db } from '../db/open-database.js';
import type { Logger } from '../logger.js';
import type { EffectContext, EffectHandler, OutboxRow } from './effect-handler.js';
import { classifyError, type Verdict } from './effect-error.js';
import { effectRecorded, recordEffect } from './record-effect.js';
import { scrubSecrets } from '../secrets.js';
import { RatePacer, type Pacing } from './rate-pacing.js';

export interface OutboxWorkerOptions {
  db: Db;
  logger: Logger;
  handlers: EffectHandler[];
  /** Everything an effect needs but the row itself. */
  context: Omit<EffectContext, 'effect' | 'retrying' | 'db' | 'logger' | 'now'>;
  now?: () => Date;
  concurrency?: number;
  pollMs?: number;
  /**
   * How long transient failures (5xx, network, timeouts) are retried, from the first of them
   * (`failing_since`; cleared by a success and by `admin -- outbox retry`), before the effect is
   * marked failed. Long enough to ride out an outage of Slack, GitHub or the mail server: 24 h
   * unless given.
   */
  retryBudgetMs?: number;
  /** Backoff before attempt n+1 (ms); at most 10 minutes by default. */
  backoff?: (attempt: number) => number;
  /**
   * After a call timed out, the next attempt waits at least this long (30 s unless given):
   * the abandoned request may still land on the other side, and the retry's look-up must see it.
   */
  inFlightGraceMs?: number;
  /**
   * Starts effects no faster than these limits per rate key (`slackPacing`: Slack's
   * published ones), so a burst is paced rather than answered with 429s. Off when absent.
   */
  pacing?: Pacing | false;
}

/** Ready effects looked at per pump, so paced keys cannot hide the ones behind them. */
const MAX_SCAN = 500;

const MAX_BACKOFF_MS = 10 * 60_000;
const defaultBackoff = (attempt: number) => Math.min(MAX_BACKOFF_MS, 500 * 2 ** Math.min(attempt - 1, 20) * (0.75 + Math.random() * 0.5));
const DAY_MS = 24 * 60 * 60_000;

/**
 * Carries out recorded effects: at most `concurrency` at once, one at a time
 * per lane, retrying transient failures with backoff for as long as the retry
 * budget lasts, waiting out 429s per rate key (never counted as failures), and
 * marking permanent failures `failed` with one report in #cloud-trial-alerts. An effect marked `running` when the process died is
 * picked up again at start with `retrying` set, so its handler looks before it
 * creates anything a second time.
 */
export class OutboxWorker {
  private readonly handlers = new Map<string, EffectHandler>();
  private readonly running = new Set<number>();
  private readonly gates = new Map<string, number>();
  /** Each open row's rate key, parsed from its payload once (payloads never change); dropped when the row is done or failed. */
  private readonly rateKeys = new Map<number, string | undefined>();
  private readonly pacer: RatePacer | null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = true;
  private wake = () => this.schedule(0);
  private idleWaiters: Array<() => void> = [];
  private readonly now: () => Date;
  private readonly concurrency: number;
  private readonly pollMs: number;
  private readonly retryBudgetMs: number;
  private readonly inFlightGraceMs: number;
  private readonly backoff: (attempt: number) => number;

  constructor(private readonly options: OutboxWorkerOptions) {
    for (const h of options.handlers) this.handlers.set(h.kind, h);
    this.now = options.now ?? (() => new Date());
    this.concurrency = options.concurrency ?? 8;
    this.pollMs = options.pollMs ?? 1000;
    this.retryBudgetMs = options.retryBudgetMs ?? DAY_MS;
    this.inFlightGraceMs = options.inFlightGraceMs ?? 30_000;
    this.backoff = options.backoff ?? defaultBackoff;
    this.pacer = options.pacing ? new RatePacer(options.pacing) : null;
  }

  start(): void {
    const { db, logger } = this.options;
    const recovered = db.prepare(`UPDATE outbox SET status = 'pending', updated_at = ? WHERE status = 'running'`).run(this.now().toISOString()).changes;
    if (recovered > 0) logger.warn({ recovered }, 'effects interrupted by a stop will be retried');
    this.stopped = false;
    effectRecorded.listeners.add(this.wake);
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    effectRecorded.listeners.delete(this.wake);
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    while (this.running.size > 0) await new Promise((r) => setTimeout(r, 10));
  }

  /** Resolves when nothing is running and nothing is ready to run (tests, benchmarks, the sandbox). */
  async idle(): Promise<void> {
    if (this.isIdle()) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  kick(): void {
    this.schedule(0);
  }

  private isIdle(): boolean {
    if (this.running.size > 0) return false;
    const ready = this.options.db.prepare(`SELECT 1 FROM outbox WHERE status = 'pending' AND run_after <= ? LIMIT 1`).get(this.now().toISOString());
    return !ready;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.pump();
    }, delayMs);
  }

  private pump(): void {
    if (this.stopped) return;
    const free = this.concurrency - this.running.size;
    let wakeIn = this.pollMs;
    if (free > 0) {
      const { rows, retryInMs } = this.claim(free);
      for (const row of rows) void this.run(row);
      // A paced key frees up sooner than the next poll: come back then, not a second later.
      if (retryInMs !== undefined) wakeIn = Math.min(wakeIn, retryInMs);
    }
    if (this.isIdle()) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of waiters) w();
    }
    this.schedule(wakeIn);
  }

  /**
   * The oldest ready effect of each lane that has nothing older still open, skipping
   * rate keys that are waiting out a 429 or paced; `retryInMs` is when a paced key has
   * room again. Skipped keys do not hide the effects behind them (a burst of alerts
   * must not hold back a channel that is free).
   */
  private claim(limit: number): { rows: OutboxRow[]; retryInMs?: number } {
    const { db } = this.options;
    const now = this.now();
    const nowMs = now.getTime();
    const nowIso = now.toISOString();
    const candidates = db
      .prepare(
        `SELECT o.* FROM outbox o
          WHERE o.status = 'pending' AND o.run_after <= ?
            AND NOT EXISTS (SELECT 1 FROM outbox p
                             WHERE p.lane = o.lane AND p.id < o.id AND p.status IN ('pending','running'))
          ORDER BY o.id LIMIT ?`,
      )
      .iterate(nowIso, MAX_SCAN) as IterableIterator<OutboxRow>;
    const claimed: OutboxRow[] = [];
    const blocked = new Set<string>();
    let retryInMs: number | undefined;
    const rows: OutboxRow[] = [];
    for (const row of candidates) {
      if (rows.length >= limit) break;
      if (this.running.has(row.id)) continue;
      const key = this.rateKey(row);
      if (key) {
        if (blocked.has(key)) continue;
        const gate = this.gates.get(key) ?? 0;
        if (gate > nowMs) {
          blocked.add(key);
          retryInMs = Math.min(retryInMs ?? Infinity, gate - nowMs);
          continue;
        }
        const wait = this.pacer?.take(key, nowMs) ?? 0;
        if (wait > 0) {
          blocked.add(key);
          retryInMs = Math.min(retryInMs ?? Infinity, wait);
          continue;
        }
      }
      rows.push(row);
    }
    const markRunning = db.prepare(`UPDATE outbox SET status = 'running', attempts = attempts + 1, updated_at = ? WHERE id = ? AND status = 'pending'`);
    // Committed before the calls: if we die mid-call, the next start knows they may have happened.
    // One transaction for the whole claim: one fsync on the event loop, not one per effect.
    if (rows.length === 0) return { rows: claimed, retryInMs };
    db.transaction(() => {
      for (const row of rows) {
        if (markRunning.run(nowIso, row.id).changes === 1) {
          this.running.add(row.id);
          claimed.push({ ...row, status: 'running', attempts: row.attempts + 1 });
        }
      }
    }).immediate();
    return { rows: claimed, retryInMs };
  }

  private rateKey(row: OutboxRow): string | undefined {
    if (this.rateKeys.has(row.id)) return this.rateKeys.get(row.id);
    const key = this.parseRateKey(row);
    this.rateKeys.set(row.id, key);
    return key;
  }

  private parseRateKey(row: OutboxRow): string | undefined {
    const handler = this.handlers.get(row.kind);
    if (!handler?.rateKey) return undefined;
    try {
      return handler.rateKey(JSON.parse(row.payload), { config: this.options.context.config });
    } catch {
      return undefined;
    }
  }

  private async run(row: OutboxRow): Promise<void> {
    const { db, logger } = this.options;
    const handler = this.handlers.get(row.kind);
    const ctx: EffectContext = {
      ...this.options.context,
      db,
      logger: logger.child({ effect: row.id, kind: row.kind }),
      now: this.now,
      effect: row,
      retrying: row.attempts > 1,
    };
    try {
      if (!handler) throw new Error(`no handler for effect kind ${row.kind}`);
      const payload = JSON.parse(row.payload);
      const result = await handler.perform(payload, ctx);
      db.transaction(() => {
        handler.after?.(payload, result, ctx);
        db.prepare(`UPDATE outbox SET status = 'done', result = ?, last_error = NULL, failing_since = NULL, updated_at = ? WHERE id = ?`).run(
          result === undefined ? null : JSON.stringify(result),
          this.now().toISOString(),
          row.id,
        );
      }).immediate();
      this.rateKeys.delete(row.id);
    } catch (error) {
      this.onFailure(row, handler, classifyError(error), error);
    } finally {
      this.running.delete(row.id);
      this.schedule(0);
    }
  }

  private onFailure(row: OutboxRow, handler: EffectHandler | undefined, verdict: Verdict, error: unknown): void {
    const { db, logger } = this.options;
    const now = this.now();
    const reason = scrubSecrets(verdict.reason, this.options.context.config);
    if (verdict.kind === 'rate_limited') {
      const key = this.rateKey(row);
      const until = now.getTime() + verdict.retryAfterMs;
      if (key) {
        this.gates.set(key, Math.max(this.gates.get(key) ?? 0, until));
        this.pacer?.drain(key, now.getTime());
      }
      // Waiting out a 429 is not a failed attempt: give the attempt back.
      db.prepare(`UPDATE outbox SET status = 'pending', attempts = attempts - 1, run_after = ?, last_error = ?, updated_at = ? WHERE id = ?`).run(
        new Date(until).toISOString(),
        reason,
        now.toISOString(),
        row.id,
      );
      logger.info({ effect: row.id, kind: row.kind, retryAfterMs: verdict.retryAfterMs }, 'rate limited, waiting');
      return;
    }
    let finalReason = reason;
    if (verdict.kind === 'retry') {
      // The budget runs from the first failure, not from the recording: waiting behind a lane spends none of it.
      const since = row.failing_since ? Date.parse(row.failing_since) : now.getTime();
      const delay = Math.max(this.backoff(row.attempts), verdict.uncertain ? this.inFlightGraceMs : 0);
      if (now.getTime() - since < this.retryBudgetMs) {
        const runAfter = new Date(now.getTime() + delay);
        db.prepare(
          `UPDATE outbox SET status = 'pending', run_after = ?, last_error = ?, failing_since = coalesce(failing_since, ?), updated_at = ? WHERE id = ?`,
        ).run(runAfter.toISOString(), reason, now.toISOString(), now.toISOString(), row.id);
        logger.warn({ effect: row.id, kind: row.kind, attempt: row.attempts, reason, retryInMs: delay }, 'effect failed, will retry');
        return;
      }
      finalReason = `${reason} (still failing after ${hours(now.getTime() - since)} of retries)`;
    }
    logger.error(
      { effect: row.id, kind: row.kind, reason: finalReason, err: scrubSecrets(String(error), this.options.context.config) },
      'effect failed for good',
    );
    db.transaction(() => {
      db.prepare(`UPDATE outbox SET status = 'failed', last_error = ?, updated_at = ? WHERE id = ?`).run(finalReason, now.toISOString(), row.id);
      this.reportFailure(row, handler, finalReason, now);
    }).immediate();
    this.rateKeys.delete(row.id);
  }

  /** One message in #cloud-trial-alerts per failed effect, unless that channel is what fails. */
  private reportFailure(row: OutboxRow, handler: EffectHandler | undefined, reason: string, now: Date): void {
    const alerts = this.options.context.config.ALERTS_CHANNEL;
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
      this.options.db,
      {
        key: retries === 0 ? `report:${row.id}` : `report:${row.id}:${retries}`,
        kind: 'slack.report',
        lane: 'reports',
        trialId: row.trial_id,
        payload: {
          text: `:warning: trialbot could not ${describe(row.kind)}${row.trial_id ? ` for trial \`${row.trial_id}\`` : ''}: ${reason}. It will not retry by itself; after fixing the cause run \`npm run admin -- outbox retry ${row.id}\`.`,
        },
      },
      now,
    );
  }
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
