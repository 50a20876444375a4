import { humanTime } from '../../core/human-date.js';
import { channelLink, mention, userText } from '../../core/mrkdwn.js';
import { context, header, message, section, type SlackMessage } from './block-kit.js';
import { statusLabel } from './trial-card.js';

/** One trial of a company, as `/trial history` lists it. */
export interface CompanyTrial {
  id: string;
  caseCode: string;
  status: string;
  company: string | null;
  createdAt: string;
  endedAt: string | null;
  endReason: string | null;
  spaceChannelId: string | null;
  aeId: string | null;
  ceId: string | null;
}

export interface CompanyHistoryView {
  domain: string;
  zone: string;
  trials: CompanyTrial[];
}

/** `/trial history DOMAIN`: every trial the company ever had, newest first, ended ones included. */
export function companyHistory(v: CompanyHistoryView): SlackMessage {
  const domain = userText(v.domain, 200);
  if (v.trials.length === 0) return message(`No trial in trialbot for ${v.domain}.`, [section(`No trial in trialbot for *${domain}*. Nothing was changed.`)]);
  const lines = v.trials.map((t) => {
    const ended = t.endedAt ? ` · ended ${humanTime(t.endedAt, v.zone)}${t.endReason ? ` — ${userText(t.endReason, 200)}` : ''}` : '';
    const owners = t.aeId || t.ceId ? ` · AE ${mention(t.aeId)}, CE ${mention(t.ceId)}` : '';
    const space = t.spaceChannelId ? ` · ${channelLink(t.spaceChannelId)}` : '';
    return `• *Case ${userText(t.caseCode, 5)}* · ${statusLabel[t.status] ?? userText(t.status, 30)} · signed up ${humanTime(t.createdAt, v.zone)}${ended}${owners}${space} · \`${userText(t.id, 20)}\``;
  });
  return message(`Trials of ${v.domain}: ${v.trials.length}`, [
    header(`Trials of ${v.trials[0]?.company ?? v.domain}`),
    section(lines.join('\n')),
    context(`Every trial *${domain}* had in trialbot, newest first. \`/trial status <trial>\` shows one in detail.`),
  ]);
}
