import cron, { type ScheduledTask } from 'node-cron';
import type { Job, JobContext } from './jobs/job.js';

/** What one run of a job came to: its summary line, or why it failed. */
export type JobOutcome = { job: string; ok: true; summary: string } | { job: string; ok: false; error: string };

/**
 * Runs each job on its cron schedule in TIMEZONE, and once at start so a day
 * missed while the bot was down is caught up. Jobs decide from state (what is
 * due and not yet done), so a late or repeated run sends nothing twice.
 */
export class Scheduler {
  private tasks = new Map<string, ScheduledTask>();
  private running = new Map<string, Promise<JobOutcome>>();

  constructor(
    private readonly jobs: Job[],
    private readonly ctx: JobContext,
    private readonly now: () => Date,
  ) {}

  start(): void {
    for (const job of this.jobs) {
      this.tasks.set(
        job.name,
        cron.schedule(job.schedule, () => void this.runNow(job), { timezone: this.ctx.config.TIMEZONE, name: job.name, noOverlap: true }),
      );
    }
  }

  /** When cron will next run the job (empty before `start`): "09:00 TIMEZONE" as instants. */
  nextRuns(jobName: string, count = 1): Date[] {
    return this.tasks.get(jobName)?.getNextRuns(count) ?? [];
  }

  /** Start-up catch-up: every job once, one after the other. */
  async catchUp(): Promise<void> {
    for (const job of this.jobs) await this.runNow(job);
  }

  async runNow(job: Job): Promise<JobOutcome> {
    const current = this.running.get(job.name);
    if (current) return current;
    const run = job
      .run(this.ctx, this.now())
      .then((summary): JobOutcome => {
        this.ctx.logger.info({ job: job.name, summary }, 'job ran');
        return { job: job.name, ok: true, summary };
      })
      .catch((error: unknown): JobOutcome => {
        const message = error instanceof Error ? error.message : String(error);
        this.ctx.logger.error({ job: job.name, err: message }, 'job failed');
        return { job: job.name, ok: false, error: message };
      })
      .finally(() => this.running.delete(job.name));
    this.running.set(job.name, run);
    return run;
  }

  async stop(): Promise<void> {
    for (const t of this.tasks.values()) await t.destroy();
    this.tasks.clear();
    await Promise.all(this.running.values());
  }
}
