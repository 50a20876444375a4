import { effectPayload, recoverRunning, type ReadyCandidate } from '../stores/outbox-store.js';
import { isDatabaseBusy } from '../db/busy.js';
import type { Db } from '../db/open-database.js';
import type { Logger } from '../logger.js';
import type { EffectContext, EffectHandler, OutboxRow } from './effect-handler.js';
import { classifyError } from './effect-error.js';
import { effectRecorded } from '../stores/record-effect.js';
import { scrubSecrets } from '../secrets.js';
import { RatePacer, type Pacing } from './rate-pacing.js';
import { anyReady, claimReady, type ClaimState } from './outbox-claim.js';
import { markDone, recordFailure, untilWritten, type FailurePolicy } from './outbox-bookkeeping.js';

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

const MAX_BACKOFF_MS = 10 * 60_000;
const defaultBackoff = (attempt: number) => Math.min(MAX_BACKOFF_MS, 500 * 2 ** Math.min(attempt - 1, 20) * (0.75 + Math.random() * 0.5));
const DAY_MS = 24 * 60 * 60_000;

/**
 * Carries out recorded effects: at most `concurrency` at once, one at a time
 * per lane, retrying transient failures with backoff for as long as the retry
 * budget lasts, waiting out 429s per rate key (never counted as failures), and
 * marking permanent failures `failed` with one report in #cloud-trial-alerts. An effect marked `running` when the process died is
 * picked up again at start with `retrying` set, so its handler looks before it
 * creates anything a second time. Claiming is `outbox-claim.ts`, what is written after a
 * run is `outbox-bookkeeping.ts`; no database error escapes a timer or an unawaited promise here
 * (a lock held by another process is waited out).
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
  private readonly claimState: ClaimState;
  private readonly failurePolicy: FailurePolicy;
  private recovered = false;

  constructor(private readonly options: OutboxWorkerOptions) {
    for (const h of options.handlers) this.handlers.set(h.kind, h);
    this.now = options.now ?? (() => new Date());
    this.concurrency = options.concurrency ?? 8;
    this.pollMs = options.pollMs ?? 1000;
    this.retryBudgetMs = options.retryBudgetMs ?? DAY_MS;
    this.inFlightGraceMs = options.inFlightGraceMs ?? 30_000;
    this.backoff = options.backoff ?? defaultBackoff;
    this.pacer = options.pacing ? new RatePacer(options.pacing) : null;
    this.claimState = { running: this.running, gates: this.gates, pacer: this.pacer, rateKey: (row) => this.rateKey(row) };
    this.failurePolicy = {
      db: options.db,
      logger: options.logger,
      config: options.context.config,
      retryBudgetMs: this.retryBudgetMs,
      inFlightGraceMs: this.inFlightGraceMs,
      backoff: this.backoff,
    };
  }

  start(): void {
    try {
      this.recover();
    } catch (error) {
      // Locked by another process at start: the first poll that gets through recovers them.
      if (!isDatabaseBusy(error)) throw error;
    }
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
    return this.running.size === 0 && !anyReady(this.options.db, this.now());
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
    let wakeIn = this.pollMs;
    // Nothing here may throw out of the timer: a lock another process holds is waited out (next poll).
    try {
      if (!this.recovered) this.recover();
      const free = this.concurrency - this.running.size;
      if (free > 0) {
        const { rows, retryInMs } = claimReady(this.options.db, this.claimState, this.now(), free);
        for (const row of rows) void this.run(row);
        // A paced key frees up sooner than the next poll: come back then, not a second later.
        if (retryInMs !== undefined) wakeIn = Math.min(wakeIn, retryInMs);
      }
      if (this.idleWaiters.length > 0 && this.isIdle()) {
        const waiters = this.idleWaiters;
        this.idleWaiters = [];
        for (const w of waiters) w();
      }
    } catch (error) {
      if (isDatabaseBusy(error)) this.options.logger.warn('database locked by another process: the outbox waits for its next poll');
      else this.options.logger.error({ err: scrubSecrets(String(error), this.options.context.config) }, 'outbox poll failed; will poll again');
    }
    this.schedule(wakeIn);
  }

  /** Effects marked running when the process stopped are pending again (their handlers look before creating). */
  private recover(): void {
    const { db, logger } = this.options;
    const recovered = recoverRunning(db, this.now());
    this.recovered = true;
    if (recovered > 0) logger.warn({ recovered }, 'effects interrupted by a stop will be retried');
  }

  private rateKey(effect: ReadyCandidate): string | undefined {
    if (this.rateKeys.has(effect.id)) return this.rateKeys.get(effect.id);
    const key = this.parseRateKey(effect);
    this.rateKeys.set(effect.id, key);
    return key;
  }

  private parseRateKey(effect: ReadyCandidate): string | undefined {
    const handler = this.handlers.get(effect.kind);
    if (!handler?.rateKey) return undefined;
    const payload = effectPayload(this.options.db, effect.id);
    if (payload === undefined) return undefined;
    try {
      return handler.rateKey(JSON.parse(payload), { config: this.options.context.config });
    } catch {
      return undefined;
    }
  }

  /** Carries out one effect, then records how it went; never rejects (the promise is not awaited). */
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
    const wait = { logger, stopped: () => this.stopped, effect: row.id };
    try {
      let failure: unknown;
      try {
        if (!handler) throw new Error(`no handler for effect kind ${row.kind}`);
        const payload: unknown = JSON.parse(row.payload);
        const result = await handler.perform(payload, ctx);
        // The call happened: its record waits out a lock rather than counting as a failure (a retry would call again).
        await untilWritten(() => markDone(db, row, handler, payload, result, ctx, this.now), { ...wait, what: 'marking an effect done' });
        this.rateKeys.delete(row.id);
        return;
      } catch (error) {
        failure = error;
      }
      const verdict = classifyError(failure);
      if (verdict.kind === 'rate_limited') this.holdRateKey(row, verdict.retryAfterMs);
      const written = await untilWritten(() => recordFailure(this.failurePolicy, row, handler, verdict, failure, this.now()), {
        ...wait,
        what: 'recording a failed attempt',
      });
      if (written && verdict.kind !== 'rate_limited' && verdict.kind !== 'retry') this.rateKeys.delete(row.id);
    } catch (error) {
      // A bug in the bookkeeping itself: the row stays running until the next start retries it.
      logger.error({ effect: row.id, err: scrubSecrets(String(error), this.options.context.config) }, 'outbox bookkeeping failed');
    } finally {
      this.running.delete(row.id);
      this.schedule(0);
    }
  }

  /** After a 429 nothing with the same rate key starts until Retry-After has passed. */
  private holdRateKey(row: OutboxRow, retryAfterMs: number): void {
    const key = this.rateKey(row);
    if (!key) return;
    const nowMs = this.now().getTime();
    this.gates.set(key, Math.max(this.gates.get(key) ?? 0, nowMs + retryAfterMs));
    this.pacer?.drain(key, nowMs);
  }
}
