import { parse } from 'csv-parse/sync';
import { getDomain } from 'tldts';
import { z } from 'zod';
import { writeTransaction, type Db } from '../db/open-database.js';
import { audit } from '../stores/audit-log.js';

/**
 * A CSV file that cannot be imported. `line` is the physical line in the file
 * (header = 1); `problem` is what is wrong; `message` reads `line N: problem`.
 */
export class ImportError extends Error {
  readonly line: number;
  readonly problem: string;
  constructor(line: number, problem: string) {
    super(`line ${line}: ${problem}`);
    this.name = 'ImportError';
    this.line = line;
    this.problem = problem;
  }
}

export interface ImportResult {
  /** Data rows imported (empty lines not counted). */
  rows: number;
  created: number;
  updated: number;
  /** One line for a person: `imported 12 roster rows (3 new, 9 updated)`. */
  message: string;
}

export interface CsvRow {
  /** Physical line the record starts on. */
  line: number;
  /** Trimmed cell per column name; an optional column absent from the file reads as ''. */
  cells: Record<string, string>;
}

export interface CsvColumns {
  required: readonly string[];
  optional?: readonly string[];
}

export interface ImportOptions {
  /** Where the text came from (a file name), noted in the audit trail. */
  source?: string;
}

export interface CsvImport {
  /** Audit action, e.g. `import-roster`. */
  action: string;
  /** What a row is, for the summary: `roster`, `account`, `instance`. */
  noun: string;
  columns: CsvColumns;
  /**
   * Validates and upserts one row inside the file's transaction; throws
   * ImportError for a bad row, which rolls the whole file back.
   */
  importRow: (row: CsvRow) => 'created' | 'updated';
  /** Runs after every row, in the same transaction (e.g. removing what the file left out); returns lines to add to the summary. */
  finish?: () => string | null;
}

/**
 * Parses CSV text into rows keyed by column, after checking the header names
 * the required columns and nothing unknown. Blank lines (or rows of empty
 * cells) are skipped; a leading BOM is tolerated.
 */
export function readCsv(text: string, columns: CsvColumns): CsvRow[] {
  let records: { record: string[]; info: { lines: number; empty_lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      info: true,
    }) as unknown as typeof records;
  } catch (err) {
    const e = err as { lines?: number; message?: string };
    const reason = (e.message ?? String(err)).replace(/\s+at line \d+.*$/s, '').replace(/\s+/g, ' ');
    throw new ImportError(e.lines ?? 1, `not valid CSV (${reason})`);
  }

  // csv-parse reports the line a record ends on; a record starts one line after
  // the previous one ended, plus any blank lines skipped in between.
  let previousEnd = 0;
  let previousEmpty = 0;
  const located = records.map(({ record, info }) => {
    const line = previousEnd + 1 + (info.empty_lines - previousEmpty);
    previousEnd = info.lines;
    previousEmpty = info.empty_lines;
    return { line, record };
  });
  const nonEmpty = located.filter(({ record }) => record.some((cell) => cell !== ''));

  const first = nonEmpty[0];
  if (!first) throw new ImportError(1, `the file is empty; expected the header ${columns.required.join(',')}`);
  const header = first.record.map((name) => name.toLowerCase());
  const known = new Set([...columns.required, ...(columns.optional ?? [])]);
  for (const required of columns.required) {
    if (!header.includes(required)) throw new ImportError(first.line, `missing column "${required}"`);
  }
  header.forEach((name, i) => {
    if (!known.has(name)) throw new ImportError(first.line, `unknown column "${first.record[i]}" (expected ${[...known].join(',')})`);
    if (header.indexOf(name) !== i) throw new ImportError(first.line, `column "${name}" appears twice`);
  });

  return nonEmpty.slice(1).map(({ line, record }) => {
    if (record.length !== header.length) {
      throw new ImportError(line, `expected ${header.length} fields like the header, found ${record.length}`);
    }
    const cells: Record<string, string> = {};
    for (const name of known) cells[name] = '';
    header.forEach((name, i) => (cells[name] = record[i] ?? ''));
    return { line, cells };
  });
}

