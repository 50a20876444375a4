import type { Job } from './job.js';
import { reconcileInstances } from './reconcile-instances.js';

/** Every job, by name: `npm run job -- <name>` runs one of these. */
export const jobs: Job[] = [reconcileInstances];

export function jobNamed(name: string): Job | undefined {
  return jobs.find((j) => j.name === name);
}
