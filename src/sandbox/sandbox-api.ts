import { renderFindings, type Finding } from '../core/preflight.js';
// The sandbox page's JSON API, served by the bot's own HTTP server (startTrialbot's `routes`;
// anything else gets the production server's own 404 or 405). Every action a person takes on
// the page goes to the bot the way Slack, the signup site or GitHub would send it: signed,
// over HTTP, to the real endpoints. The API can sign on the bot's behalf, so it answers only
// this machine (unless SANDBOX_HOST opens it) and only the page itself, never another site.
import { HOME_ID, openHome } from './sandbox-home.js';
import { randomUUID } from 'node:crypto';
import type { Route } from '../http/http-server.js';
import type { FakeSlack } from '../fakes/slack-api.js';
import type { FakeGitHub } from '../fakes/github-api.js';
import type { Trialbot } from '../app.js';
import type { JobOutcome } from '../scheduler.js';
import type { Job } from '../jobs/job.js';
import type { SandboxClock } from './sandbox-clock.js';
import { sandboxPage } from './sandbox-page.js';
import { BadRequest, guarded, moveClock, route, text, type Json } from './sandbox-routing.js';
import { sandboxState, type LocalEphemeral } from './sandbox-state.js';
import {
  blockActionsPayload,
  postSignedWebhook,
  postToSlackEndpoint,
  slashCommandFields,
  viewSubmissionPayload,
  type Actor,
  type BotAnswer,
  type InputValue,
  type SignedClient,
} from './signed-requests.js';

export const READY_LABEL = 'cloud-trial/instance-ready';

export interface SandboxApiDeps {
  slack: FakeSlack;
  github: FakeGitHub;
  clock: SandboxClock;
  repo: string;
  alertsChannel: string;
  timezone: string;
  jobs: Job[];
  signingSecret: string;
  webhookSecret: string;
  /** Known once the bot listens (the routes are handed to startTrialbot before that). */
  bot: () => Trialbot;
  localEphemerals: LocalEphemeral[];
  /** Something the page shows changed outside the stand-ins (clock, local answers): persist it. */
  changed: () => void;
  /** The origins the page is served from (see sandboxOrigins); known once the bot listens. */
  origins: () => readonly string[];
  /** `admin -- check` against the stand-ins. */
  preflight: () => Promise<Finding[]>;
}

