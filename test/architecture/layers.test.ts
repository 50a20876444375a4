import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The layers the README's "How it is built" names, lowest first. A file may import its own layer and
// those below it, never one above: the pure core cannot reach the database, a store cannot reach a
// flow, a flow cannot reach Slack. Clients (Slack, GitHub, mail) are built on the core alone. Edges
// (outbox, Slack, webhooks, HTTP, jobs, admin) may not import one another either, except webhooks using
// the HTTP helpers: what they share lives below them.
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const layers: { name: string; paths: string[] }[] = [
  { name: 'core', paths: ['src/core/', 'src/messages/', 'src/config.ts', 'src/logger.ts', 'src/secrets.ts'] },
  { name: 'stores', paths: ['src/db/', 'src/stores/'] },
  { name: 'flows', paths: ['src/flows/'] },
  { name: 'clients', paths: ['src/clients/'] },
  { name: 'edges', paths: ['src/outbox/', 'src/slack/', 'src/webhooks/', 'src/http/', 'src/jobs/', 'src/admin/'] },
  {
    name: 'app',
    paths: ['src/app.ts', 'src/main.ts', 'src/scheduler.ts', 'src/process-faults.ts', 'src/env-file.ts', 'src/cli/', 'src/sandbox/'],
  },
];

function layerOf(file: string): number {
  const rel = relative(root, file);
  return layers.findIndex((l) => l.paths.some((p) => (p.endsWith('/') ? rel.startsWith(p) : rel === p)));
}

function edgeOf(file: string): string | undefined {
  const rel = relative(root, file);
  return layers[4]!.paths.find((p) => rel.startsWith(p));
}

/** Webhooks are HTTP routes: they read bodies and answer through the HTTP layer's helpers. */
function webhookOverHttp(file: string, target: string): boolean {
  return edgeOf(file) === 'src/webhooks/' && edgeOf(target) === 'src/http/';
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found = [...text.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1]!);
  return found.map((s) => resolve(dirname(file), s.replace(/\.js$/, '.ts')));
}

const all = sources(join(root, 'src'));
const fakes = join(root, 'src/fakes/');

describe('layers', () => {
  it('places every source file in a layer (or the standalone fakes)', () => {
    const homeless = all.filter((f) => !f.startsWith(fakes) && layerOf(f) < 0).map((f) => relative(root, f));
    expect(homeless).toEqual([]);
  });

  it('imports run one way: each file imports only its own layer and those below it', () => {
    const upward: string[] = [];
    for (const file of all.filter((f) => !f.startsWith(fakes))) {
      for (const target of importsOf(file)) {
        if (target.startsWith(fakes) && layerOf(file) === 5) continue; // the sandbox hosts the fakes
        const from = layerOf(file);
        const to = target.startsWith(fakes) ? 99 : layerOf(target);
        const sideways = from === 4 && to === 4 && edgeOf(file) !== edgeOf(target) && !webhookOverHttp(file, target);
        if (to > from || sideways) upward.push(`${relative(root, file)} → ${relative(root, target)}`);
      }
    }
    expect(upward).toEqual([]);
  });

  it('keeps the fakes standalone: they import nothing of the bot', () => {
    const reaching = all
      .filter((f) => f.startsWith(fakes))
      .flatMap((f) =>
        importsOf(f)
          .filter((t) => !t.startsWith(fakes))
          .map((t) => `${relative(root, f)} → ${relative(root, t)}`),
      );
    expect(reaching).toEqual([]);
  });

  it('keeps the core pure: no database, network, file system or clock of its own', () => {
    const impure: string[] = [];
    for (const file of all.filter((f) => layerOf(f) === 0 && relative(root, f).startsWith('src/core/'))) {
      const text = readFileSync(file, 'utf8');
      for (const banned of ['better-sqlite3', 'node:fs', 'node:http', '@slack/', '@octokit/', 'nodemailer']) {
        if (text.includes(`'${banned}`)) impure.push(`${relative(root, file)} imports ${banned}`);
      }
      if (/new Date\(\)|Date\.now\(\)/.test(text)) impure.push(`${relative(root, file)} reads the clock`);
    }
    expect(impure).toEqual([]);
  });

  it('keeps SQL in the stores: everything else (flows, outbox, Slack, admin, CLI, sandbox) calls a store', () => {
    const sqlHomes = ['src/db/', 'src/stores/'];
    const withSql = all
      .filter((f) => !f.startsWith(fakes) && !sqlHomes.some((p) => relative(root, f).startsWith(p)))
      .filter((f) => /\.prepare\(|\bdb\.(exec|pragma)\(/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(root, f));
    expect(withSql).toEqual([]);
  });

  it('keeps modules small: no file in src/ over 300 lines but the stand-ins', () => {
    const long = all
      .filter((f) => !f.startsWith(fakes))
      .map((f) => ({ file: relative(root, f), lines: readFileSync(f, 'utf8').split('\n').length }))
      .filter((f) => f.lines > 300);
    expect(long).toEqual([]);
  });
});
