import type { Config } from './config.js';
import type { Logger } from './logger.js';
import { scrubSecrets } from './secrets.js';
import { isDatabaseBusy } from './db/busy.js';

/**
 * The last line of defence for a fault no caller caught (issue 16.1: a lock held by an `admin`
 * import made the worker's bookkeeping throw from a timer, and the server died with it).
 * A promise nobody awaited is logged and the server keeps serving: the request or effect that
 * failed is retried by whoever sent it. A thrown exception is logged too; a lock held elsewhere
 * is a passing condition, so the server keeps serving; anything else leaves the process in a
 * state nobody reasoned about, so it stops (cleanly: `close` first) and its supervisor restarts it.
 * Every message is scrubbed of the configured secrets before it is logged.
 */
export function guardProcess(options: { logger: Logger; config: Partial<Config>; close: () => Promise<void> }): void {
  const { logger, config } = options;
  const describe = (error: unknown) => {
    const e = error instanceof Error ? error : new Error(String(error));
    return { type: e.name, code: (e as { code?: unknown }).code, message: scrubSecrets(e.message, config), stack: scrubSecrets(e.stack ?? '', config) };
  };
  let stopping = false;
  process.on('unhandledRejection', (reason) => {
    logger.error({ err: describe(reason) }, 'unhandled rejection (kept serving)');
  });
  process.on('uncaughtException', (error) => {
    if (isDatabaseBusy(error)) {
      logger.error({ err: describe(error) }, 'database locked by another process (kept serving)');
      return;
    }
    logger.fatal({ err: describe(error) }, 'uncaught exception: stopping');
    if (stopping) return;
    stopping = true;
    const timer = setTimeout(() => process.exit(1), 5000);
    timer.unref();
    options.close().then(
      () => process.exit(1),
      () => process.exit(1),
    );
  });
}
