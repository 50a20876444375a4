import { describe, expect, it } from 'vitest';
import { GroupCommit } from '../../src/db/group-commit.js';
import { openDatabase } from '../../src/db/open-database.js';

describe('group commit', () => {
  it('commits the writes of one turn in one transaction, each answered after the commit; a failing write rolls back alone', async () => {
    const db = openDatabase(':memory:');
    db.exec('CREATE TABLE t (v INTEGER PRIMARY KEY)');
    const group = new GroupCommit(db);
    const insert = (v: number) => () => db.prepare('INSERT INTO t (v) VALUES (?)').run(v).changes;
    const seenBeforeCommit: boolean[] = [];
    const writes = [1, 2, 2, 3].map((v) =>
      group.run(() => {
        seenBeforeCommit.push(db.inTransaction);
        return insert(v)();
      }),
    );
    // A nested transaction (as the flows use) becomes a savepoint of the batch.
    const nested = group.run(() => db.transaction(() => insert(4)()).immediate());
    const results = await Promise.allSettled([...writes, nested]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect(seenBeforeCommit.every(Boolean)).toBe(true);
    expect(db.prepare('SELECT v FROM t ORDER BY v').pluck().all()).toEqual([1, 2, 3, 4]);
    expect(group.stats).toMatchObject({ batches: 1, writes: 5, largest: 5 });
    expect(db.inTransaction).toBe(false);
    db.close();
  });

  it('a long batch commits in slices, and between slices the event loop serves others (the ack waiting behind a burst)', async () => {
    const db = openDatabase(':memory:');
    db.exec('CREATE TABLE t (v INTEGER PRIMARY KEY)');
    // Each write "takes" 5 ms on this clock; a slice is 8 ms, so two writes per transaction.
    let clock = 0;
    const group = new GroupCommit(db, 8, () => clock);
    const committedWhenOthersRan: number[] = [];
    const writes = [1, 2, 3, 4, 5].map((v) =>
      group.run(() => {
        clock += 5;
        // Something else queued on the loop (an ack): it runs between slices, never inside one.
        setImmediate(() => committedWhenOthersRan.push(db.inTransaction ? -1 : (db.prepare('SELECT count(*) FROM t').pluck().get() as number)));
        return db.prepare('INSERT INTO t (v) VALUES (?)').run(v).changes;
      }),
    );
    expect(await Promise.all(writes)).toEqual([1, 1, 1, 1, 1]);
    expect(group.stats).toMatchObject({ batches: 3, writes: 5, largest: 2 });
    expect(db.prepare('SELECT v FROM t ORDER BY v').pluck().all()).toEqual([1, 2, 3, 4, 5]);
    await new Promise((r) => setImmediate(r));
    expect(committedWhenOthersRan).not.toContain(-1);
    expect(committedWhenOthersRan.slice(0, 2)).toEqual([2, 2]);
    db.close();
  });
});
