import { humanDay } from '../../core/human-date.js';
import { daysBetween } from '../../core/day-count.js';
import { channelLink, userText } from '../../core/mrkdwn.js';
import { context, header, message, section, type Block, type SlackMessage } from './block-kit.js';
import { statusLabel } from './trial-card.js';

export interface TrialListItem {
  id: string;
  company: string | null;
  domain: string;
  status: string;
  endsOn: string | null;
  spaceChannelId: string | null;
  /** The caller's part in the trial. */
  role: 'AE' | 'CE' | 'AE and CE' | 'SDR';
}

const SHOWN = 40;

function deadline(endsOn: string | null, today: string): string {
  if (!endsOn) return 'no end date yet (not started)';
  const left = daysBetween(today, endsOn);
  if (left > 1) return `ends ${humanDay(endsOn)} (${left} days left)`;
  if (left === 1) return `ends ${humanDay(endsOn)} (tomorrow)`;
  if (left === 0) return `ends ${humanDay(endsOn)} (today)`;
  return `:warning: ended ${humanDay(endsOn)} (${-left} day${left === -1 ? '' : 's'} ago): needs a decision`;
}

/** `/trial list`: the caller's open trials, already sorted soonest deadline first. */
export function trialList(items: TrialListItem[], today: string): SlackMessage {
  if (items.length === 0) {
    return message('You have no open trials as AE or CE, and no leads as SDR.', [
      section('You have no open trials as AE or CE, and no leads as SDR.'),
      context('`/trial status &lt;trial&gt;` looks up any trial.'),
    ]);
  }
  const blocks: Block[] = [header(`Your open trials (${items.length})`)];
  for (const t of items.slice(0, SHOWN)) {
    blocks.push(
      section(
        `*${userText(t.company ?? t.domain, 150)}* · ${userText(t.domain, 200)} · you are ${t.role}\n` +
          `${statusLabel[t.status] ?? userText(t.status, 30)} · ${deadline(t.endsOn, today)} · ${channelLink(t.spaceChannelId)} · \`${userText(t.id, 20)}\``,
      ),
    );
  }
  if (items.length > SHOWN) blocks.push(context(`…and ${items.length - SHOWN} more.`));
  blocks.push(context('`/trial status &lt;trial&gt;` for one trial in detail.'));
  const [first] = items;
  const next = first ? `; next: ${userText(first.company ?? first.domain, 100)} ${deadline(first.endsOn, today).replace(/^:warning: /, '')}` : '';
  return message(`You have ${items.length} open trial${items.length === 1 ? '' : 's'}${next}`, blocks);
}
