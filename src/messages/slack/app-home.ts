import { humanDay } from '../../core/human-date.js';
import { channelLink, userText } from '../../core/mrkdwn.js';

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
  triage: 'waiting for triage',
  queued: 'waiting for capacity',
  provisioning: 'instance being set up',
  active: 'running',
  existing: 'instance from before trialbot',
};
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
      v.roles.length
        ? `Your roles: ${v.roles.map((r) => roleWords[r] ?? r).join(', ')}`
        : 'You are not in the trialbot roster yet: ask a trialbot admin to add you.',
    ),
  );
  if (v.trials.length === 0) {
    blocks.push(section('No open trials are yours right now.'));
  } else {
    if (v.trials.length > 40) blocks.push(context(`Your 40 soonest of ${v.trials.length} open trials; \`/trial list\` shows them all.`));
    for (const t of v.trials.slice(0, 40)) {
      blocks.push(
        section(
          `*${userText(t.company ?? t.domain, 150)}* · ${userText(t.domain, 200)} · you are its ${t.role}\n${statusWords[t.status] ?? t.status}${t.endsOn ? ` · ends ${humanDay(t.endsOn)}` : ''}${t.spaceChannelId ? ` · ${channelLink(t.spaceChannelId)}` : ''}`,
        ),
      );
    }
  }
  blocks.push(divider(), context('Type `/trial help` in any channel for what you can do.'));
  return { type: 'home', blocks };
}
