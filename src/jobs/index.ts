import type { Job } from './job.js';
import { deadlines } from './deadlines.js';
import { licenseRotation } from './license-rotation.js';
import { reconcileInstances } from './reconcile-instances.js';
import { weeklyDigest } from './weekly-digest.js';
import { retention } from './retention.js';
import { reminders } from './reminders.js';

/** Every job, by name: `npm run job -- <name>` runs one of these. */
export const jobs: Job[] = [reconcileInstances, deadlines, reminders, licenseRotation, weeklyDigest, retention];

export function jobNamed(name: string): Job | undefined {
  return jobs.find((j) => j.name === name);
}