/**
 * Imports a whole CSV file in one write transaction with an audit row: either
 * every row lands or, on the first bad row, nothing does.
 */
export function runCsvImport(db: Db, text: string, spec: CsvImport, now: Date, options: ImportOptions = {}): ImportResult {
  const rows = readCsv(text, spec.columns);
  return writeTransaction(db, () => {
    let created = 0;
    let updated = 0;
    for (const row of rows) {
      if (spec.importRow(row) === 'created') created += 1;
      else updated += 1;
    }
    const finished = spec.finish?.() ?? null;
    const message = `imported ${rows.length} ${spec.noun} row${rows.length === 1 ? '' : 's'} (${created} new, ${updated} updated)${finished ? `\n${finished}` : ''}`;
    audit(db, { trialId: null, actor: 'cli', action: spec.action, detail: options.source ? `${message} from ${options.source}` : message }, now);
    return { rows: rows.length, created, updated, message };
  });
}

/** Remembers which line first used a key, so a repeat names the line it repeats. */
export class SeenKeys {
  private readonly lines = new Map<string, number>();
  check(key: string, line: number, describe: string): void {
    const earlier = this.lines.get(key);
    if (earlier !== undefined) throw new ImportError(line, `${describe} already appears on line ${earlier}`);
    this.lines.set(key, line);
  }
  has(key: string): boolean {
    return this.lines.has(key);
  }
}

// Cell parsers shared by the imports. Each throws ImportError naming the column.

export function yesNo(row: CsvRow, column: string, fallback?: boolean): boolean {
  const raw = row.cells[column] ?? '';
  if (raw === '' && fallback !== undefined) return fallback;
  const value = raw.toLowerCase();
  if (value === 'yes') return true;
  if (value === 'no') return false;
  throw new ImportError(row.line, `${column} must be yes or no, not "${raw}"`);
}

export function required(row: CsvRow, column: string): string {
  const value = row.cells[column] ?? '';
  if (value === '') throw new ImportError(row.line, `${column} is empty`);
  return value;
}

export function orNull(value: string): string | null {
  return value === '' ? null : value;
}

const emailSchema = z.email();

/** A trimmed, lowercased email, or null for an empty cell. */
export function optionalEmail(row: CsvRow, column: string): string | null {
  const raw = row.cells[column] ?? '';
  if (raw === '') return null;
  const email = raw.toLowerCase();
  if (!emailSchema.safeParse(email).success) throw new ImportError(row.line, `${column} "${raw}" is not a valid email`);
  return email;
}

export function email(row: CsvRow, column: string): string {
  const value = optionalEmail(row, column);
  if (value === null) throw new ImportError(row.line, `${column} is empty`);
  return value;
}

const hostnameLabel = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * Checks `value` is a registrable domain (acme.com, acme.co.uk): what a trial,
 * an account and an instance are keyed by. Returns a problem, or null when fine.
 */
export function domainProblem(value: string): string | null {
  const labels = value.split('.');
  if (labels.length < 2 || !labels.every((label) => hostnameLabel.test(label))) {
    return `"${value}" is not a domain`;
  }
  const registrable = getDomain(value);
  if (registrable === null) return `"${value}" is not a registrable domain`;
  if (registrable !== value) return `domain must be the registrable domain (${registrable}), not ${value}`;
  return null;
}

/** A lowercased registrable domain from `column`, or null for an empty cell. */
export function optionalDomain(row: CsvRow, column: string): string | null {
  const raw = row.cells[column] ?? '';
  if (raw === '') return null;
  const value = raw.toLowerCase();
  const problem = domainProblem(value);
  if (problem) throw new ImportError(row.line, problem);
  return value;
}
