import { describe, expect, it } from 'vitest';
import { alignColumns, auditReport, findTrials } from '../../src/admin/audit-report.js';
import type { Db } from '../../src/db/open-database.js';
import { addTrial, freshDb } from './helpers.js';
function addAudit(db: Db, trialId: string | null, actor: string, action: string, detail: string | null, at: string): void {
  db.prepare('INSERT INTO audit (trial_id, actor, action, detail, at) VALUES (?, ?, ?, ?, ?)').run(trialId, actor, action, detail, at);
}

function seeded(): Db {
  const db = freshDb();
  addTrial(db, 't-acme-1', 'acme.com', 'cloud-trial-acme', '2026-01-01T00:00:00.000Z');
  addTrial(db, 't-globex', 'globex.com', 'globex', '2026-01-02T00:00:00.000Z');
  addAudit(db, 't-acme-1', 'U01AE', 'extend', '15 days: needs more time\nfor the pilot', '2026-01-20T10:00:00.000Z');
  addAudit(db, 't-acme-1', 'signup', 'created', 'case 3', '2026-01-01T00:00:00.000Z');
  addAudit(db, 't-globex', 'trialbot', 'created', null, '2026-01-02T00:00:00.000Z');
  return db;
}

describe('auditReport', () => {
  it('prints a trial audit trail oldest first, aligned, one line per entry', () => {
    const db = seeded();
    expect(auditReport(db, 't-acme-1')).toBe(
      [
        'time                      actor   action   detail',
        '2026-01-01T00:00:00.000Z  signup  created  case 3',
        '2026-01-20T10:00:00.000Z  U01AE   extend   15 days: needs more time for the pilot',
      ].join('\n'),
    );
  });

  it('finds a trial by id, space name with or without its prefix, or domain', () => {
    const db = seeded();
    for (const ref of ['t-acme-1', 'cloud-trial-acme', '#cloud-trial-acme', 'acme', 'ACME.com']) {
      expect(
        findTrials(db, ref).map((t) => t.id),
        ref,
      ).toEqual(['t-acme-1']);
    }
    for (const ref of ['globex', 'cloud-trial-globex', 'globex.com']) {
      expect(
        findTrials(db, ref).map((t) => t.id),
        ref,
      ).toEqual(['t-globex']);
    }
  });

  it('shows every trial a domain has had, each under a heading', () => {
    const db = seeded();
    addTrial(db, 't-acme-2', 'acme.com', null, '2026-06-01T00:00:00.000Z');
    const report = auditReport(db, 'acme.com');
    expect(report).toMatch(/^trial t-acme-1 \(acme\.com, active, cloud-trial-acme, created 2026-01-01T00:00:00\.000Z\)\ntime/);
    expect(report).toMatch(/\n\ntrial t-acme-2 \(acme\.com, active, created 2026-06-01T00:00:00\.000Z\)\nno audit entries$/);
  });

  it('refuses an unknown trial', () => {
    expect(() => auditReport(seeded(), 'hooli')).toThrow('unknown trial: hooli');
  });
});

describe('alignColumns', () => {
  it('pads every column but the last', () => {
    expect(alignColumns(['a', 'bb'], [['ccc', 'd']])).toBe('a    bb\nccc  d');
  });
});
