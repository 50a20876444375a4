import { addLocalDays, decisionDay, due, localDate, startOfLocalDay, type MilestoneKind, type OpenMilestone } from '../core/deadlines.js';
import { writeTransaction, type Db } from '../db/open-database.js';
import { recordCardRefresh } from '../flows/onboarding-effects.js';
import { recordEffect } from '../stores/record-effect.js';
import type { Destination } from '../core/effect-payloads.js';
import { deadlineAsks, deadlineEscalation, deadlinePrompt, type DeadlinePromptView } from '../messages/slack/deadline-prompt.js';
import type { SlackMessage } from '../messages/slack/block-kit.js';
import { audit } from '../stores/audit-log.js';
import { getTrial } from '../stores/trial-store.js';
import { trialGrade } from '../stores/trial-usage.js';
import type { Logger } from '../logger.js';
import type { DatabaseJob } from './job.js';

/** Unanswered this many local days after the prompt: escalated. */
export const ESCALATE_AFTER_DAYS = 2;

/**
 * Every milestone of the active trials that have something to act on: a
 * milestone due and never prompted (index `milestones_to_prompt`), or one
 * prompted long enough ago and still unanswered (`milestones_to_escalate`).
 * All of such a trial's milestones come along so `due` can supersede the
 * older ones; the read grows with what is due, not with the trials' history.
 * CROSS JOIN keeps SQLite's planner from driving the loop from the (growing)
 * set of active trials instead. UNION ALL + DISTINCT, not UNION: once the
 * database is analysed, SQLite plans a UNION as a merge that walks every
 * milestone in trial order, which grew the idle pass with history.
 */
export const SWEEP_SQL = `
  WITH candidates(trial_id) AS (
    SELECT trial_id FROM milestones
     WHERE prompted_at IS NULL AND cancelled_at IS NULL AND due_at <= @now
    UNION ALL
    SELECT trial_id FROM milestones
     WHERE prompted_at IS NOT NULL AND answered_at IS NULL AND escalated_at IS NULL AND cancelled_at IS NULL
       AND prompted_at < @escalateBefore
  )
  SELECT m.id, m.trial_id AS trialId, m.kind, m.due_on AS dueOn, m.prompted_at AS promptedAt,
         m.escalated_at AS escalatedAt, m.answered_at AS answeredAt, m.cancelled_at AS cancelledAt
    FROM (SELECT DISTINCT trial_id FROM candidates) c
    CROSS JOIN trials t ON t.id = c.trial_id AND t.status = 'active'
    CROSS JOIN milestones m ON m.trial_id = c.trial_id`;

/** The sweep's parameters at `now`: a prompt sent before `escalateBefore` may be escalated today. */
export function sweepParams(now: Date, zone: string) {
  const today = localDate(now, zone);
  return {
    now: now.toISOString(),
    escalateBefore: startOfLocalDay(addLocalDays(today, -(ESCALATE_AFTER_DAYS - 1)), zone).toISOString(),
  };
}

function dayOfTrial(startedAt: string | null, dueOn: string, kind: MilestoneKind, zone: string): number {
  if (kind !== 'extension_end') return decisionDay[kind];
  if (!startedAt) return 0;
  const [a, b] = [localDate(new Date(startedAt), zone), dueOn].map((d) => Date.UTC(+d.slice(0, 4), +d.slice(5, 7) - 1, +d.slice(8, 10)));
  return Math.round((b! - a!) / 86_400_000);
}

function promptView(db: Db, m: OpenMilestone, zone: string): DeadlinePromptView | null {
  const trial = getTrial(db, m.trialId);
  if (!trial || trial.status !== 'active') return null;
  const usage = trial.instance_url ? trialGrade(db, trial.instance_url, zone) : null;
  const unmeasured = !usage ? ('no_instance' as const) : usage.events === 0 ? ('no_reports' as const) : undefined;
  return {
    trialId: trial.id,
    milestoneId: m.id,
    kind: m.kind,
    dayNumber: dayOfTrial(trial.started_at, m.dueOn, m.kind, zone),
    dueOn: m.dueOn,
    company: trial.company,
    domain: trial.domain,
    instanceUrl: trial.instance_url,
    spaceChannelId: trial.space_channel_id,
    aeId: trial.ae_id,
    ceId: trial.ce_id,
    usage: usage && !unmeasured ? { grade: usage.grade, description: usage.description, searches: usage.searches, daysActive: usage.daysActive } : null,
    ...(unmeasured ? { unmeasured } : {}),
  };
}

function post(db: Db, key: string, trialId: string, to: Destination, content: SlackMessage, now: Date): void {
  recordEffect(db, { key, kind: 'slack.post', trialId, payload: { to, text: content.text, blocks: content.blocks } }, now);
}

/**
 * Marks the milestone prompted and records the prompt, in one transaction:
 * only the run whose UPDATE changed the row sends anything, so a second run
 * (concurrent or after a crash) sends nothing, and the keys make it hold even
 * for the outbox.
 */
