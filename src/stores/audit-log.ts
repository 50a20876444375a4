import type { Db } from '../db/open-database.js';
import { markMentions } from '../core/mrkdwn.js';
import { humanDates } from '../core/human-date.js';

export interface AuditEntry {
  trialId: string | null;
  /** A Slack user id, or `trialbot`, `signup`, `github`, `cli`. */
  actor: string;
  action: string;
  detail?: string;
}

export function audit(db: Db, entry: AuditEntry, now: Date): void {
  db.prepare('INSERT INTO audit (trial_id, actor, action, detail, at) VALUES (?, ?, ?, ?, ?)').run(
    entry.trialId,
    entry.actor,
    entry.action,
    entry.detail ?? null,
    now.toISOString(),
  );
}

export interface AuditRow {
  id: number;
  trial_id: string | null;
  actor: string;
  action: string;
  detail: string | null;
  at: string;
}

export function auditOf(db: Db, trialId: string, limit = 1000): AuditRow[] {
  return db.prepare('SELECT * FROM audit WHERE trial_id = ? ORDER BY id DESC LIMIT ?').all(trialId, limit).reverse() as AuditRow[];
}

/** The first time `action` was recorded for the trial, and by whom. */
export function firstAudit(db: Db, trialId: string, action: string): Pick<AuditRow, 'actor' | 'at'> | undefined {
  return db.prepare(`SELECT actor, at FROM audit WHERE trial_id = ? AND action = ? ORDER BY id LIMIT 1`).get(trialId, action) as
    Pick<AuditRow, 'actor' | 'at'> | undefined;
}

/**
 * The audit lines people read in Slack (card, status, History): the roster's ids in a detail become
 * mentions, and its ISO dates the dates people write (the trail itself keeps them exact, for the CLI).
 */
export function withMentions<T extends { detail: string | null }>(db: Db, rows: T[], zone = 'UTC'): T[] {
  const ids = db.prepare('SELECT DISTINCT slack_user_id FROM people').pluck().all() as string[];
  return rows.map((r) => (r.detail ? { ...r, detail: humanDates(markMentions(r.detail, ids), zone) } : r));
}
