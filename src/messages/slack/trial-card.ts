import { issueKindName } from '../issue-kinds.js';
import { instanceText } from './instance-text.js';
import { actorText, auditDetail } from './audit-entry.js';
import { humanDay, humanTime } from '../../core/human-date.js';
import { link, mention, userText } from '../../core/mrkdwn.js';
import { actions, context, divider, fields, header, message, section, slackDate, type Block, type SlackMessage } from './block-kit.js';
import { ActionId } from './ids.js';

export interface TrialCardView {
  trialId: string;
  /** When the instance was first used for real, and first reached PQL (grade B); the space was told of each. */
  firstRealUseAt?: string | null;
  pqlAt?: string | null;
  zone?: string;
  welcomedAt?: string | null;
  welcomedBy?: string | null;
  caseCode: string;
  status: string;
  company: string | null;
  domain: string;
  prospectName: string | null;
  prospectEmail: string;
  instanceUrl: string | null;
  aeId: string | null;
  ceId: string | null;
  sdrId: string | null;
  /** The inbound SDR who qualified the lead (Case 3), when known. */
  decidedBy?: string | null;
  namedSdrId: string | null;
  createdAt: string;
  startedAt: string | null;
  endsOn: string | null;
  grade: { grade: string; description: string } | null;
  issues: Array<{ kind: string; number: number; url: string; state: string }>;
  recent: Array<{ at: string; actor: string; action: string; detail: string | null }>;
  /** The Salesforce opportunity, once an SDR recorded it. */
  opportunity?: { by: string; at: string } | null;
}

export const statusLabel: Record<string, string> = {
  triage: ':mag: waiting for triage',
  queued: ':hourglass: queued: at instance capacity',
  provisioning: ':construction: instance being provisioned',
  active: ':large_green_circle: trial running',
  existing: ':large_blue_circle: existing instance',
  disqualified: ':no_entry: disqualified',
  terminated: ':red_circle: terminated',
  converted: ':tada: converted',
};

/** Who qualified the lead, and the SDR working it when the rules of engagement gave it to someone else. */
function sdrFields(v: TrialCardView): Array<[string, string]> {
  const decider = v.decidedBy === undefined ? v.sdrId : v.decidedBy;
  const out: Array<[string, string]> = [];
  if (decider) out.push(['Qualified by', mention(decider)]);
  if (v.sdrId && v.sdrId !== decider) out.push(['SDR', mention(v.sdrId)]);
  return out;
}

const nonEmptyFields = (pairs: Array<[string, string]>): Block[] => (pairs.length > 0 ? [fields(pairs)] : []);

/** The first message of a trial space: who, what, which instance, whose, until when. */
export function trialCard(v: TrialCardView): SlackMessage {
  const company = userText(v.company ?? v.domain, 150);
  const blocks: Block[] = [
    header(`Cloud trial: ${v.company ?? v.domain}`),
    section(`*${company}* · ${userText(v.domain, 200)} · Case ${v.caseCode} · ${statusLabel[v.status] ?? v.status}`),
    fields([
      ['Prospect', `${userText(v.prospectName ?? v.prospectEmail, 150)}\n${userText(v.prospectEmail, 254)}`],
      ['Instance', instanceText(v)],
      ['AE', mention(v.aeId)],
      ['CE', mention(v.ceId)],
      ...sdrFields(v),
      ...(v.namedSdrId ? ([['Named SDR', mention(v.namedSdrId)]] as Array<[string, string]>) : []),
      ['Started', v.startedAt ? slackDate(v.startedAt, '{date_short_pretty}') : '_when the instance is ready_'],
      ['Ends', v.endsOn ? humanDay(v.endsOn) : '_when the instance is ready_'],
    ]),
    // Slack takes ten fields a section: where the trial stands goes in a second one (when there is any).
    ...nonEmptyFields([
      ...(v.opportunity
        ? ([['Opportunity', `created by ${mention(v.opportunity.by)} ${slackDate(v.opportunity.at, '{date_short_pretty}')}`]] as Array<[string, string]>)
        : []),
      ...(v.grade
        ? ([['Usage', `${v.grade.grade} · ${v.grade.description}`]] as Array<[string, string]>)
        : v.instanceUrl && v.status === 'active'
          ? ([['Usage', 'unknown: no activity reported yet']] as Array<[string, string]>)
          : []),
      ...(v.status === 'active'
        ? ([
            ['Welcome', v.welcomedAt && v.welcomedBy ? `sent — ${mention(v.welcomedBy)}, ${humanTime(v.welcomedAt, v.zone ?? 'UTC')}` : 'not sent yet'],
          ] as Array<[string, string]>)
        : []),
      ...(v.firstRealUseAt || v.pqlAt
        ? ([
            [
              'Milestones',
              [
                v.firstRealUseAt ? `first real use ${humanTime(v.firstRealUseAt, v.zone ?? 'UTC')}` : null,
                v.pqlAt ? `:star: PQL since ${humanTime(v.pqlAt, v.zone ?? 'UTC')}` : null,
              ]
                .filter(Boolean)
                .join('\n'),
            ],
          ] as Array<[string, string]>)
        : []),
    ]),
  ];
  if (v.issues.length > 0) {
    blocks.push(
      section(
        `*Issues*\n${v.issues
          .slice(0, 10)
          .map((i) => `• ${issueKindName(i.kind)}: ${link(i.url, `#${i.number}`)}${i.state === 'closed' ? ' (closed)' : ''}`)
          .join('\n')}`,
      ),
    );
  }
  if (v.recent.length > 0) {
    blocks.push(divider());
    blocks.push(
      context(
        ...v.recent
          .slice(-5)
          .map(
            (r) =>
              `${slackDate(r.at, '{date_short} {time}')} ${actorText(r.actor)}: ${userText(r.action, 100)}${r.detail ? ` — ${auditDetail(r.detail, 200)}` : ''}`,
          ),
      ),
    );
  }
  // The whole trail is a click away (for the person who clicks); the CLI's audit command is for admins at a shell.
  blocks.push(actions(`history:${v.trialId}`, [{ actionId: ActionId.History, text: 'History', value: v.trialId }]));
  blocks.push(context(`Trial \`${v.trialId}\` · \`/trial status\` here for the details`));
  return message(`Cloud trial: ${userText(v.company ?? v.domain, 100)}`, blocks);
}