export function sandboxApi(deps: SandboxApiDeps): { routes: Record<string, Route> } {
  const { slack, github, clock, repo } = deps;
  let lastJob: (JobOutcome & { at: string }) | null = null;

  const client = (): SignedClient => ({
    botUrl: deps.bot().url,
    signingSecret: deps.signingSecret,
    webhookSecret: deps.webhookSecret,
  });

  const actor = (id: string): Actor => {
    const user = slack.user(id);
    if (!user) throw new BadRequest(`unknown person ${id}`);
    return { id: user.id, name: user.name, teamId: slack.teamId };
  };

  /** A channel `who` can act in: any channel, but of the DMs only their own with the bot (as in Slack). */
  const channelOf = (id: string, who: Actor) => {
    const c = slack.channel(id);
    if (!c || (c.is_im && c.user !== who.id)) throw new BadRequest(`unknown channel ${id}`);
    return { id: c.id, name: c.is_im ? 'directmessage' : c.name };
  };

  const responseUrl = (user: string, channel: string | null) => `${deps.bot().url}/sandbox/response?${new URLSearchParams({ user, channel: channel ?? '' })}`;

  const nextLocalTs = () => {
    const micros = clock.now().getTime() * 1000 + (deps.localEphemerals.length % 1000);
    return `${Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, '0')}`;
  };

  /** A command's immediate answer (or a response_url post) shown to its caller only. */
  const keepEphemeral = (user: string, channel: string, answer: unknown) => {
    if (!answer || typeof answer !== 'object') {
      if (typeof answer === 'string' && answer.trim() !== '') {
        deps.localEphemerals.push({ channel, user, text: answer, ts: nextLocalTs() });
        deps.changed();
      }
      return;
    }
    const a = answer as { text?: unknown; blocks?: unknown };
    if (typeof a.text !== 'string' && !Array.isArray(a.blocks)) return;
    deps.localEphemerals.push({
      channel,
      user,
      text: typeof a.text === 'string' ? a.text : '',
      blocks: Array.isArray(a.blocks) ? a.blocks : undefined,
      ts: nextLocalTs(),
    });
    deps.changed();
  };

  const findMessage = (channel: string, ts: string, viewer: string) => {
    const m = slack.messagesIn(channel).find((x) => x.ts === ts);
    if (m) return { ts: m.ts, text: m.text, blocks: m.blocks, user: m.user, ephemeral: false };
    const e = slack.ephemeralsFor(viewer).find((x) => x.channel === channel && x.message_ts === ts);
    if (e) return { ts: e.message_ts, text: e.text, blocks: e.blocks, user: slack.botUserId, ephemeral: true };
    const local = deps.localEphemerals.find((x) => x.user === viewer && x.channel === channel && x.ts === ts);
    if (local) return { ts: local.ts, text: local.text, blocks: local.blocks, user: slack.botUserId, ephemeral: true };
    return null;
  };

  const page: Route = (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(sandboxPage);
  };

  const routes: Record<string, Route> = {
    'GET /': page,
    'GET /sandbox': page,
    'GET /favicon.ico': (_req, res) => {
      res.writeHead(204).end();
    },

    'GET /sandbox/state': route((_b, url) =>
      sandboxState(
        {
          db: deps.bot().db,
          slack,
          github,
          repo,
          alertsChannel: deps.alertsChannel,
          timezone: deps.timezone,
          now: clock.now,
          clockOffsetMs: () => clock.offsetMs,
          jobs: deps.jobs,
          lastJob: () => lastJob,
          localEphemerals: () => deps.localEphemerals,
        },
        url.searchParams.get('as') ?? '',
        url.searchParams.get('channel'),
      ),
    ),

    'POST /sandbox/signup': route(async (body) => {
      const payload = {
        id: `sandbox-${randomUUID()}`,
        email: text(body, 'email'),
        ...(text(body, 'name', false) ? { name: text(body, 'name', false) } : {}),
        ...(text(body, 'company', false) ? { company: text(body, 'company', false) } : {}),
        signedUpAt: clock.now().toISOString(),
      };
      const answer = await postSignedWebhook(client(), '/webhooks/signup', payload);
      return { sent: payload, answer };
    }),

    'POST /sandbox/click': route(async (body) => {
      const who = actor(text(body, 'as'));
      const home = body.channel === HOME_ID;
      const channel = typeof body.channel === 'string' && body.channel && !home ? channelOf(body.channel, who) : null;
      const message = channel && typeof body.ts === 'string' ? findMessage(channel.id, body.ts, who.id) : null;
      const action = body.action as { action_id?: unknown; block_id?: unknown; value?: unknown; text?: unknown; overflow?: unknown } | undefined;
      if (!action || typeof action.action_id !== 'string') throw new BadRequest('action.action_id is required');
      const payload = blockActionsPayload({
        actor: who,
        triggerId: slack.newTriggerId(who.id),
        responseUrl: responseUrl(who.id, channel?.id ?? null),
        channel,
        message,
        action: {
          action_id: action.action_id,
          block_id: typeof action.block_id === 'string' ? action.block_id : '',
          value: typeof action.value === 'string' ? action.value : undefined,
          text: typeof action.text === 'string' ? action.text : '',
          overflow: action.overflow === true,
        },
        home,
        now: clock.now(),
      });
      const answer = await postToSlackEndpoint(client(), { payload: JSON.stringify(payload) });
      return { answer };
    }),

    'POST /sandbox/command': route(async (body) => {
      const who = actor(text(body, 'as'));
      const channel = channelOf(text(body, 'channel'), who);
      const typed = text(body, 'text', false).trim();
      const m = /^\/trial(?:\s+([\s\S]*))?$/.exec(typed);
      if (!m) throw new BadRequest('only the /trial command exists here');
      const fields = slashCommandFields({
        actor: who,
        channel,
        text: (m[1] ?? '').trim(),
        triggerId: slack.newTriggerId(who.id),
        responseUrl: responseUrl(who.id, channel.id),
      });
      const answer = await postToSlackEndpoint(client(), fields);
      if (answer.status === 200) keepEphemeral(who.id, channel.id, answer.body);
      return { answer };
    }),

    'POST /sandbox/home': route(async (body) => ({ answer: await openHome(client(), actor(text(body, 'as')).id) })),

    'POST /sandbox/message': route((body) => {
      const who = actor(text(body, 'as'));
      const channel = channelOf(text(body, 'channel'), who);
      const threadTs = typeof body.threadTs === 'string' && body.threadTs ? body.threadTs : undefined;
      const m = slack.postAs(who.id, channel.id, text(body, 'text'), { thread_ts: threadTs });
      return { ts: m.ts };
    }),

    'POST /sandbox/view/submit': route(async (body) => {
      const who = actor(text(body, 'as'));
      const view = slack.view(text(body, 'viewId'));
      if (!view || view.closed || view.user !== who.id) throw new BadRequest('that form is no longer open');
      const values = (body.values ?? {}) as Record<string, Record<string, InputValue>>;
      const payload = viewSubmissionPayload({ actor: who, triggerId: slack.newTriggerId(who.id), view, values });
      const answer = await postToSlackEndpoint(client(), { payload: JSON.stringify(payload) });
      const result = answer.body as { response_action?: unknown } | string;
      const action = typeof result === 'object' && result ? result.response_action : undefined;
      // Slack closes the modal on an empty ack or `clear`; `errors` keeps it open, `update`/`push` replace it.
      if (answer.status === 200 && action !== 'errors' && action !== 'update' && action !== 'push') slack.closeView(view.root_view_id);
      return { answer };
    }),

    'POST /sandbox/view/close': route((body) => {
      const view = slack.view(text(body, 'viewId'));
      if (view) slack.closeView(view.root_view_id);
      return { closed: Boolean(view) };
    }),

    'POST /sandbox/github/label': route((body) =>
      asCloudTeam(() => github.labelIssue(repo, issueNumber(body), typeof body.label === 'string' && body.label ? body.label : READY_LABEL)),
    ),
    'POST /sandbox/github/close': route((body) => asCloudTeam(() => github.closeIssue(repo, issueNumber(body)))),
    'POST /sandbox/github/comment': route((body) => asCloudTeam(() => github.commentAs(repo, issueNumber(body), 'cloud-ops', text(body, 'body')))),

    'POST /sandbox/clock': route((body) => {
      moveClock(clock, body, deps.timezone);
      deps.changed();
      return { now: clock.now().toISOString(), offsetMs: clock.offsetMs };
    }),

    'POST /sandbox/check': route(async () => {
      const findings = await deps.preflight();
      return { ok: findings.every((f) => f.ok), text: renderFindings(findings) };
    }),

    'POST /sandbox/jobs/run': route(async (body) => {
      const name = text(body, 'name');
      const job = deps.jobs.find((j) => j.name === name);
      if (!job) throw new BadRequest(`no job named ${name}`);
      const outcome = await deps.bot().scheduler.runNow(job);
      lastJob = { ...outcome, at: clock.now().toISOString() };
      return lastJob;
    }),
  };

  const issueNumber = (body: Json): number => {
    const n = Number(body.number);
    if (!Number.isInteger(n) || !github.issue(repo, n)) throw new BadRequest(`no issue #${String(body.number)} in ${repo}`);
    return n;
  };

  /** The cloud team acts on GitHub; the answer says how the bot took the webhooks that caused. */
  const asCloudTeam = async (act: () => unknown) => {
    const before = github.deliveries.length;
    act();
    const deliveries = await github.deliveriesSettled();
    return {
      deliveries: deliveries.slice(before).map((d) => ({ event: d.event, action: d.action, status: d.status ?? null, error: d.error ?? null })),
    };
  };

  // Slack's response_url, pointed here: what the bot posts to it is shown to the person who acted.
  routes['POST /sandbox/response'] = route((body, url) => {
    const user = url.searchParams.get('user') ?? '';
    const channel = url.searchParams.get('channel') ?? '';
    if (!slack.user(user)) throw new BadRequest('unknown person');
    const target = channel || (slack.dmWith(user) ?? null);
    if (!target || !slack.channel(target)) return { ok: true };
    if (body.response_type === 'in_channel') {
      slack.postAs(slack.botUserId, target, typeof body.text === 'string' ? body.text : '', {
        blocks: Array.isArray(body.blocks) ? body.blocks : undefined,
      });
    } else {
      keepEphemeral(user, target, body);
    }
    return { ok: true };
  });

  return { routes: Object.fromEntries(Object.entries(routes).map(([key, handler]) => [key, guarded(deps.origins, handler)])) };
}

export type { BotAnswer };
