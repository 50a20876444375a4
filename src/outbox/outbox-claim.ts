import type { Db } from '../db/open-database.js';
import { anyReady, markRunning, readyCandidates, type OutboxRow, type ReadyCandidate } from '../stores/outbox-store.js';
import type { RatePacer } from './rate-pacing.js';

/** Ready effects looked at per pump, so paced keys cannot hide the ones behind them. */
const MAX_SCAN = 500;

export interface ClaimState {
  /** Effects this worker is carrying out now (never claimed twice). */
  running: Set<number>;
  /** Rate key → when it may be called again after a 429 (epoch ms). */
  gates: Map<string, number>;
  pacer: RatePacer | null;
  /** The effect's rate key (its handler reads it from the payload), if it has one. */
  rateKey(effect: ReadyCandidate): string | undefined;
}

/**
 * The oldest ready effect of each lane that has nothing older still open, skipping
 * rate keys that are waiting out a 429 or paced; `retryInMs` is when a paced key has
 * room again. Skipped keys do not hide the effects behind them (a burst of alerts
 * must not hold back a channel that is free). The claimed rows are marked running in one
 * transaction, committed before any call: if the process dies mid-call, the next start
 * knows they may have happened. Throws what SQLite throws (a lock held elsewhere): the
 * caller retries on its next poll, and nothing was claimed.
 */
export function claimReady(db: Db, state: ClaimState, now: Date, limit: number): { rows: OutboxRow[]; retryInMs?: number } {
  const nowMs = now.getTime();
  const candidates = readyCandidates(db, now, MAX_SCAN);
  const blocked = new Set<string>();
  let retryInMs: number | undefined;
  const ids: number[] = [];
  for (const row of candidates) {
    if (ids.length >= limit) break;
    if (state.running.has(row.id)) continue;
    const key = state.rateKey(row);
    if (key) {
      if (blocked.has(key)) continue;
      const gate = state.gates.get(key) ?? 0;
      if (gate > nowMs) {
        blocked.add(key);
        retryInMs = Math.min(retryInMs ?? Infinity, gate - nowMs);
        continue;
      }
      const wait = state.pacer?.take(key, nowMs) ?? 0;
      if (wait > 0) {
        blocked.add(key);
        retryInMs = Math.min(retryInMs ?? Infinity, wait);
        continue;
      }
    }
    ids.push(row.id);
  }
  if (ids.length === 0) return { rows: [], retryInMs };
  const claimed = markRunning(db, ids, now);
  for (const row of claimed) state.running.add(row.id);
  return { rows: claimed, retryInMs };
}

export { anyReady };
