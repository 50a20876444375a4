import type { Db } from '../db/open-database.js';

export interface TrialSummary {
  id: string;
  domain: string;
  status: string;
  spaceName: string | null;
  createdAt: string;
}

export interface AuditEntry {
  at: string;
  actor: string;
  action: string;
  detail: string | null;
}

const spacePrefix = 'cloud-trial-';

/**
 * The trials a person means by `ref`: a trial id, a trial space name
 * (`cloud-trial-acme`, `#cloud-trial-acme` or `acme`), or a domain — which
 * may have had several trials, oldest first.
 */
export function findTrials(db: Db, ref: string): TrialSummary[] {
  const select = `SELECT id, domain, status, space_name AS spaceName, created_at AS createdAt FROM trials`;
  const byId = db.prepare<[string], TrialSummary>(`${select} WHERE id = ?`).get(ref.trim());
  if (byId) return [byId];

  const name = ref.trim().toLowerCase().replace(/^#/, '');
  const bare = name.startsWith(spacePrefix) ? name.slice(spacePrefix.length) : name;
  const bySpace = db.prepare<[string, string], TrialSummary>(`${select} WHERE space_name IN (?, ?) ORDER BY created_at, id`).all(bare, spacePrefix + bare);
  if (bySpace.length > 0) return bySpace;

  return db.prepare<[string, string], TrialSummary>(`${select} WHERE domain = ? OR account_domain = ? ORDER BY created_at, id`).all(name, name);
}

export function auditEntries(db: Db, trialId: string): AuditEntry[] {
  return db.prepare<[string], AuditEntry>('SELECT at, actor, action, detail FROM audit WHERE trial_id = ? ORDER BY at, id').all(trialId);
}

/**
 * The audit trail of the trial `ref` names, oldest first, as aligned text.
 * Throws `unknown trial: X` when nothing matches.
 */
export function auditReport(db: Db, ref: string): string {
  const trials = findTrials(db, ref);
  if (trials.length === 0) throw new Error(`unknown trial: ${ref}`);
  const sections = trials.map((trial) => {
    const entries = auditEntries(db, trial.id);
    const table =
      entries.length === 0
        ? 'no audit entries'
        : alignColumns(
            ['time', 'actor', 'action', 'detail'],
            entries.map((e) => [e.at, e.actor, e.action, e.detail ?? '']),
          );
    // With one trial the heading is noise; with several (a domain that trialled twice) it says which is which.
    if (trials.length === 1) return table;
    const space = trial.spaceName ? `, ${trial.spaceName}` : '';
    return `trial ${trial.id} (${trial.domain}, ${trial.status}${space}, created ${trial.createdAt})\n${table}`;
  });
  return sections.join('\n\n');
}

/** Rows as space-aligned columns under a header; cells are kept to one line. */
export function alignColumns(header: string[], rows: string[][]): string {
  const oneLine = (cell: string) => cell.replace(/\s*\n\s*/g, ' ');
  const all = [header, ...rows.map((row) => row.map(oneLine))];
  const widths = header.map((_, i) => Math.max(...all.map((row) => (row[i] ?? '').length)));
  return all
    .map((row) =>
      row
        .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
