// What the sandbox page shows, read from the stand-ins and the database, as one JSON document
// for one viewer (ephemerals and modals are only theirs, as in Slack).
import { outboxEmails } from '../stores/outbox-store.js';
import { rosterPeople } from '../stores/people-store.js';
import type { Db } from '../db/open-database.js';
import type { FakeChannel, FakeMessage, FakeSlack } from '../fakes/slack-api.js';
import type { FakeGitHub } from '../fakes/github-api.js';
import type { Job } from '../jobs/job.js';
import type { JobOutcome } from '../scheduler.js';
import { renderMessage, renderView } from './render-blocks.js';
import { fileImages, HOME_ID, homeChannel, homeMessages } from './sandbox-home.js';
import type { Directory } from './render-mrkdwn.js';
import { outsider } from './demo-data.js';

/** An answer only its viewer sees that did not come through chat.postEphemeral (a command's ack). */
export interface LocalEphemeral {
  channel: string;
  user: string;
  text: string;
  blocks?: unknown[];
  ts: string;
}

export interface StateSources {
  db: Db;
  slack: FakeSlack;
  github: FakeGitHub;
  repo: string;
  alertsChannel: string;
  timezone: string;
  now: () => Date;
  clockOffsetMs: () => number;
  jobs: Job[];
  lastJob: () => (JobOutcome & { at: string }) | null;
  localEphemerals: () => LocalEphemeral[];
}

export interface PersonView {
  id: string;
  name: string;
  email: string;
  roles: string[];
}

export interface MessageView {
  ts: string;
  threadTs: string | null;
  author: string;
  authorId: string;
  isBot: boolean;
  time: string;
  html: string;
  edited: boolean;
  ephemeral: boolean;
  replies: MessageView[];
}

export function people(db: Db): PersonView[] {
  const rows = rosterPeople(db);
  const byId = new Map<string, PersonView>();
  for (const r of rows) {
    const p = byId.get(r.id) ?? { id: r.id, name: r.name, email: r.email, roles: [] };
    p.roles.push(r.role);
    byId.set(r.id, p);
  }
  return [...byId.values(), { ...outsider, roles: [] }];
}

export function directory(slack: FakeSlack): Directory {
  return {
    userName: (id) => {
      const u = slack.user(id);
      return u ? u.realName || u.name : undefined;
    },
    channelName: (id) => {
      const c = slack.channel(id);
      if (!c) return undefined;
      return c.is_im ? `dm-${slack.user(c.user ?? '')?.name ?? c.user}` : c.name;
    },
  };
}

const tsToDate = (ts: string) => new Date(Number(ts.split('.')[0]) * 1000);

function channelView(slack: FakeSlack, c: FakeChannel, alertsChannel: string) {
  const dir = directory(slack);
  return {
    id: c.id,
    name: c.is_im ? (dir.userName(c.user ?? '') ?? c.user ?? c.id) : c.name,
    kind: c.is_im ? ('dm' as const) : ('channel' as const),
    dmUser: c.is_im ? (c.user ?? null) : null,
    private: c.is_private && !c.is_im,
    archived: c.is_archived,
    alerts: c.id === alertsChannel,
    topic: c.topic.value,
    purpose: c.purpose.value,
    members: c.members.map((m) => dir.userName(m) ?? m),
    messageCount: slack.messagesIn(c.id).length,
    bookmarks: slack.bookmarksOf(c.id).map((b) => ({ title: b.title, link: b.link })),
  };
}

