import type { WebClient } from '@slack/web-api';
import type { Config } from '../config.js';
import type { Db } from '../db/open-database.js';
import type { GitHubClient } from '../clients/github-client.js';
import type { Mailer } from '../clients/mailer.js';
import type { Logger } from '../logger.js';

export interface OutboxRow {
  id: number;
  key: string;
  kind: string;
  lane: string;
  trial_id: string | null;
  payload: string;
  status: 'pending' | 'running' | 'done' | 'failed';
  attempts: number;
  run_after: string;
  last_error: string | null;
  result: string | null;
  /** When the current run of transient failures began (the retry budget counts from it); null when none. */
  failing_since: string | null;
  /** `admin -- outbox retry` count: names each failure report after the first. */
  manual_retries: number;
  created_at: string;
  updated_at: string;
}

export interface EffectContext {
  db: Db;
  slack: WebClient;
  github: GitHubClient;
  mailer: Mailer;
  config: Config;
  logger: Logger;
  now: () => Date;
  effect: OutboxRow;
  /**
   * True when an earlier attempt may have reached the other side before the
   * process lost its answer (a crash, a dropped connection): look before creating.
   */
  retrying: boolean;
}

export interface EffectHandler<P = any, R = any> {
  kind: string;
  /** Calls sharing a rate key wait together after a 429 (e.g. `chat.postMessage:C123`). */
  rateKey?(payload: P, ctx: { config: Config }): string | undefined;
  /** Where a permanent failure is reported: not in the channel that is failing. */
  channel?(payload: P): string | undefined;
  perform(payload: P, ctx: EffectContext): Promise<R>;
  /** Runs in the transaction that marks the effect done: store results, record follow-ups. */
  after?(payload: P, result: R, ctx: EffectContext): void;
}

export function defineEffect<P, R>(handler: EffectHandler<P, R>): EffectHandler<P, R> {
  return handler;
}
