import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';
import { ConfigError } from '../config.js';

const defaultDir = fileURLToPath(new URL('../../../migrations/', import.meta.url));

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Numbered SQL files, `NNN_name.sql`, in version order. */
export function loadMigrations(dir = migrationsDir()): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d+_.+\.sql$/.test(f))
    .map((f) => ({ version: Number(f.split('_')[0]), name: f, sql: readFileSync(`${dir}/${f}`, 'utf8') }))
    .sort((a, b) => a.version - b.version);
}

function migrationsDir(): string {
  // Compiled code lives in dist/src/db, sources in src/db: both sit below the project root.
  const here = fileURLToPath(new URL('.', import.meta.url));
  return here.includes('/dist/') ? defaultDir : fileURLToPath(new URL('../../migrations/', import.meta.url));
}

/** A database written by a newer trialbot: this code would misread it, so it does not open it. */
export class DatabaseTooNew extends ConfigError {}

/**
 * Applies every migration newer than the database's `user_version`, each in
 * its own transaction together with the version bump, so a crash leaves the
 * database at a whole version. The version is read inside the migration's
 * write transaction (BEGIN IMMEDIATE): of two processes opening an older
 * database at once, one applies it and the other, waiting for the lock, then
 * finds it applied. A database newer than every migration here is refused.
 * Returns the names applied.
 */
export function migrate(db: Database.Database, migrations = loadMigrations()): string[] {
  const version = () => db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.at(-1)?.version ?? 0;
  const found = version();
  if (found > latest) {
    throw new DatabaseTooNew(
      `the database ${db.name} is at schema version ${found}, newer than this trialbot knows (${latest}): run the newer trialbot, or restore a backup taken by this one`,
    );
  }
  const applied: string[] = [];
  for (const m of migrations) {
    if (m.version <= found) continue;
    const ran = db
      .transaction(() => {
        if (m.version <= version()) return false;
        db.exec(m.sql);
        db.pragma(`user_version = ${m.version}`);
        return true;
      })
      .immediate();
    if (ran) applied.push(m.name);
  }
  return applied;
}
