import { humanDay } from '../../core/human-date.js';
import { channelLink, mention, userText } from '../../core/mrkdwn.js';
import { TRIAGE_SLA_MINUTES, triageSla } from '../../core/triage-sla.js';
import { weekLabel } from '../../core/funnel-weeks.js';
import { duration, percent } from '../funnel-wording.js';
import { conversionRate } from '../../core/funnel.js';
import type { AppHomeView, HomeLead, HomeTrial } from './app-home-view.js';
import { actions, context, divider, header, Limits, section, type Block } from './block-kit.js';
import { decisionButtons } from './decision-buttons.js';
import { ActionId } from './ids.js';

export type { AppHomeView };

/** Roles and statuses as people say them, not as the database spells them. */
const roleWords: Record<string, string> = {
  inbound_sdr: 'inbound SDR',
  sdr: 'SDR',
  ae: 'AE',
  ce: 'CE',
  license_owner: 'license owner',
  feedback_owner: 'feedback owner',
  admin: 'admin',
};
const statusWords: Record<string, string> = {
  queued: 'waiting for capacity',
  provisioning: 'instance being set up',
  active: 'running',
  existing: 'instance from before trialbot',
};

/** How many of each list fit in Slack's 50 blocks beside the rest of the tab (a trial with buttons takes two). */
function shown(v: AppHomeView): { mine: number; leads: number; team: number } {
  if (v.team) return { mine: 6, leads: 5, team: 12 };
  if (v.leads) return { mine: 8, leads: 12, team: 0 };
  return { mine: 20, leads: 0, team: 0 };
}

const thisYear = (v: AppHomeView) => Number(v.now.slice(0, 4));

function trialLine(t: HomeTrial, v: AppHomeView): string {
  const company = `*${userText(t.company ?? t.domain, 150)}* · ${userText(t.domain, 200)} · Case ${userText(t.caseCode, 5)}`;
  const facts = [
    statusWords[t.status] ?? userText(t.status, 30),
    ...(t.day !== null && t.length !== null ? [`day ${t.day} of ${t.length}`] : []),
    ...(t.grade ? [`usage grade ${t.grade}`] : []),
    ...(t.nextDecisionOn ? [`decision due ${humanDay(t.nextDecisionOn, thisYear(v))}`] : t.endsOn ? [`ends ${humanDay(t.endsOn, thisYear(v))}`] : []),
    ...(t.openIssues > 0 ? [`${t.openIssues} open issue${t.openIssues === 1 ? '' : 's'}`] : []),
    ...(t.spaceChannelId ? [channelLink(t.spaceChannelId)] : []),
  ];
  const owners = t.role ? `you are its ${t.role}` : `AE ${mention(t.aeId)} · CE ${mention(t.ceId)}`;
  return `${company} · ${owners}\n${facts.join(' · ')}`;
}

function mineBlocks(v: AppHomeView, max: number): Block[] {
  const blocks: Block[] = [section(`*Your open trials* (${v.mineTotal}), soonest decision first`)];
  if (v.mine.length === 0) return [...blocks, context('No open trials are yours right now.')];
  for (const t of v.mine.slice(0, max)) {
    blocks.push(section(trialLine(t, v)));
    // A CE or AE acts on the trial; an SDR who sourced it only follows it.
    if (t.role !== 'SDR' && t.status !== 'existing') {
      blocks.push(actions(`home:${t.id}`, decisionButtons({ trialId: t.id, company: t.company ?? t.domain, running: t.status === 'active' })));
    }
  }
  if (v.mineTotal > max) blocks.push(context(`…and ${v.mineTotal - max} more. Type \`/trial list\` for all of them.`));
  return blocks;
}

function leadLine(l: HomeLead, v: AppHomeView): string {
  const now = new Date(v.now);
  const age = duration(now.getTime() - Date.parse(l.createdAt));
  const late = triageSla(new Date(l.createdAt), null, now) === 'missed';
  const sla = late ? `:warning: past the ${TRIAGE_SLA_MINUTES}-minute target` : `within the ${TRIAGE_SLA_MINUTES}-minute target so far`;
  return `*${userText(l.company ?? l.domain, 150)}* · ${userText(l.email, 200)}\nwaiting ${age} · ${sla}`;
}

function leadBlocks(v: AppHomeView, max: number): Block[] {
  if (!v.leads) return [];
  const blocks: Block[] = [divider(), section(`*Leads waiting for triage* (${v.leadsTotal}), oldest first`)];
  if (v.leads.length === 0) return [...blocks, context('No lead is waiting. :tada:')];
  for (const l of v.leads.slice(0, max)) {
    blocks.push(
      section(leadLine(l, v)),
      actions(`home-triage:${l.id}`, [
        { actionId: ActionId.Qualify, text: 'Qualify', value: l.id, style: 'primary' },
        { actionId: ActionId.Disqualify, text: 'Disqualify', value: l.id, style: 'danger' },
      ]),
    );
  }
  if (v.leadsTotal > max) blocks.push(context(`…and ${v.leadsTotal - max} more, in #cloud-trial-alerts.`));
  return blocks;
}

/** The admin's team list: each trial with a menu to hand it to another AE or CE. */
function teamBlocks(v: AppHomeView, max: number): Block[] {
  if (!v.team) return [];
  const blocks: Block[] = [divider(), section(`*Every open trial* (${v.teamTotal}), soonest decision first`)];
  if (v.team.length === 0) return [...blocks, context('No trial is open.')];
  for (const t of v.team.slice(0, max)) {
    blocks.push({
      ...section(trialLine(t, v)),
      accessory: {
        type: 'overflow',
        action_id: ActionId.Reassign,
        options: (['ae', 'ce'] as const).map((role) => ({
          text: { type: 'plain_text', text: `Reassign the ${role.toUpperCase()}…` },
          value: `${role}:${t.id}`,
        })),
      },
    });
  }
  if (v.teamTotal > max) blocks.push(context(`…and ${v.teamTotal - max} more, soonest decisions shown first.`));
  return blocks;
}

function funnelBlocks(v: AppHomeView): Block[] {
  if (!v.funnel) return [];
  const lines = v.funnel.map((r) => {
    const rate = conversionRate(r);
    return `• *${weekLabel(r.week)}*: ${r.signups} signed up · ${r.qualified} qualified · ${r.ready} ready · ${r.activatedByDay15} activated · ${r.converted} converted${rate === null ? '' : ` (${percent(rate)} of ready)`}`;
  });
  return [divider(), section(`*The trial funnel, last ${v.funnel.length} weeks* (by signup week)\n${lines.join('\n')}`)];
}

/** The bot's Home tab: what the person's roles give them to act on, each with its one click. */
export function appHome(v: AppHomeView): { type: 'home'; blocks: Block[] } {
  const max = shown(v);
  const blocks: Block[] = [
    header('Your cloud trials'),
    context(
      v.roles.length
        ? `Your roles: ${v.roles.map((r) => roleWords[r] ?? userText(r, 30)).join(', ')}`
        : 'You are not in the trialbot roster yet: ask a trialbot admin to add you.',
    ),
    ...(v.roles.length ? mineBlocks(v, max.mine) : []),
    ...leadBlocks(v, max.leads),
    ...teamBlocks(v, max.team),
    ...funnelBlocks(v),
  ];
  blocks.push(divider(), context('Type `/trial help` in any channel for what you can do.'));
  return { type: 'home', blocks: blocks.slice(0, Limits.blocks) };
}
