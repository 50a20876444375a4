// The app's Home tab in the sandbox: shown like a conversation in the sidebar ("trialbot · Home"),
// drawn from what the bot published for the viewer with views.publish; opening it sends the bot the
// signed `app_home_opened` event Slack would.
import type { FakeSlack } from '../fakes/slack-api.js';
import { renderMessage } from './render-blocks.js';
import type { Directory } from './render-mrkdwn.js';
import { postSlackEvent, type SignedClient } from './signed-requests.js';

export const HOME_ID = '@home';

export function homeChannel(slack: FakeSlack, viewer: string, dir: Directory) {
  const opened = slack.homes.has(viewer);
  return {
    id: HOME_ID,
    name: 'trialbot · Home',
    kind: 'home' as const,
    dmUser: null,
    private: false,
    archived: false,
    alerts: false,
    topic: `The Home tab trialbot shows ${dir.userName(viewer) ?? viewer}`,
    purpose: opened ? '' : 'opening…',
    members: [],
    messageCount: 0,
  };
}

/** The viewer's published tab as one message-like entry, so the page draws (and clicks) it like any other. */
export function homeMessages(slack: FakeSlack, viewer: string, dir: Directory, now: Date) {
  const view = slack.homes.get(viewer) as { blocks?: unknown[] } | undefined;
  if (!view) return [];
  return [
    {
      ts: 'home',
      threadTs: null,
      author: slack.botName,
      authorId: slack.botUserId,
      isBot: true,
      time: now.toISOString(),
      html: renderMessage({ blocks: view.blocks ?? [] }, dir),
      edited: false,
      ephemeral: false,
      replies: [],
    },
  ];
}

let opened = 0;

/** The viewer opens the Home tab: Slack's `app_home_opened` event, signed. */
export function openHome(client: SignedClient, viewer: string) {
  opened += 1;
  return postSlackEvent(
    client,
    { type: 'app_home_opened', user: viewer, channel: `D${viewer}`, tab: 'home', event_ts: `${Date.now() / 1000}` },
    `EvSandboxHome${Date.now()}${opened}`,
  );
}

/** Images shared with a message (the weekly digest's chart), drawn inline from their uploaded bytes. */
export function fileImages(slack: FakeSlack, files: Array<{ id: string }> | undefined): string {
  return (files ?? [])
    .map((ref) => slack.file(ref.id))
    .filter((f) => f?.bytes && /\.(png|jpe?g|gif)$/i.test(f.name))
    .map((f) => {
      const type = /\.png$/i.test(f?.name ?? '') ? 'png' : 'jpeg';
      const alt = (f?.altText ?? f?.title ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
      return `<img class="block-img" data-testid="file-image" src="data:image/${type};base64,${f?.bytes?.toString('base64') ?? ''}" alt="${alt}" title="${alt}">`;
    })
    .join('');
}
