import { actorText, auditDetail } from './audit-entry.js';
import { humanTime } from '../../core/human-date.js';
import { userText } from '../../core/mrkdwn.js';
import { context, header, message, section, type Block, type SlackMessage } from './block-kit.js';

export interface TrialHistoryView {
  trialId: string;
  company: string | null;
  domain: string;
  /** Newest first. */
  entries: Array<{ at: string; actor: string; action: string; detail: string | null }>;
  /** Entries older than those shown. */
  more: number;
  zone: string;
}

/** The trial's audit trail, newest first, for the person who clicked History. */
export function trialHistory(v: TrialHistoryView): SlackMessage {
  const company = userText(v.company ?? v.domain, 100);
  const lines = v.entries.map(
    (e) => `*${humanTime(e.at, v.zone)}* · ${actorText(e.actor)}: ${userText(e.action, 100)}${e.detail ? ` — ${auditDetail(e.detail)}` : ''}`,
  );
  // Sections hold 3,000 characters: the lines go in as many as they need.
  const sections: Block[] = [];
  let chunk = '';
  for (const line of lines) {
    if (chunk && chunk.length + line.length + 1 > 2900) {
      sections.push(section(chunk));
      chunk = '';
    }
    chunk = chunk ? `${chunk}\n${line}` : line;
  }
  if (chunk) sections.push(section(chunk));
  const blocks: Block[] = [
    header(`History: ${v.company ?? v.domain}`),
    ...(sections.length ? sections : [section('Nothing recorded yet.')]),
    ...(v.more > 0 ? [context(`${v.more} older ${v.more === 1 ? 'entry' : 'entries'} not shown.`)] : []),
  ];
  return message(`History of the cloud trial for ${company}`, blocks);
}
