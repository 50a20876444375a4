import { markCancelled, markEscalated, markPrompted } from '../stores/milestone-store.js';
import { extendEndTo } from '../stores/trial-store.js';
// The deadline sweep's decisions carried out: a prompt marked sent, an escalation marked, a superseded
// decision skipped, each in one transaction with what it causes. The prompts are drawn when sent
// (outbox effect `prompt.post`), from the trial as it is then.
import { milestoneName, type OpenMilestone } from '../core/deadlines.js';
import type { DeadlinePromptPayload } from '../core/effect-payloads.js';
import { writeTransaction, type Db } from '../db/open-database.js';
import type { Logger } from '../logger.js';
import { deadlineAsks } from '../messages/slack/deadline-prompt.js';
import { audit } from '../stores/audit-log.js';
import { recordEffect } from '../stores/record-effect.js';
import { deadlinePromptView } from '../stores/views/load-deadline-prompt.js';
import { recordCardRefresh } from './record-messages.js';

function post(db: Db, key: string, trialId: string, payload: DeadlinePromptPayload, now: Date): void {
  recordEffect(db, { key, kind: 'prompt.post', trialId, payload }, now);
}

/**
 * Marks the milestone prompted and records the prompt, in one transaction:
 * only the run whose UPDATE changed the row sends anything, so a second run
 * (concurrent or after a crash) sends nothing, and the keys make it hold even
 * for the outbox.
 */
export function sendPrompt(db: Db, m: OpenMilestone, zone: string, now: Date): boolean {
  return writeTransaction(db, () => {
    const view = deadlinePromptView(db, m.id, zone);
    if (!view) return false;
    if (!markPrompted(db, m.id, now)) return false;
    // A later decision is now the question (day 30, after day 15 went unanswered): the trial
    // runs until it, which is what status, list and the card say and what an extension counts from.
    if (extendEndTo(db, m.trialId, m.dueOn, now)) recordCardRefresh(db, m.trialId, 'deadline', now);
    const asked = deadlineAsks(view);
    if (asked) {
      post(db, `prompt:${m.id}:space`, view.trialId, { milestoneId: m.id, to: { trialSpace: view.trialId } }, now);
      post(db, `prompt:${m.id}:dm`, view.trialId, { milestoneId: m.id, to: { user: asked } }, now);
    } else {
      post(db, `prompt:${m.id}:alerts`, view.trialId, { milestoneId: m.id, to: { alerts: true } }, now);
    }
    audit(
      db,
      {
        trialId: view.trialId,
        actor: 'trialbot',
        action: `asked for the ${milestoneName(m.kind)} decision`,
        detail: asked ? `<@${asked}>` : 'alerts channel (no CE or AE)',
      },
      now,
    );
    return true;
  });
}

export function escalate(db: Db, m: OpenMilestone, zone: string, now: Date): boolean {
  return writeTransaction(db, () => {
    const view = deadlinePromptView(db, m.id, zone);
    if (!view) return false;
    if (!markEscalated(db, m.id, now)) return false;
    if (view.aeId) post(db, `escalate:${m.id}:ae`, view.trialId, { milestoneId: m.id, to: { user: view.aeId }, escalation: true }, now);
    post(db, `escalate:${m.id}:alerts`, view.trialId, { milestoneId: m.id, to: { alerts: true }, escalation: true }, now);
    audit(
      db,
      {
        trialId: view.trialId,
        actor: 'trialbot',
        action: `escalated the unanswered ${milestoneName(m.kind)} decision`,
        detail: view.aeId ? `<@${view.aeId}> and the alerts channel` : 'alerts channel',
      },
      now,
    );
    return true;
  });
}

export function supersede(db: Db, m: OpenMilestone, now: Date): boolean {
  return writeTransaction(db, () => {
    const skipped = markCancelled(db, m.id, now);
    if (skipped)
      audit(db, { trialId: m.trialId, actor: 'trialbot', action: `skipped the ${milestoneName(m.kind)} decision`, detail: 'a later decision is due' }, now);
    return skipped;
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
export async function inChunks(db: Db, logger: Logger, items: OpenMilestone[], act: (m: OpenMilestone) => boolean): Promise<{ done: number; failed: number }> {
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
