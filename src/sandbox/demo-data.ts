// The sandbox's demo company: a roster, a few accounts, a pool of instances and one instance
// that already exists, imported through the same CSV importers an admin uses.
import { setBotStateOnce } from '../stores/bot-state.js';
import { rosterPeople } from '../stores/people-store.js';
import type { Db } from '../db/open-database.js';
import type { FakeSlack } from '../fakes/slack-api.js';
import { importAccounts } from '../admin/import-accounts.js';
import { importInstances } from '../admin/import-instances.js';
import { importRoster } from '../admin/import-roster.js';
import { SANDBOX_MARKER } from './sandbox-guard.js';

export const demoRosterCsv = `slack_user_id,email,name,role,region,eligible
U0SDR0001,sam.rivera@acme-cloud.com,Sam Rivera,inbound_sdr,,no
U0SDR0002,sue.park@acme-cloud.com,Sue Park,inbound_sdr,,no
U0NSDR001,nina.okafor@acme-cloud.com,Nina Okafor,sdr,,no
U0AE00001,alice.martin@acme-cloud.com,Alice Martin,ae,,yes
U0AE00002,arthur.chen@acme-cloud.com,Arthur Chen,ae,,yes
U0AE00003,amara.singh@acme-cloud.com,Amara Singh,ae,,yes
U0CE00001,carol.diaz@acme-cloud.com,Carol Diaz,ce,,yes
U0CE00002,chris.novak@acme-cloud.com,Chris Novak,ce,,yes
U0CE00003,camille.roux@acme-cloud.com,Camille Roux,ce,,yes
U0LIC0001,malo.ferrand@acme-cloud.com,Malo Ferrand,license_owner,,no
U0FEED001,fiona.walsh@acme-cloud.com,Fiona Walsh,feedback_owner,,no
U0ADMIN01,olivia.ops@acme-cloud.com,Olivia Ops,admin,,no
`;

export const demoAccountsCsv = `domain,account_name,prequalified,named,named_sdr,ae,ce
initech.com,Initech,yes,yes,nina.okafor@acme-cloud.com,alice.martin@acme-cloud.com,carol.diaz@acme-cloud.com
hooli.com,Hooli,yes,yes,nina.okafor@acme-cloud.com,arthur.chen@acme-cloud.com,chris.novak@acme-cloud.com
globex.com,Globex Corporation,yes,no,,,
umbrella-corp.com,Umbrella Corporation,yes,no,,,
`;

export const demoInstancesCsv = `url,domain,admin_email
https://pool-01.trials.acme-cloud.com,,
https://pool-02.trials.acme-cloud.com,,
https://pool-03.trials.acme-cloud.com,,
https://pool-04.trials.acme-cloud.com,,
https://pool-05.trials.acme-cloud.com,,
https://soylent.trials.acme-cloud.com,soylent.com,it-admin@soylent.com
`;

/** Someone in the workspace who is in no role of the roster. */
export const outsider = { id: 'U0OUTSIDE', name: 'Olga Outsider', email: 'olga@acme-cloud.com' };

/**
 * Imports the demo CSVs unless a roster is already there (a second start adds nothing), and
 * marks the database as the sandbox's in the same transaction, so a later start knows it is
 * not a production database (sandbox-guard.ts).
 */
export function seedDemoData(db: Db, now: Date): boolean {
  return db.transaction(() => {
    setBotStateOnce(db, SANDBOX_MARKER, `made by the local sandbox at ${now.toISOString()}`);
    if (rosterPeople(db).length > 0) return false;
    importRoster(db, demoRosterCsv, now);
    importAccounts(db, demoAccountsCsv, now);
    importInstances(db, demoInstancesCsv, now);
    return true;
  })();
}

/** Every roster member (and the outsider) as a Slack user with the same id, name and email. */
export function addRosterToSlack(db: Db, slack: FakeSlack): void {
  const people = new Map(rosterPeople(db).map((p) => [p.id, p]));
  for (const p of [...people.values(), outsider]) {
    if (!slack.user(p.id)) slack.addUser({ id: p.id, name: p.email.split('@')[0] ?? p.email, realName: p.name, email: p.email });
  }
}
