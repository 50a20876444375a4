import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const mainScript = fileURLToPath(new URL('../../dist/src/main.js', import.meta.url));

/**
 * The real server as a child process (`node dist/src/main.js`), for tests
 * that kill it mid-flight. Build first (`npm test` does).
 */
export class ChildBot {
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  output = '';
  starts = 0;

  constructor(
    private readonly env: Record<string, string>,
    readonly url: string,
  ) {
    if (!existsSync(mainScript)) throw new Error(`${mainScript} is missing: run "npm run build" (npm test builds first)`);
  }

  async start(): Promise<void> {
    this.starts++;
    const child = spawn(process.execPath, [mainScript], { env: { ...this.env, PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    child.stdout!.on('data', (d) => (this.output = (this.output + d).slice(-20_000)));
    child.stderr!.on('data', (d) => (this.output = (this.output + d).slice(-20_000)));
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`trialbot exited with ${child.exitCode}:\n${this.output}`);
      try {
        const res = await fetch(`${this.url}/healthz`);
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 15));
    }
    throw new Error(`trialbot did not answer /healthz:\n${this.output}`);
  }

  /** SIGKILL: no shutdown hook runs, exactly like a crash or an OOM kill. */
  async kill(): Promise<void> {
    if (!this.child || this.child.exitCode !== null) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }

  async stop(): Promise<void> {
    if (!this.child || this.child.exitCode !== null) return;
    this.child.kill('SIGTERM');
    await this.exited;
  }
}