/** Top-level messages with their replies under them, the viewer's ephemerals in place. */
function timeline(src: StateSources, channelId: string, viewer: string): MessageView[] {
  const { slack } = src;
  const dir = directory(slack);
  const authorOf = (user: string) => dir.userName(user) ?? user;
  const toView = (m: FakeMessage): MessageView => ({
    ts: m.ts,
    threadTs: m.thread_ts && m.thread_ts !== m.ts ? m.thread_ts : null,
    author: m.bot_id || m.user === slack.botUserId ? slack.botName : authorOf(m.user),
    authorId: m.user,
    isBot: Boolean(m.bot_id) || m.user === slack.botUserId,
    time: tsToDate(m.ts).toISOString(),
    html: renderMessage(m, dir) + fileImages(slack, m.files),
    edited: Boolean(m.edited),
    ephemeral: false,
    replies: [],
  });
  const ephemeralView = (e: { text: string; blocks?: unknown[]; ts: string; threadTs?: string }): MessageView => ({
    ts: e.ts,
    threadTs: e.threadTs ?? null,
    author: slack.botName,
    authorId: slack.botUserId,
    isBot: true,
    time: tsToDate(e.ts).toISOString(),
    html: renderMessage(e, dir),
    edited: false,
    ephemeral: true,
    replies: [],
  });
  const all = [
    ...slack.messagesIn(channelId).map(toView),
    ...slack
      .ephemeralsFor(viewer)
      .filter((e) => e.channel === channelId)
      .map((e) => ephemeralView({ text: e.text, blocks: e.blocks, ts: e.message_ts, threadTs: e.thread_ts })),
    ...src
      .localEphemerals()
      .filter((e) => e.user === viewer && e.channel === channelId)
      .map((e) => ephemeralView(e)),
  ].sort((a, b) => Number(a.ts) - Number(b.ts));
  const top: MessageView[] = [];
  const byTs = new Map<string, MessageView>();
  for (const m of all) {
    const parent = m.threadTs ? byTs.get(m.threadTs) : undefined;
    if (parent) parent.replies.push(m);
    else {
      top.push(m);
      if (!m.ephemeral) byTs.set(m.ts, m);
    }
  }
  return top;
}

function modal(src: StateSources, viewer: string) {
  const open = [...src.slack.views].reverse().find((v) => !v.closed && v.user === viewer);
  if (!open) return null;
  return { id: open.id, callbackId: typeof open.view.callback_id === 'string' ? open.view.callback_id : '', ...renderView(open.view, directory(src.slack)) };
}

/** GitHub does not show HTML comments (the bot's idempotency markers), so neither does the page. */
const withoutHiddenMarkers = (markdown: string) => markdown.replace(/<!--[\s\S]*?-->/g, '').trim();

function github(src: StateSources) {
  return {
    repo: src.repo,
    issues: src.github
      .issues(src.repo)
      .slice()
      .reverse()
      .map((i) => ({
        number: i.number,
        title: i.title,
        state: i.state,
        labels: i.labels.map((l) => l.name),
        body: withoutHiddenMarkers(i.body ?? ''),
        author: i.user.login,
        createdAt: i.created_at,
        htmlUrl: i.html_url,
        comments: src.github.comments(src.repo, i.number).map((c) => ({ author: c.user.login, body: withoutHiddenMarkers(c.body), createdAt: c.created_at })),
      })),
  };
}

function emails(db: Db) {
  const rows = outboxEmails(db);
  return rows.map((r) => {
    const p = JSON.parse(r.payload) as { to?: string[]; cc?: string[]; subject?: string; text?: string; template?: string };
    return {
      id: r.id,
      status: r.status,
      to: p.to ?? [],
      cc: p.cc ?? [],
      subject: p.subject ?? '',
      text: p.text ?? '',
      template: p.template ?? '',
      createdAt: r.created_at,
      error: r.last_error,
    };
  });
}

export function sandboxState(src: StateSources, viewer: string, channelId: string | null) {
  const { slack } = src;
  const all = slack.channels();
  const channels = all.filter((c) => !c.is_im).map((c) => channelView(slack, c, src.alertsChannel));
  channels.sort((a, b) => Number(b.alerts) - Number(a.alerts) || a.name.localeCompare(b.name));
  // As in Slack, a person sees their own DM with the bot and nobody else's.
  const own = (c: FakeChannel) => !c.is_im || c.user === viewer;
  const dir = directory(slack);
  const home = homeChannel(slack, viewer, dir);
  const dms = all.filter((c) => c.is_im && own(c)).map((c) => channelView(slack, c, src.alertsChannel));
  const asked = channelId ? slack.channel(channelId) : undefined;
  const selected = (asked && own(asked) ? asked : undefined) || slack.channel(src.alertsChannel) || null;
  const onHome = channelId === HOME_ID;
  return {
    now: src.now().toISOString(),
    timezone: src.timezone,
    clockOffsetMs: src.clockOffsetMs(),
    viewer,
    people: people(src.db),
    channels,
    dms,
    apps: [home],
    channel: onHome ? home : selected ? channelView(slack, selected, src.alertsChannel) : null,
    messages: onHome ? homeMessages(slack, viewer, dir, src.now()) : selected ? timeline(src, selected.id, viewer) : [],
    modal: modal(src, viewer),
    github: github(src),
    emails: emails(src.db),
    jobs: src.jobs.map((j) => ({ name: j.name, schedule: j.schedule })),
    lastJob: src.lastJob(),
  };
}
