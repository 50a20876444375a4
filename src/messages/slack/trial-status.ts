import { issueKindName } from '../issue-kinds.js';
import { instanceText } from './instance-text.js';
import { humanDay, humanTime } from '../../core/human-date.js';
import { actorText, auditDetail } from './audit-entry.js';
import { channelLink, link, mention, userText } from '../../core/mrkdwn.js';
import { context, divider, fields, header, message, section, slackDate, type Block, type SlackMessage } from './block-kit.js';
import { statusLabel } from './trial-card.js';

export interface TrialStatusView {
  trialId: string;
  caseCode: string;
  status: string;
  company: string | null;
  domain: string;
  prospectName: string | null;
  prospectEmail: string;
  instanceUrl: string | null;
  spaceChannelId: string | null;
  aeId: string | null;
  ceId: string | null;
  sdrId: string | null;
  namedSdrId: string | null;
  /** Local dates (YYYY-MM-DD) in TIMEZONE. */
  startedOn: string | null;
  endsOn: string | null;
  endedOn: string | null;
  endReason: string | null;
  today: string;
  /** Days since the start date: the deadlines call the end of the first 15 "day 15". Null unless running. */
  dayOfTrial: number | null;
  /** Days from today to the end date; negative when the decision is overdue. Null unless running. */
  daysLeft: number | null;
  grade: { grade: string; description: string; searches: number; daysActive: number } | null;
  openIssues: Array<{ kind: string; number: number; url: string; title: string }>;
  recent: Array<{ at: string; actor: string; action: string; detail: string | null }>;
  welcomedAt?: string | null;
  welcomedBy?: string | null;
  zone?: string;
}

function daysLeftText(n: number): string {
  if (n > 1) return `${n} days left`;
  if (n === 1) return '1 day left';
  if (n === 0) return 'ends today';
  return `:warning: ${-n} day${n === -1 ? '' : 's'} past the end date: extend, convert or terminate`;
}

function datesText(v: TrialStatusView): string {
  if (v.endedOn)
    return `${v.startedOn ? `started ${humanDay(v.startedOn)} · ` : ''}ended ${humanDay(v.endedOn)}${v.endReason && v.status === 'terminated' ? ` (${userText(v.endReason, 200)})` : ''}`;
  if (!v.startedOn)
    return `not started yet${v.status === 'queued' ? ' (waiting for an instance slot)' : v.status === 'provisioning' ? ' (instance being provisioned)' : ''}`;
  const parts = [`started ${humanDay(v.startedOn)}`, v.endsOn ? `ends ${humanDay(v.endsOn)}` : 'no end date yet'];
  if (v.dayOfTrial !== null) parts.push(`day ${v.dayOfTrial} of the trial`);
  if (v.daysLeft !== null) parts.push(daysLeftText(v.daysLeft));
  return parts.join(' · ');
}

/** `/trial status`: the trial at a glance, for anyone. Every stored string is escaped. */
export function trialStatus(v: TrialStatusView): SlackMessage {
  const company = v.company ?? v.domain;
  const owners: Array<[string, string]> = [
    ['AE', mention(v.aeId)],
    ['CE', mention(v.ceId)],
    [
      'SDR',
      v.sdrId || v.namedSdrId
        ? [v.sdrId, v.namedSdrId]
            .filter((x): x is string => !!x)
            .map(mention)
            .join(', ')
        : 'none',
    ],
  ];
  const blocks: Block[] = [
    header(`Trial status: ${company}`),
    section(`*${userText(company, 150)}* · ${userText(v.domain, 200)} · Case ${userText(v.caseCode, 5)} · ${statusLabel[v.status] ?? userText(v.status, 30)}`),
    section(`*Dates* ${datesText(v)}`),
    fields([
      ...owners,
      ['Prospect', `${userText(v.prospectName ?? v.prospectEmail, 150)}\n${userText(v.prospectEmail, 254)}`],
      ['Instance', instanceText(v)],
      [
        'Usage',
        v.grade
          ? `${v.grade.grade} · ${userText(v.grade.description, 200)}\n${v.grade.searches} search${v.grade.searches === 1 ? '' : 'es'}, ${v.grade.daysActive} day${v.grade.daysActive === 1 ? '' : 's'} active`
          : v.instanceUrl
            ? 'unknown: the instance has reported no activity yet'
            : 'unknown until the instance is ready',
      ],
      ['Space', channelLink(v.spaceChannelId)],
      ...(v.status === 'active'
        ? ([
            ['Welcome', v.welcomedAt && v.welcomedBy ? `sent — ${mention(v.welcomedBy)}, ${humanTime(v.welcomedAt, v.zone ?? 'UTC')}` : 'not sent yet'],
          ] as Array<[string, string]>)
        : []),
    ]),
    section(
      `*Open issues*\n${
        v.openIssues.length === 0
          ? 'none'
          : v.openIssues
              .slice(0, 10)
              .map((i) => `• ${issueKindName(i.kind)}: ${link(i.url, `#${i.number}`)} ${userText(i.title, 150)}`)
              .join('\n')
      }`,
    ),
  ];
  if (v.recent.length > 0) {
    blocks.push(divider());
    blocks.push(
      section(
        `*Last actions*\n${v.recent
          .slice(-5)
          .map(
            (r) =>
              `• ${slackDate(r.at, '{date_short} {time}')} ${actorText(r.actor)}: ${userText(r.action, 100)}${r.detail ? ` — ${auditDetail(r.detail, 200)}` : ''}`,
          )
          .join('\n')}`,
      ),
    );
  }
  blocks.push(context(`Trial \`${v.trialId}\``));
  const summary = v.endedOn ? `${v.status}` : v.daysLeft !== null ? daysLeftText(v.daysLeft).replace(/^:warning: /, '') : v.status;
  return message(`Trial ${userText(company, 100)}: ${summary}`, blocks);
}
