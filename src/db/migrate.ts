import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';

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

/**
 * Applies every migration newer than the database's `user_version`, each in
 * its own transaction together with the version bump, so a crash leaves the
 * database at a whole version. Returns the names applied.
 */
export function migrate(db: Database.Database, migrations = loadMigrations()): string[] {
  const applied: string[] = [];
  for (const m of migrations) {
    const current = db.pragma('user_version', { simple: true }) as number;
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
    applied.push(m.name);
  }
  return applied;
}
