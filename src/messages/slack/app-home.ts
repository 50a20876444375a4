import { channelLink, userText } from '../../core/mrkdwn.js';
import { context, divider, header, section, type Block } from './block-kit.js';

export interface AppHomeView {
  roles: string[];
  trials: Array<{ id: string; company: string | null; domain: string; status: string; endsOn: string | null; spaceChannelId: string | null; role: string }>;
}

/** The bot's Home tab: the person's roles and the trials they own, soonest deadline first. */
export function appHome(v: AppHomeView): { type: 'home'; blocks: Block[] } {
  const blocks: Block[] = [header('Your cloud trials')];
  blocks.push(
    context(
      v.roles.length ? `Your roles: ${v.roles.join(', ')}` : 'You are not in the trialbot roster. An admin adds people with `npm run admin -- import-roster`.',
    ),
  );
  if (v.trials.length === 0) {
    blocks.push(section('No open trials are yours right now.'));
  } else {
    for (const t of v.trials.slice(0, 40)) {
      blocks.push(
        section(
          `*${userText(t.company ?? t.domain, 150)}* · ${userText(t.domain, 200)} · you are ${t.role}\n${t.status}${t.endsOn ? ` · ends ${t.endsOn}` : ''} · ${channelLink(t.spaceChannelId)}`,
        ),
      );
    }
  }
  blocks.push(divider(), context('Type `/trial help` in any channel for what you can do.'));
  return { type: 'home', blocks };
}
