import { runLicenseRotation } from '../flows/license-rotation.js';
import type { DatabaseJob } from './job.js';

/**
 * Every LICENSE_ROTATION_DAYS since the last recorded rotation, the license
 * owner is reminded (once per period) to rotate the shared trial license key;
 * unrotated two days past the due date, #cloud-trial-alerts hears it once.
 */
export const licenseRotation: DatabaseJob = {
  name: 'license-rotation',
  schedule: '0 9 * * *',
  needs: 'database',
  async run({ db, config }, now) {
    const r = runLicenseRotation(db, now, config.LICENSE_ROTATION_DAYS, config.TIMEZONE);
    return `reminded ${r.reminded ? 1 : 0}, escalated ${r.escalated ? 1 : 0}, next due ${r.nextDueOn}`;
  },
};
