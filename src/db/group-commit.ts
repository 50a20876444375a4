import type { Db } from './open-database.js';

interface Pending {
  work: () => unknown;
  resolve: (value: any) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit (issue 15): writes that arrive in the same turn of the event loop — a burst of
 * signups parsed in one poll — run in ONE write transaction, each in a savepoint of its own, so
 * one fsync (synchronous = FULL) makes all of them durable instead of one fsync each. Each
 * caller's promise settles only after COMMIT returned, so no answer says "recorded" before its
 * write is on disk: a SIGKILL before the commit loses only writes nobody was told about.
 *
 * A write that throws rolls back its own savepoint and rejects its own promise; the others
 * commit. If the transaction cannot begin (another process holds the lock past busy_timeout)
 * or commit, every write of the batch is rejected with that error and nothing of it is stored.
 * `work` must be synchronous (better-sqlite3); a nested `db.transaction(...)` inside it becomes
 * a savepoint as usual.
 */
export class GroupCommit {
  private queue: Pending[] = [];
  private scheduled = false;
  /** Batches committed and writes in them (benchmarks, tests). */
  readonly stats = { batches: 0, writes: 0, largest: 0 };

  /**
   * `sliceMs`: how long one transaction may run writes before it commits and lets the event loop
   * serve what queued meanwhile. 300 signups in one transaction held every ack for ~50–100 ms on
   * this machine; a slice keeps that wait short at the cost of one more fsync per slice.
   */
  constructor(
    private readonly db: Db,
    private readonly sliceMs = 8,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  run<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve, reject });
      // After the poll phase: every request parsed in this turn has queued its write by then.
      this.again();
    });
  }

  private again(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.scheduled = false;
    if (this.queue.length === 0) return;
    const { db } = this;
    if (db.inTransaction) {
      // Never inside someone else's transaction: wait for it to finish.
      this.again();
      return;
    }
    let batch = this.queue;
    this.queue = [];
    try {
      db.exec('BEGIN IMMEDIATE');
    } catch (error) {
      for (const p of batch) p.reject(error);
      return;
    }
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
    const until = this.clock() + this.sliceMs;
    try {
      for (const [i, p] of batch.entries()) {
        if (i > 0 && this.clock() >= until) {
          // The rest goes first in the next slice, ahead of writes queued meanwhile.
          this.queue = batch.slice(i).concat(this.queue);
          batch = batch.slice(0, i);
          this.again();
          break;
        }
        db.exec('SAVEPOINT group_write');
        try {
          const value = p.work();
          db.exec('RELEASE group_write');
          outcomes.push({ ok: true, value });
        } catch (error) {
          db.exec('ROLLBACK TO group_write');
          db.exec('RELEASE group_write');
          outcomes.push({ ok: false, error });
        }
      }
      db.exec('COMMIT');
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      for (const p of batch) p.reject(error);
      return;
    }
    this.stats.batches++;
    this.stats.writes += batch.length;
    this.stats.largest = Math.max(this.stats.largest, batch.length);
    batch.forEach((p, i) => {
      const o = outcomes[i] ?? { ok: false as const, error: new Error('the batch lost this write') };
      if (o.ok) p.resolve(o.value);
      else p.reject(o.error);
    });
  }
}
