import { describe, expect, it } from 'vitest';
import { ImportError, domainProblem, readCsv } from '../../src/admin/csv-import.js';

const columns = { required: ['a', 'b'], optional: ['c'] };

function failure(fn: () => unknown): ImportError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ImportError) return err;
    throw err;
  }
  throw new Error('expected an ImportError');
}

describe('readCsv', () => {
  it('keys trimmed cells by column and fills absent optional columns with empty strings', () => {
    expect(readCsv('a,b\n 1 , 2 \n', columns)).toEqual([{ line: 2, cells: { a: '1', b: '2', c: '' } }]);
  });

  it('tolerates a BOM, CRLF, a different column order and any header case', () => {
    expect(readCsv('\uFEFFB,A,C\r\nx,y,z\r\n', columns)).toEqual([{ line: 2, cells: { a: 'y', b: 'x', c: 'z' } }]);
  });

  it('counts physical lines across blank lines, rows of empty cells and quoted newlines', () => {
    const rows = readCsv('a,b\n\n1,"two\nlines"\n , \n3,4\n', columns);
    expect(rows.map((r) => r.line)).toEqual([3, 6]);
    expect(rows[0]?.cells.b).toBe('two\nlines');
  });

  it('names a missing column on line 1', () => {
    const err = failure(() => readCsv('a,x\n1,2\n', { required: ['a', 'b'] }));
    expect(err.message).toBe('line 1: missing column "b"');
  });

  it('refuses an unknown or repeated column', () => {
    expect(failure(() => readCsv('a,b,d\n', columns)).message).toMatch(/^line 1: unknown column "d"/);
    expect(failure(() => readCsv('a,b,a\n', columns)).message).toBe('line 1: column "a" appears twice');
  });

  it('refuses an empty file', () => {
    expect(failure(() => readCsv('\n\n', columns)).message).toMatch(/^line 1: the file is empty/);
  });

  it('refuses a row with the wrong number of fields, naming its line', () => {
    expect(failure(() => readCsv('a,b\n1,2\n\n3\n', columns)).message).toBe('line 4: expected 2 fields like the header, found 1');
  });

  it('reports broken quoting with the line the quote opens on', () => {
    const err = failure(() => readCsv('a,b\n1,2\n3,"open\n', columns));
    expect(err.line).toBe(3);
    expect(err.problem).toMatch(/not valid CSV/);
  });
});

describe('domainProblem', () => {
  it('accepts registrable domains', () => {
    expect(domainProblem('acme.com')).toBeNull();
    expect(domainProblem('acme.co.uk')).toBeNull();
  });

  it('names the registrable domain when given a subdomain', () => {
    expect(domainProblem('eng.acme.com')).toMatch(/domain must be the registrable domain \(acme\.com\)/);
  });

  it('refuses what is not a domain', () => {
    for (const bad of ['acme', 'http://acme.com', 'ac me.com', 'acme..com', '-acme.com', 'co.uk', '1.2.3.4', 'a_b.com']) {
      expect(domainProblem(bad), bad).not.toBeNull();
    }
  });
});
