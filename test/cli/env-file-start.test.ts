import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

// Issue 18: `npm start` reads `.env`; a value there counts as given, for the sandbox guard too.
// The built server (`npm test` builds first), started in a directory holding only a `.env`.
const main = fileURLToPath(new URL('../../dist/src/main.js', import.meta.url));
let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function start(dotenv: string, env: Record<string, string> = {}) {
  dir = mkdtempSync(join(tmpdir(), 'trialbot-dotenv-'));
  writeFileSync(join(dir, '.env'), dotenv);
  return spawnSync(process.execPath, [main], { cwd: dir, env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', timeout: 20_000 });
}

describe('npm start with a .env', () => {
  it('a deployment setting in .env without a token is refused as if it were in the environment', () => {
    const run = start('GITHUB_REPO=acme/cloud-trials\n');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('SLACK_BOT_TOKEN is not set, but GITHUB_REPO is set (production settings)');
  });

  it('the token in .env is read: a deployment missing the rest is told which setting is missing', () => {
    const run = start('SLACK_BOT_TOKEN=xoxb-from-file\n');
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^trialbot: .*SLACK_SIGNING_SECRET/);
  });
});
