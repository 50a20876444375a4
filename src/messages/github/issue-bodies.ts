import { escapeGitHubMarkdown as md, verbatimGitHub } from '../../core/github-markdown.js';
import { humanDayWithYear } from '../../core/human-date.js';

/** The generic license every trial instance gets (seed: "Cloud trial operations", step 3.2.8). */
export const trialLicense = {
  tags: ['plan:enterprise-1', 'private-extension-registry', 'remote-extensions-allow-disallow', 'monitoring', 'true-up', 'trial', 'plg-trial'],
  users: 1000,
};

export interface IssueDraft {
  title: string;
  body: string;
  labels: string[];
}

/** GitHub refuses (422, for good) an issue title over 256 characters and a body over 65,536. */
export const GITHUB_TITLE_MAX = 256;
export const GITHUB_BODY_MAX = 65_536;

/** `text` cut to `max` UTF-16 units (GitHub's count), never inside a character, with `…` when cut. */
export function fitGitHub(text: string, max: number, more = '…'): string {
  if (text.length <= max) return text;
  let out = '';
  for (const ch of text) {
    if (out.length + ch.length > max - more.length) break;
    out += ch;
  }
  return out + more;
}

/** Every draft leaves here within GitHub's limits: a long company name is cut in the title (the body has it whole). */
function draft(d: IssueDraft): IssueDraft {
  return {
    ...d,
    title: fitGitHub(d.title, GITHUB_TITLE_MAX),
    body: fitGitHub(d.body, GITHUB_BODY_MAX, '\n\n… (cut to fit GitHub’s limit)'),
  };
}

/**
 * Hidden in every issue the bot opens: when an attempt to open it may have
 * succeeded unseen, the retry finds the issue by this instead of opening a second.
 */
export const issueMarker = (key: string) => `<!-- trialbot:${key} -->`;

const line = (label: string, value: string | null | undefined) => `| ${label} | ${value ? md(value) : '—'} |`;
/** A value from the roster or the bot itself (the CE's email above all): exactly as it is, ready to copy. */
const trustedLine = (label: string, value: string | null | undefined) => `| ${label} | ${value ? verbatimGitHub(value) : '—'} |`;

export interface InstanceRequestFacts {
  trialId: string;
  company: string | null;
  domain: string;
  requesterName: string | null;
  requesterEmail: string;
  ceEmail: string;
  ceName: string | null;
  aeEmail: string | null;
  caseCode: string;
  /** Where the trial is discussed: its channel's name, or the alert's thread in a channel; null while not known. */
  trialSpace: { channel: string } | { threadIn: string } | null;
}

function trialSpaceLine(space: InstanceRequestFacts['trialSpace']): string {
  if (space && 'threadIn' in space) return `| Trial space | thread in ${verbatimGitHub(`#${space.threadIn}`)} |`;
  return trustedLine('Trial space', space ? `#${space.channel}` : null);
}

/** Labels of the instance-request issue; its outbox payload carries them for the look-up before a retry creates. */
export const INSTANCE_REQUEST_LABELS: readonly string[] = ['cloud-trial', 'instance-request', 'trialbot'];

export function instanceRequestIssue(f: InstanceRequestFacts): IssueDraft {
  const company = f.company ?? f.domain;
  return draft({
    title: `Cloud trial instance request: ${company} (${f.domain})`,
    labels: [...INSTANCE_REQUEST_LABELS],
    body: [
      issueMarker(`instance-request:${f.trialId}`),
      `A cloud trial instance is requested for **${md(company)}** (Case ${f.caseCode}).`,
      '',
      '| Field | Value |',
      '| --- | --- |',
      line('Requester', f.requesterName),
      line('Requester email', f.requesterEmail),
      line('Company', company),
      line('Domain', f.domain),
      trustedLine('CE email', f.ceEmail),
      line('CE', f.ceName),
      trustedLine('AE email', f.aeEmail),
      trustedLine('Trial id', f.trialId),
      trialSpaceLine(f.trialSpace),
      '',
      '### License',
      `Add the generic trial license key shared by this cohort: ${trialLicense.users} users, tags \`${trialLicense.tags.join(',')}\`.`,
      '',
      '### When the instance is ready',
      'Add the label `cloud-trial/instance-ready` (or close this issue). trialbot then starts the trial clock and tells the CE to log in with `?sourcegraph-operator` and send the password-reset link.',
    ].join('\n'),
  });
}

export interface TrialIssueFacts {
  trialId: string;
  company: string | null;
  domain: string;
  instanceUrl: string | null;
  ceEmail: string | null;
  aeEmail: string | null;
  requestedBy: string;
}

