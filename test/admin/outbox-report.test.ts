import { describe, expect, it } from 'vitest';
import { listOutbox, outboxReport, retryOutboxEffect } from '../../src/admin/outbox-report.js';
import type { Db } from '../../src/db/open-database.js';
import { addEffect, freshDb, now } from './helpers.js';
const retryState = (db: Db) => db.prepare(`SELECT manual_retries, failing_since FROM outbox WHERE id = 2`).get();

function seeded(): Db {
  const db = freshDb();
  addEffect(db, 1, 'done', 1, null);
  addEffect(db, 2, 'failed', 5, 'channel_not_found\n(after 5 tries)');
  addEffect(db, 3, 'pending', 0, null);
  addEffect(db, 4, 'running', 1, null);
  return db;
}

describe('outbox report', () => {
  it('lists failed, pending and running effects (a hung call stays visible), or all of them', () => {
    const db = seeded();
    expect(listOutbox(db).map((e) => e.id)).toEqual([2, 3, 4]);
    expect(listOutbox(db, { all: true }).map((e) => e.id)).toEqual([1, 2, 3, 4]);
    expect(outboxReport(db)).toBe(
      [
        'id  kind        status   attempts  trial  last_error                         updated',
        '2   slack.post  failed   5         t-1    channel_not_found (after 5 tries)  2026-03-01T01:00:00.000Z',
        '3   slack.post  pending  0         t-1                                       2026-03-01T01:00:00.000Z',
        '4   slack.post  running  1         t-1                                       2026-03-01T01:00:00.000Z',
      ].join('\n'),
    );
  });

  it('says so when nothing is owed', () => {
    expect(outboxReport(freshDb())).toBe('nothing failed, pending or running in the outbox');
  });
});

describe('retryOutboxEffect', () => {
  it('puts a failed effect back to pending, due now, with attempts reset and a fresh retry budget, and audits it', () => {
    const db = seeded();
    const effect = retryOutboxEffect(db, '2', now);
    expect(effect).toMatchObject({ id: 2, status: 'pending', attempts: 5 });
    // Attempt 1 done: the next one is a retry, so it looks for what an earlier attempt may have posted.
    expect(db.prepare('SELECT status, attempts, run_after, updated_at FROM outbox WHERE id = 2').get()).toEqual({
      status: 'pending',
      attempts: 1,
      run_after: now.toISOString(),
      updated_at: now.toISOString(),
    });
    expect(retryState(db)).toEqual({ manual_retries: 1, failing_since: null });
    expect(db.prepare(`SELECT trial_id, actor, action, detail FROM audit`).all()).toEqual([
      { trial_id: 't-1', actor: 'cli', action: 'outbox-retry', detail: 'outbox effect 2 (slack.post) set back to pending after 5 attempts (manual retry 1)' },
    ]);

    db.prepare(`UPDATE outbox SET status = 'failed', failing_since = ? WHERE id = 2`).run(now.toISOString());
    const later = new Date(now.getTime() + 60_000);
    retryOutboxEffect(db, '2', later);
    expect(retryState(db)).toEqual({ manual_retries: 2, failing_since: null });
    expect(db.prepare(`SELECT count(*) AS n FROM bot_state`).get()).toEqual({ n: 0 });
  });

  it('refuses unknown ids and effects that are not failed', () => {
    const db = seeded();
    expect(() => retryOutboxEffect(db, '99', now)).toThrow('no outbox effect with id 99');
    expect(() => retryOutboxEffect(db, '3', now)).toThrow('outbox effect 3 is pending, not failed');
    expect(() => retryOutboxEffect(db, 'abc', now)).toThrow('not an outbox id: abc');
    expect(
      db
        .prepare(`SELECT status FROM outbox ORDER BY id`)
        .all()
        .map((r) => (r as { status: string }).status),
    ).toEqual(['done', 'failed', 'pending', 'running']);
  });
});
