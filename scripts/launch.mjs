#!/usr/bin/env node
// Runs the bot's built JavaScript, building it first only when a source is newer than the last
// build (issue 15: compiling on every start cost ~3 s). `npm ci` builds once (`prepare`);
// `npm start`, `npm run job` and `npm run admin` come here, so a developer's edit is still
// picked up by the next start without paying for the compiler when nothing changed.
//
//   node scripts/launch.mjs main|job|admin [args…]   build if stale, then run that entry
//   node scripts/launch.mjs --build                   build if stale (prepare)
import { spawnSync } from 'node:child_process';
import process from 'node:process';
import { existsSync, mkdirSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const stamp = join(root, 'dist', '.build-stamp');
const entries = { main: 'dist/src/main.js', job: 'dist/src/cli/job.js', admin: 'dist/src/cli/admin.js' };
// What the build compiles (tsconfig.build.json's include, whichever of them exist) and what steers it.
const sourceDirs = ['src'];
const sourceFiles = ['tsconfig.json', 'tsconfig.build.json', 'package.json', 'package-lock.json'];

/** Newest modification time below `path`; directories count too, so a deleted file is a change. */
function newest(path) {
  let info;
  try {
    info = statSync(path);
  } catch {
    return 0;
  }
  let latest = info.mtimeMs;
  if (info.isDirectory()) {
    for (const name of readdirSync(path)) latest = Math.max(latest, newest(join(path, name)));
  }
  return latest;
}

function stale() {
  if (!existsSync(stamp)) return true;
  const built = statSync(stamp).mtimeMs;
  const sources = Math.max(...sourceDirs.map((d) => newest(join(root, d))), ...sourceFiles.map((f) => newest(join(root, f))));
  return sources > built;
}

function build() {
  const started = Date.now();
  let tsc;
  try {
    tsc = createRequire(join(root, 'package.json')).resolve('typescript/bin/tsc');
  } catch {
    process.stderr.write('trialbot: the build is out of date and TypeScript is not installed (run npm ci)\n');
    process.exit(1);
  }
  const run = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { cwd: root, stdio: 'inherit' });
  if (run.status !== 0) {
    process.stderr.write('trialbot: the TypeScript build failed (above)\n');
    process.exit(run.status ?? 1);
  }
  mkdirSync(dirname(stamp), { recursive: true });
  // The stamp takes the time the build started: a file saved while tsc ran is newer, and rebuilt next time.
  writeFileSync(stamp, `${new Date(started).toISOString()}\n`);
  utimesSync(stamp, new Date(started), new Date(started));
}

const [what, ...rest] = process.argv.slice(2);
if (what === '--build') {
  if (stale()) build();
} else if (what && Object.hasOwn(entries, what)) {
  if (stale()) build();
  const entry = join(root, entries[what]);
  // The entry checks argv[1] to know it was run directly, and reads its arguments from argv[2…].
  process.argv = [process.argv[0], entry, ...rest];
  await import(pathToFileURL(entry).href);
} else {
  process.stderr.write('usage: node scripts/launch.mjs main|job|admin [args…] | --build\n');
  process.exit(2);
}
