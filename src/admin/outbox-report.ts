import type { Db } from '../db/open-database.js';
import { retryFailedEffect } from '../flows/retry-effect.js';
import { alignColumns } from './audit-report.js';
import { listOutbox, type OutboxEffect } from '../stores/outbox-store.js';

export { listOutbox, type OutboxEffect };

export function outboxReport(db: Db, options: { all?: boolean } = {}): string {
  const effects = listOutbox(db, options);
  if (effects.length === 0) return options.all ? 'the outbox is empty' : 'nothing failed, pending or running in the outbox';
  return alignColumns(
    ['id', 'kind', 'status', 'attempts', 'trial', 'last_error', 'updated'],
    effects.map((e) => [String(e.id), e.kind, e.status, String(e.attempts), e.trialId ?? '-', truncate(e.lastError ?? '', 80), e.updatedAt]),
  );
}

/** `admin -- outbox retry ID`: the same retry as the failure report's Retry button, by the CLI. */
export function retryOutboxEffect(db: Db, idArg: string, now: Date): OutboxEffect {
  return retryFailedEffect(db, idArg, 'cli', now);
}

function truncate(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}
