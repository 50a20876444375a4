// The preflight's verdicts (README "Running against Slack"): each check is one line, ✓ or ✗ with the
// exact fix. Pure: the facts are gathered by admin/preflight.ts from Slack, GitHub, SMTP and the database.

export type CheckArea = 'configuration' | 'slack' | 'github' | 'smtp' | 'database' | 'roster' | 'pool';

export interface Finding {
  area: CheckArea;
  ok: boolean;
  /** What was found, as a person says it. */
  text: string;
  /** ✗ only: what to do, exactly. */
  fix?: string;
}

export const pass = (area: CheckArea, text: string): Finding => ({ area, ok: true, text });
export const fail = (area: CheckArea, text: string, fix: string): Finding => ({ area, ok: false, text, fix });

/** One line per finding: `✓ text` or `✗ text — fix`. */
export function renderFindings(findings: readonly Finding[]): string {
  return findings.map((f) => (f.ok ? `✓ ${f.text}` : `✗ ${f.text} — ${f.fix}`)).join('\n');
}

/** Scopes the token lacks; `granted` null when Slack did not say (nothing to compare). */
export function scopesFinding(required: readonly string[], granted: readonly string[] | null): Finding {
  if (granted === null) return pass('slack', 'Slack did not report the token’s scopes; the manifest’s are assumed');
  const missing = required.filter((s) => !granted.includes(s));
  if (missing.length === 0) return pass('slack', `Slack token has every scope the manifest asks for (${required.length})`);
  return fail(
    'slack',
    `Slack token lacks ${missing.length === 1 ? 'scope' : 'scopes'} ${missing.join(', ')}`,
    `add ${missing.length === 1 ? 'scope' : 'scopes'} ${missing.join(', ')} under OAuth & Permissions (or from manifest.yml) and reinstall the app`,
  );
}

/** A Slack channel id (C…, G… for an old private channel), not a name. */
export const looksLikeChannelId = (value: string) => /^[CG][A-Z0-9]{6,}$/.test(value);

export interface AlertsChannelFacts {
  setting: string;
  /** conversations.info's answer, or the error Slack gave. */
  info: { name: string; isPrivate: boolean; isMember: boolean; isArchived: boolean } | { error: string };
}

export function alertsChannelFinding(f: AlertsChannelFacts): Finding {
  if (!looksLikeChannelId(f.setting)) {
    return fail(
      'slack',
      `ALERTS_CHANNEL is "${f.setting}", which is a name, not a channel id`,
      'set ALERTS_CHANNEL to the channel’s id (C…): in Slack, open #cloud-trial-alerts, click its name, the id is at the bottom of the About tab',
    );
  }
  if ('error' in f.info) {
    return fail(
      'slack',
      `ALERTS_CHANNEL ${f.setting}: Slack answers ${f.info.error}`,
      f.info.error === 'channel_not_found'
        ? 'if #cloud-trial-alerts is private, invite @trialbot to it (/invite @trialbot); otherwise check the id'
        : 'check ALERTS_CHANNEL and the bot’s scopes',
    );
  }
  if (f.info.isArchived) return fail('slack', `#${f.info.name} (ALERTS_CHANNEL) is archived`, 'unarchive it, or set ALERTS_CHANNEL to the live channel’s id');
  if (!f.info.isMember) return fail('slack', `@trialbot is not in #${f.info.name} (ALERTS_CHANNEL)`, `invite @trialbot to #${f.info.name} (/invite @trialbot)`);
  return pass('slack', `@trialbot is in #${f.info.name} (ALERTS_CHANNEL${f.info.isPrivate ? ', private' : ''})`);
}

export interface RosterCounts {
  inboundSdrs: number;
  eligibleAes: number;
  eligibleCes: number;
  licenseOwners: number;
}

const importRoster = 'add them to the roster CSV and run npm run admin -- import-roster FILE';

export function rosterFindings(c: RosterCounts): Finding[] {
  const one = (n: number, what: string, role: string): Finding =>
    n > 0
      ? pass('roster', `roster has ${n} ${what}`)
      : fail('roster', `roster has no ${what}`, `${importRoster} (role ${role}${role === 'ae' || role === 'ce' ? ', eligible yes' : ''})`);
  return [
    one(c.inboundSdrs, c.inboundSdrs === 1 ? 'inbound SDR' : 'inbound SDRs', 'inbound_sdr'),
    one(c.eligibleAes, c.eligibleAes === 1 ? 'AE in the round robin' : 'AEs in the round robin', 'ae'),
    one(c.eligibleCes, c.eligibleCes === 1 ? 'CE in the round robin' : 'CEs in the round robin', 'ce'),
    one(c.licenseOwners, c.licenseOwners === 1 ? 'license owner' : 'license owners', 'license_owner'),
  ];
}

/** An empty pool is fine when the cap was set on purpose; left at the default it is a deployment not yet set up. */
export function poolFinding(f: { poolInstances: number; maxActive: number; maxActiveSet: boolean; defaultMax: number }): Finding {
  if (f.poolInstances > 0) return pass('pool', `${f.poolInstances} pre-provisioned instance${f.poolInstances === 1 ? '' : 's'} in the pool`);
  if (f.maxActiveSet || f.maxActive !== f.defaultMax) {
    return pass('pool', `the pool is empty; Case 3 trials get instances by request (MAX_ACTIVE_INSTANCES ${f.maxActive})`);
  }
  return fail(
    'pool',
    `the pool is empty and MAX_ACTIVE_INSTANCES is left at its default ${f.defaultMax}`,
    'import the pre-provisioned instances (npm run admin -- import-instances FILE), or set MAX_ACTIVE_INSTANCES to what the cloud team can run',
  );
}
