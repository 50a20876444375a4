import { archiveEndedSpaces, remindHandoff, remindProvisioning, remindTriage, reraiseDecisions } from '../flows/close-loops.js';
import type { DatabaseJob } from './job.js';

/**
 * Close every loop (issue 12): leads past the triage SLA, instance requests open too long, welcomes
 * not sent, decisions left unanswered. Every 5 minutes and at start-up; decided from the database,
 * so a late run catches up and a repeated one sends nothing twice.
 */
export const reminders: DatabaseJob = {
  name: 'reminders',
  schedule: '*/5 * * * *',
  needs: 'database',
  async run({ db, config }, now) {
    const triage = remindTriage(db, config, now);
    const provisioning = remindProvisioning(db, config, now);
    const handoff = remindHandoff(db, config, now);
    const decisions = reraiseDecisions(db, config, now);
    const spaces = archiveEndedSpaces(db, config, now);
    return (
      `triage reminded ${triage.reminded}, escalated ${triage.escalated}; provisioning stalled ${provisioning.stalled}; ` +
      `welcome reminded ${handoff.reminded}, escalated ${handoff.escalated}; decisions raised again ${decisions.reraised}; ` +
      `channels noted ${spaces.noted}, archived ${spaces.archived}`
    );
  },
};
