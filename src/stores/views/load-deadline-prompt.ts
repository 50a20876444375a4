import { MAX_SNOOZES } from '../../core/loop-outcomes.js';
import type { Db } from '../../db/open-database.js';
import { type MilestoneKind } from '../../core/deadlines.js';
import { dayOfTrial } from '../../core/day-count.js';
import type { DeadlinePromptView } from '../../messages/slack/deadline-prompt.js';
import { getTrial } from '../trial-store.js';
import { trialGrade } from '../trial-usage.js';

interface MilestoneState {
  id: number;
  trial_id: string;
  kind: MilestoneKind;
  due_on: string;
  prompted_at: string | null;
  answered_at: string | null;
  cancelled_at: string | null;
  snoozes: number;
}

export type LoadedDeadlinePrompt = DeadlinePromptView & {
  promptedAt: string | null;
  /** Answered or cancelled since: nothing is left to decide, so nothing is asked. */
  closed: boolean;
};

/** A decision prompt as it stands now: its trial's owners, usage and state. Null once the trial is not running. */
export function deadlinePromptView(db: Db, milestoneId: number, zone: string): LoadedDeadlinePrompt | null {
  const m = db.prepare('SELECT id, trial_id, kind, due_on, prompted_at, answered_at, cancelled_at, snoozes FROM milestones WHERE id = ?').get(milestoneId) as
    MilestoneState | undefined;
  if (!m) return null;
  const trial = getTrial(db, m.trial_id);
  if (!trial || trial.status !== 'active') return null;
  const usage = trial.instance_url ? trialGrade(db, trial.instance_url, zone) : null;
  const unmeasured = !usage ? ('no_instance' as const) : usage.events === 0 ? ('no_reports' as const) : undefined;
  return {
    trialId: trial.id,
    milestoneId: m.id,
    kind: m.kind,
    dayNumber: dayOfTrial(trial.started_at, m.due_on, m.kind, zone),
    dueOn: m.due_on,
    company: trial.company,
    domain: trial.domain,
    instanceUrl: trial.instance_url,
    spaceChannelId: trial.space_channel_id,
    aeId: trial.ae_id,
    ceId: trial.ce_id,
    usage:
      usage && !unmeasured
        ? {
            grade: usage.grade,
            description: usage.description,
            searches: usage.searches,
            daysActive: usage.daysActive,
            realUse: Boolean(trial.first_real_use_at),
          }
        : null,
    ...(unmeasured ? { unmeasured } : {}),
    promptedAt: m.prompted_at,
    snoozesLeft: Math.max(0, MAX_SNOOZES - m.snoozes),
    closed: m.answered_at !== null || m.cancelled_at !== null,
  };
}
