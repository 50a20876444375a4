import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Config } from '../config.js';
import type { Db } from '../db/open-database.js';
import type { Logger } from '../logger.js';
import { sendError } from '../http/respond.js';

/** `POST /webhooks/activity`: contract §2. (Filled in by the lifecycle work.) */
export function activityWebhook(_deps: { db: Db; config: Config; logger: Logger; now: () => Date }) {
  return async (_req: IncomingMessage, res: ServerResponse): Promise<void> => sendError(res, 501, 'not implemented yet');
}
