import { z } from 'zod';
import type { Config } from '../config.js';
import { writeTransaction, type Db } from '../db/open-database.js';
import { HttpError, signedJsonRoute } from '../http/json-route.js';
import type { Logger } from '../logger.js';
import { normaliseInstanceUrl } from '../core/instance-url.js';
import { recordEffect } from '../stores/record-effect.js';
import { trialGrade } from '../stores/trial-usage.js';
import { countActivity } from '../stores/activity-store.js';

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
      const url = normaliseInstanceUrl(body.instanceUrl)!;
      const now = deps.now();
      const answer = writeTransaction(db, () => {
        const instance = db.prepare('SELECT url, trial_id FROM instances WHERE url = ?').get(url) as { url: string; trial_id: string | null } | undefined;
        if (!instance) throw new HttpError(404, 'unknown instance');
        const before = trialGrade(db, url, config.TIMEZONE).grade;
        const at = new Date(body.at).toISOString();
        const inserted = db
          .prepare(
            `INSERT INTO activity_events (id, instance_url, event, private, at, received_at) VALUES (?, ?, ?, ?, ?, ?)
             ON CONFLICT(id) DO NOTHING`,
          )
          .run(body.id, url, body.event, body.private ? 1 : 0, at, now.toISOString());
        // A new event moves its counters (O(1)); a duplicate id counts once.
        if (inserted.changes === 1) countActivity(db, url, { event: body.event, private: body.private === true, at }, config.TIMEZONE);
        const after = trialGrade(db, url, config.TIMEZONE).grade;
        // Events only add up, so each grade is reached at most once per trial: the grade names the refresh.
        if (after !== before && instance.trial_id) {
          recordEffect(
            db,
            {
              key: `card-refresh:grade:${instance.trial_id}:${after}`,
              kind: 'trial.card.refresh',
              trialId: instance.trial_id,
              payload: { trialId: instance.trial_id },
            },
            now,
          );
        }
        return { ok: true, grade: after, duplicate: inserted.changes === 0 };
      });
      deps.logger.debug({ event: body.id, instance: url, grade: answer.grade, duplicate: answer.duplicate }, 'activity recorded');
      return { status: 200, body: answer };
    },
  });
}
