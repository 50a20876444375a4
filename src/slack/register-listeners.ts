import type { App } from '@slack/bolt';
import type { Config } from '../config.js';
import type { Db } from '../db/open-database.js';
import type { Logger } from '../logger.js';
import type { OutboxWorker } from '../outbox/outbox-worker.js';

export interface ListenerDeps {
  db: Db;
  config: Config;
  logger: Logger;
  now: () => Date;
  worker: OutboxWorker;
}

/** Wires every action, view and command id to its handler. */
export function registerListeners(_app: App, _deps: ListenerDeps): void {}
