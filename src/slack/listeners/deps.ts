import type { Config } from '../../config.js';
import type { Db } from '../../db/open-database.js';
import type { Logger } from '../../logger.js';

/** What every listener is given. */
export interface ListenerDeps {
  db: Db;
  config: Config;
  logger: Logger;
  now: () => Date;
}