function sendPrompt(db: Db, m: OpenMilestone, zone: string, now: Date): boolean {
  return writeTransaction(db, () => {
    const view = promptView(db, m, zone);
    if (!view) return false;
    const marked = db
      .prepare(`UPDATE milestones SET prompted_at = ? WHERE id = ? AND prompted_at IS NULL AND answered_at IS NULL AND cancelled_at IS NULL`)
      .run(now.toISOString(), m.id);
    if (marked.changes !== 1) return false;
    // A later decision is now the question (day 30, after day 15 went unanswered): the trial
    // runs until it, which is what status, list and the card say and what an extension counts from.
    const moved = db
      .prepare(`UPDATE trials SET ends_at = ?, updated_at = ? WHERE id = ? AND (ends_at IS NULL OR ends_at < ?)`)
      .run(m.dueOn, now.toISOString(), m.trialId, m.dueOn);
    if (moved.changes === 1) recordCardRefresh(db, m.trialId, 'deadline', now);
    const content = deadlinePrompt(view);
    const asked = deadlineAsks(view);
    if (asked) {
      post(db, `prompt:${m.id}:space`, view.trialId, { trialSpace: view.trialId }, content, now);
      post(db, `prompt:${m.id}:dm`, view.trialId, { user: asked }, content, now);
    } else {
      post(db, `prompt:${m.id}:alerts`, view.trialId, { alerts: true }, content, now);
    }
    audit(
      db,
      {
        trialId: view.trialId,
        actor: 'trialbot',
        action: `asked for the ${m.kind.replace('_', ' ')} decision`,
        detail: asked ? `<@${asked}>` : 'alerts channel (no CE or AE)',
      },
      now,
    );
    return true;
  });
}

function escalate(db: Db, m: OpenMilestone, zone: string, now: Date): boolean {
  return writeTransaction(db, () => {
    const view = promptView(db, m, zone);
    if (!view) return false;
    const marked = db
      .prepare(
        `UPDATE milestones SET escalated_at = ? WHERE id = ? AND prompted_at IS NOT NULL AND escalated_at IS NULL AND answered_at IS NULL AND cancelled_at IS NULL`,
      )
      .run(now.toISOString(), m.id);
    if (marked.changes !== 1) return false;
    const content = deadlineEscalation({ ...view, promptedAt: m.promptedAt! });
    if (view.aeId) post(db, `escalate:${m.id}:ae`, view.trialId, { user: view.aeId }, content, now);
    post(db, `escalate:${m.id}:alerts`, view.trialId, { alerts: true }, content, now);
    audit(
      db,
      {
        trialId: view.trialId,
        actor: 'trialbot',
        action: `escalated the unanswered ${m.kind.replace('_', ' ')} decision`,
        detail: view.aeId ? `<@${view.aeId}> and the alerts channel` : 'alerts channel',
      },
      now,
    );
    return true;
  });
}

function supersede(db: Db, m: OpenMilestone, now: Date): boolean {
  return writeTransaction(db, () => {
    const marked = db
      .prepare(`UPDATE milestones SET cancelled_at = ? WHERE id = ? AND answered_at IS NULL AND cancelled_at IS NULL`)
      .run(now.toISOString(), m.id);
    if (marked.changes === 1)
      audit(db, { trialId: m.trialId, actor: 'trialbot', action: `skipped the ${m.kind.replace('_', ' ')} decision`, detail: 'a later decision is due' }, now);
    return marked.changes === 1;
  });
}

/** Milestones acted on per write transaction. */
const CHUNK = 100;

/**
 * Acts on `items` a chunk per transaction (each action is its own savepoint inside it):
 * one fsync per chunk rather than per prompt, and the event loop is let go between
 * chunks so a big catch-up at 09:00 does not hold Slack's acks past their 3 seconds.
 * A crash mid-chunk rolls the chunk back whole, marks and effects together. A milestone
 * whose action throws rolls back only its own savepoint: it is logged and left for the
 * next run, and the rest of the chunk and of the run go on.
 */
async function inChunks(db: Db, logger: Logger, items: OpenMilestone[], act: (m: OpenMilestone) => boolean): Promise<{ done: number; failed: number }> {
  let done = 0;
  let failed = 0;
  for (let i = 0; i < items.length; i += CHUNK) {
    if (i > 0) await new Promise((resolve) => setImmediate(resolve));
    writeTransaction(db, () => {
      for (const m of items.slice(i, i + CHUNK)) {
        try {
          if (act(m)) done++;
        } catch (error) {
          failed++;
          logger.error({ err: error as Error, milestone: m.id, trial: m.trialId, kind: m.kind }, 'deadline milestone failed; left for the next run');
        }
      }
    });
  }
  return { done, failed };
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
    const open = db.prepare(SWEEP_SQL).all(sweepParams(now, zone)) as OpenMilestone[];
    const decided = due(open, now, zone, ESCALATE_AFTER_DAYS);
    const superseded = await inChunks(db, logger, decided.supersede, (m) => supersede(db, m, now));
    const prompted = await inChunks(db, logger, decided.prompt, (m) => sendPrompt(db, m, zone, now));
    const escalated = await inChunks(db, logger, decided.escalate, (m) => escalate(db, m, zone, now));
    const failed = superseded.failed + prompted.failed + escalated.failed;
    return `prompted ${prompted.done}, escalated ${escalated.done}, superseded ${superseded.done}${failed > 0 ? `, failed ${failed}` : ''}`;
  },
};
