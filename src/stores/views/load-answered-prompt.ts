import type { Db } from '../../db/open-database.js';
import type { MilestoneKind } from '../../core/deadlines.js';
import { dayOfTrial } from '../../core/day-count.js';
import type { AnsweredPromptView } from '../../messages/slack/answered-prompt.js';
import { getTrial } from '../trial-store.js';

/** A prompt once its decision was taken: what was decided, by whom and when (the trial's latest decision). */
export function answeredPromptView(db: Db, milestoneId: number, zone: string): AnsweredPromptView | null {
  const m = db.prepare('SELECT trial_id, kind, due_on FROM milestones WHERE id = ?').get(milestoneId) as
    { trial_id: string; kind: MilestoneKind; due_on: string } | undefined;
  if (!m) return null;
  const trial = getTrial(db, m.trial_id);
  if (!trial) return null;
  const decision = db
    .prepare(`SELECT actor, action, at FROM audit WHERE trial_id = ? AND action IN ('extended', 'converted', 'terminated') ORDER BY id DESC LIMIT 1`)
    .get(trial.id) as { actor: string; action: 'extended' | 'converted' | 'terminated'; at: string } | undefined;
  return {
    trialId: trial.id,
    kind: m.kind,
    dayNumber: dayOfTrial(trial.started_at, m.due_on, m.kind, zone),
    company: trial.company,
    domain: trial.domain,
    decision: decision ?? null,
    endsOn: trial.ends_at,
    zone,
  };
}
