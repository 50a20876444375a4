import { humanDay } from '../../core/human-date.js';
import { issueKindName } from '../issue-kinds.js';

export interface SpaceTopicView {
  instanceUrl: string | null;
  status: string;
  nextDecisionOn: string | null;
  endsOn: string | null;
  issues: Array<{ kind: string; number: number; url: string; state: string }>;
}

/** Slack's limit for a channel topic. */
const TOPIC_MAX = 250;

/** The trial's channel topic: where the instance is, what is due next, which issues are open. Plain text. */
export function spaceTopic(v: SpaceTopicView): string {
  const open = v.issues.filter((i) => i.state === 'open');
  const parts = [
    v.instanceUrl ? `Instance: ${v.instanceUrl}` : 'Instance: not ready yet',
    v.status === 'converted'
      ? 'Converted'
      : v.status === 'terminated'
        ? 'Terminated'
        : v.nextDecisionOn
          ? `Next decision: ${humanDay(v.nextDecisionOn)}`
          : v.endsOn
            ? `Ends ${humanDay(v.endsOn)}`
            : null,
    open.length ? `Open issues: ${open.map((i) => `#${i.number} ${issueKindName(i.kind)}`).join(', ')}` : null,
  ].filter((p): p is string => p !== null);
  const topic = parts.join(' · ');
  return topic.length <= TOPIC_MAX ? topic : `${topic.slice(0, TOPIC_MAX - 1)}…`;
}

/** The channel's bookmarks: the instance, and each issue for the cloud team. */
export function spaceBookmarks(v: SpaceTopicView): Array<{ title: string; link: string }> {
  return [
    ...(v.instanceUrl ? [{ title: 'Instance', link: v.instanceUrl }] : []),
    ...v.issues.map((i) => ({ title: `#${i.number} ${issueKindName(i.kind)}`, link: i.url })),
  ];
}

/** The note the day before the channel is archived. */
export function archiveNote(on: string): string {
  return `:file_cabinet: This trial has ended: its channel is archived on ${humanDay(on)}. Anything worth keeping, pin it or copy it somewhere it lives on.`;
}
