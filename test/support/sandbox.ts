import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/start-sandbox.js';

/**
 * A directory of the current test's own, removed when the test ends. Cleanups run in reverse
 * order, so a sandbox started in it afterwards has closed (and saved its state) by then.
 */
export function testDir(prefix = 'trialbot-sandbox-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * The sandbox `npm start` runs, on a free port, quiet and without cron, closed when the
 * current test ends; closing it earlier (to restart it) is fine, a second close does nothing.
 */
export async function startTestSandbox(env: NodeJS.ProcessEnv = {}, options: SandboxOptions = {}): Promise<Sandbox> {
  const started = await startSandbox({ PORT: '0', LOG_LEVEL: 'silent', ...env }, { schedule: false, ...options });
  let closing: Promise<void> | undefined;
  const box: Sandbox = { ...started, close: () => (closing ??= started.close()) };
  onTestFinished(() => box.close());
  return box;
}
