import cron, { type ScheduledTask } from 'node-cron';
import type { Job, JobContext } from '../jobs/job.js';

/**
 * Runs each job on its cron schedule in TIMEZONE, and once at start so a day
 * missed while the bot was down is caught up. Jobs decide from state (what is
 * due and not yet done), so a late or repeated run sends nothing twice.
 */
export class Scheduler {
  private tasks: ScheduledTask[] = [];
  private running = new Map<string, Promise<void>>();

  constructor(
    private readonly jobs: Job[],
    private readonly ctx: JobContext,
    private readonly now: () => Date,
  ) {}

  start(): void {
    for (const job of this.jobs) {
      this.tasks.push(
        cron.schedule(job.schedule, () => void this.runNow(job), { timezone: this.ctx.config.TIMEZONE, name: job.name, noOverlap: true }),
      );
    }
  }

  /** Start-up catch-up: every job once, one after the other. */
  async catchUp(): Promise<void> {
    for (const job of this.jobs) await this.runNow(job);
  }

  async runNow(job: Job): Promise<void> {
    const current = this.running.get(job.name);
    if (current) return current;
    const run = job
      .run(this.ctx, this.now())
      .then((summary) => this.ctx.logger.info({ job: job.name, summary }, 'job ran'))
      .catch((error: unknown) => this.ctx.logger.error({ job: job.name, err: (error as Error).message }, 'job failed'))
      .finally(() => this.running.delete(job.name));
    this.running.set(job.name, run);
    return run;
  }

  async stop(): Promise<void> {
    for (const t of this.tasks) await t.destroy();
    this.tasks = [];
    await Promise.all(this.running.values());
  }
}
