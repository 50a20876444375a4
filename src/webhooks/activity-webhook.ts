import { z } from 'zod';
import type { Config } from '../config.js';
import type { Db } from '../db/open-database.js';
import { HttpError, signedJsonRoute } from '../http/json-route.js';
import type { Logger } from '../logger.js';
import { normaliseInstanceUrl } from '../core/instance-url.js';
import { recordActivity } from '../flows/record-activity.js';

export const activityBody = z.object({
  id: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
  instanceUrl: z
    .string()
    .trim()
    .max(2000, 'must be at most 2000 characters')
    .refine((u) => normaliseInstanceUrl(u) !== null, 'must be an http(s) URL like https://acme.sourcegraph.com'),
  event: z.enum(['search', 'visit', 'code_host_added', 'repo_added']),
  private: z.boolean().optional(),
  at: z.iso.datetime({ offset: true, message: 'must be an ISO-8601 date-time' }),
});

/**
 * `POST /webhooks/activity`: contract §2. Each usage event is stored once (by
 * its id); when it lifts the trial's grade, the trial card is re-rendered.
 */
export function activityWebhook(deps: { db: Db; config: Config; logger: Logger; now: () => Date }) {
  const { db, config } = deps;
  return signedJsonRoute({
    secret: config.WEBHOOK_SECRET,
    signatureHeader: 'x-signature-256',
    schema: activityBody,
    logger: deps.logger,
    handle(body) {
      const url = normaliseInstanceUrl(body.instanceUrl) ?? body.instanceUrl;
      const now = deps.now();
      const outcome = recordActivity(
        db,
        { id: body.id, url, event: body.event, private: body.private === true, at: new Date(body.at).toISOString() },
        config.TIMEZONE,
        now,
      );
      if ('unknownInstance' in outcome) throw new HttpError(404, 'unknown instance');
      const answer = outcome;
      deps.logger.debug({ event: body.id, instance: url, grade: answer.grade, duplicate: answer.duplicate }, 'activity recorded');
      return { status: 200, body: answer };
    },
  });
}
