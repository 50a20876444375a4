import { describeDigestOutcome, recordWeeklyDigest } from '../flows/record-weekly-digest.js';
import type { DatabaseJob } from './job.js';

/**
 * Mondays at 09:00 TIMEZONE: last week's funnel, the decisions past due and the instances
 * slow to come, with the funnel chart, in #cloud-trial-alerts. Decided from state (the weeks
 * already posted), so the start-up run catches up a missed Monday and posts nothing twice.
 */
export const weeklyDigest: DatabaseJob = {
  name: 'weekly-digest',
  schedule: '0 9 * * 1',
  needs: 'database',
  async run({ db, config }, now) {
    return describeDigestOutcome(recordWeeklyDigest(db, now, config.TIMEZONE), config.TIMEZONE);
  },
};
