import { addLocalDays, due, localDate, startOfLocalDay } from '../core/deadlines.js';
import { escalate, inChunks, sendPrompt, supersede } from '../flows/raise-deadlines.js';
import { milestonesToActOn } from '../stores/milestone-store.js';

export { SWEEP_SQL } from '../stores/milestone-store.js';
import type { DatabaseJob } from './job.js';

/** Unanswered this many local days after the prompt: escalated. */
export const ESCALATE_AFTER_DAYS = 2;

/** The sweep's parameters at `now`: a prompt sent before `escalateBefore` may be escalated today. */
export function sweepParams(now: Date, zone: string) {
  const today = localDate(now, zone);
  return {
    now: now.toISOString(),
    escalateBefore: startOfLocalDay(addLocalDays(today, -(ESCALATE_AFTER_DAYS - 1)), zone).toISOString(),
  };
}

/**
 * Day 15, day 30 and the end of an extension: prompts the trial's CE once,
 * escalates an unanswered prompt once to the AE and #cloud-trial-alerts.
 * Decided from the milestones' state, so a late run catches up and a repeated
 * run sends nothing twice.
 */
export const deadlines: DatabaseJob = {
  name: 'deadlines',
  schedule: '0 9 * * *',
  needs: 'database',
  async run({ db, config, logger }, now) {
    const zone = config.TIMEZONE;
    const open = milestonesToActOn(db, sweepParams(now, zone));
    const decided = due(open, now, zone, ESCALATE_AFTER_DAYS);
    const superseded = await inChunks(db, logger, decided.supersede, (m) => supersede(db, m, now));
    const prompted = await inChunks(db, logger, decided.prompt, (m) => sendPrompt(db, m, zone, now));
    const escalated = await inChunks(db, logger, decided.escalate, (m) => escalate(db, m, zone, now));
    const failed = superseded.failed + prompted.failed + escalated.failed;
    return `prompted ${prompted.done}, escalated ${escalated.done}, superseded ${superseded.done}${failed > 0 ? `, failed ${failed}` : ''}`;
  },
};
