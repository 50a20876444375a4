import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/db/open-database.js';

let db: Db;
afterEach(() => db?.close());

describe('prepared statements are reused per connection', () => {
  it('hands back the same statement for the same SQL, with no mode left over from an earlier caller', () => {
    db = openDatabase(':memory:');
    db.exec(`CREATE TABLE t (a INTEGER, b TEXT); INSERT INTO t VALUES (1, 'x'), (2, 'y')`);
    const sql = 'SELECT a, b FROM t ORDER BY a';
    const first = db.prepare(sql);
    expect(first.pluck().all()).toEqual([1, 2]);
    const again = db.prepare(sql);
    expect(again).toBe(first);
    // The earlier caller's pluck() must not change what this caller reads.
    expect(again.all()).toEqual([
      { a: 1, b: 'x' },
      { a: 2, b: 'y' },
    ]);
    expect(db.prepare(sql).raw().get()).toEqual([1, 'x']);
    expect(db.prepare(sql).get()).toEqual({ a: 1, b: 'x' });
  });

  it('gives a fresh statement while the cached one is being iterated, so nested reads work', () => {
    db = openDatabase(':memory:');
    db.exec(`CREATE TABLE t (a INTEGER); INSERT INTO t VALUES (1), (2), (3)`);
    const sql = 'SELECT a FROM t ORDER BY a';
    const pairs: number[][] = [];
    for (const row of db.prepare(sql).iterate() as IterableIterator<{ a: number }>) {
      pairs.push([row.a, (db.prepare(sql).all() as Array<{ a: number }>).length]);
    }
    expect(pairs).toEqual([
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
  });

  it('sees rows and schema changes made after the statement was first prepared', () => {
    db = openDatabase(':memory:');
    db.exec(`CREATE TABLE t (a INTEGER)`);
    const count = () => (db.prepare('SELECT * FROM t').all() as object[]).length;
    expect(count()).toBe(0);
    db.prepare('INSERT INTO t VALUES (1)').run();
    db.exec('ALTER TABLE t ADD COLUMN b TEXT');
    expect(db.prepare('SELECT * FROM t').all()).toEqual([{ a: 1, b: null }]);
  });
});