const trialTable = (f: TrialIssueFacts) => [
  '| Field | Value |',
  '| --- | --- |',
  line('Company', f.company ?? f.domain),
  line('Domain', f.domain),
  trustedLine('Instance', f.instanceUrl),
  trustedLine('CE email', f.ceEmail),
  trustedLine('AE email', f.aeEmail),
  line('Requested by', f.requestedBy),
  trustedLine('Trial id', f.trialId),
];

export function extendIssue(f: TrialIssueFacts & { key: string; days: number; newEndOn: string; reason: string | null }): IssueDraft {
  const licenseChange = f.days > 15;
  return draft({
    title: `Cloud trial extend: ${f.company ?? f.domain} (${f.domain}) by ${f.days} days`,
    labels: ['cloud-trial', 'trial-extend', 'trialbot', ...(licenseChange ? ['license-change'] : [])],
    body: [
      issueMarker(f.key),
      `Please extend the cloud trial of **${md(f.company ?? f.domain)}** by **${f.days} days**, to **${humanDayWithYear(f.newEndOn)}**.`,
      '',
      ...trialTable(f),
      line('New end date', humanDayWithYear(f.newEndOn)),
      line('Reason', f.reason),
      '',
      licenseChange
        ? `**License change needed**: the extension is longer than 15 days, so the instance needs a license valid until ${humanDayWithYear(f.newEndOn)}.`
        : 'No license change needed (15 days or fewer).',
    ].join('\n'),
  });
}

export function terminateIssue(f: TrialIssueFacts & { key: string; reason: string | null }): IssueDraft {
  return draft({
    title: `Cloud trial terminate: ${f.company ?? f.domain} (${f.domain})`,
    labels: ['cloud-trial', 'trial-terminate', 'trialbot'],
    body: [
      issueMarker(f.key),
      `Please terminate the cloud trial instance of **${md(f.company ?? f.domain)}**.`,
      '',
      ...trialTable(f),
      line('Reason', f.reason),
    ].join('\n'),
  });
}

/** Seed 002, day 30: a converted trial's instance stays, on a customer license instead of the shared trial one. */
export function convertIssue(f: TrialIssueFacts & { key: string }): IssueDraft {
  return draft({
    title: `Cloud trial converted: ${f.company ?? f.domain} (${f.domain})`,
    labels: ['cloud-trial', 'trial-convert', 'trialbot'],
    body: [
      issueMarker(f.key),
      `**${md(f.company ?? f.domain)}** bought: please keep the instance and move it to a customer license.`,
      '',
      ...trialTable(f),
      '',
      '- [ ] Replace the shared trial license key with a customer license key',
      '- [ ] Remove the instance from the trial license rotation (it no longer gets the rotated key)',
      '- [ ] Keep the instance and its data running',
    ].join('\n'),
  });
}

export function domainChangeIssue(f: TrialIssueFacts & { key: string; vanity: string }): IssueDraft {
  return draft({
    title: `Cloud instance domain change: ${f.instanceUrl ?? f.domain} → ${f.vanity}`,
    labels: ['cloud-trial', 'domain-change', 'trialbot'],
    body: [
      issueMarker(f.key),
      `Please change the domain of ${verbatimGitHub(f.instanceUrl ?? f.domain)} to **${md(f.vanity)}**.`,
      '',
      ...trialTable(f),
      line('New domain', f.vanity),
      '',
      '### Before the change, tell the instance admin that they will need to',
      '- [ ] reconfigure the auth provider (if using SSO): sign-in is broken until they do',
      '- [ ] reconfigure the auth provider used for permission syncing: repository permissions stop syncing until they do',
      '- [ ] reconfigure webhooks, if they set any up',
      '- [ ] update hard-coded links to the instance: every link to the old domain will break',
    ].join('\n'),
  });
}

export function poolLowIssue(f: { key: string; left: number; at: string }): IssueDraft {
  return draft({
    title: `Cloud trial pool is running low (${f.left} pre-provisioned instance${f.left === 1 ? '' : 's'} left)`,
    labels: ['cloud-trial', 'pool-low', 'trialbot'],
    body: [
      issueMarker(f.key),
      `Only ${f.left} pre-provisioned trial instance${f.left === 1 ? ' is' : 's are'} left in the pool (as of ${f.at}).`,
      'Pre-qualified signups get a pool instance instantly; with the pool empty they wait for an instance request.',
      'Please provision more and add them with `npm run admin -- import-instances FILE` (empty domain and admin email).',
    ].join('\n'),
  });
}
