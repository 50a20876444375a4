import { pruneActivityEventsBefore, pruneDoneEffects } from '../stores/retention-store.js';
import type { DatabaseJob } from './job.js';

const DAY_MS = 86_400_000;

/**
 * Daily: deletes what is kept only for a while, RETENTION_DAYS (default 90) after it stopped
 * mattering: outbox rows carried out (their payloads hold prospects' emails) and raw activity
 * events (once the per-day counters keep what they counted). Trials, signups, the audit trail
 * and the metrics are kept.
 */
export const retention: DatabaseJob = {
  name: 'retention',
  schedule: '30 3 * * *',
  needs: 'database',
  async run({ db, config }, now) {
    const before = new Date(now.getTime() - config.RETENTION_DAYS * DAY_MS);
    const effects = await pruneDoneEffects(db, before);
    const events = await pruneActivityEventsBefore(db, before);
    return (
      `deleted ${effects} done outbox effect${effects === 1 ? '' : 's'} and ${events} raw activity event${events === 1 ? '' : 's'} ` +
      `older than ${config.RETENTION_DAYS} days`
    );
  },
};
