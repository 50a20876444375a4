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
});
