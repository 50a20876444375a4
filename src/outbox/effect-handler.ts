import type { WebClient } from '@slack/web-api';
import type { Config } from '../config.js';
import type { Db } from '../db/open-database.js';
import type { GitHubClient } from '../clients/github-client.js';
import type { Mailer } from '../clients/mailer.js';
import type { Logger } from '../logger.js';
import type { OutboxRow } from '../stores/outbox-store.js';

export type { OutboxRow };

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
