import type { Db } from '../db/open-database.js';
import type { RosterCounts } from '../core/preflight.js';

export function rosterCounts(db: Db): RosterCounts {
  const count = (where: string) => (db.prepare(`SELECT count(DISTINCT slack_user_id) FROM people WHERE ${where}`).pluck().get() as number) ?? 0;
  return {
    inboundSdrs: count(`role = 'inbound_sdr'`),
    eligibleAes: count(`role = 'ae' AND eligible = 1`),
    eligibleCes: count(`role = 'ce' AND eligible = 1`),
    licenseOwners: count(`role = 'license_owner'`),
  };
}

export { poolSize } from './instance-store.js';

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}
