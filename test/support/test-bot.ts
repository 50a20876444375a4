import { expect } from 'vitest';
import { eventually } from './eventually.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config } from '../../src/config.js';
import { startTrialbot, type Trialbot, type TrialbotOptions } from '../../src/app.js';
import { createLogger } from '../../src/logger.js';
import { FakeSlack } from '../../src/fakes/slack-api.js';
import { FakeGitHub } from '../../src/fakes/github-api.js';
import { slackSignature, webhookSignature } from './sign.js';
import { buttonClickFields, slashCommandFields } from './slack-payloads.js';
import type { startSmtpSink } from './smtp-sink.js';
import { team } from './seed.js';
import type { TrialRow } from '../../src/core/trial.js';
import { ActionId } from '../../src/messages/slack/ids.js';
import { appendFileSync } from 'node:fs';
import { describeViolations, readabilityViolations, slackTexts, type Readable } from './readable.js';

export const secrets = {
  signing: 'test-signing-secret',
  webhook: 'test-webhook-secret',
  github: 'test-github-webhook-secret',
  slackToken: 'xoxb-test',
  githubToken: 'ghp_test',
};

export const ALERTS = 'CALERTS01';
export const REPO = 'acme-ops/cloud-trials';

export interface TestBotOptions {
  env?: Record<string, string>;
  smtp?: boolean;
  now?: () => Date;
  /** Start without the bot (to prepare the database first); call `bot.start()` later. */
  deferStart?: boolean;
  options?: Partial<TrialbotOptions>;
}

export interface HttpAnswer {
  status: number;
  body: any;
  text: string;
}

/**
 * The real server on a free port with a fresh database, talking to the
 * loopback fakes of Slack and GitHub (and a real SMTP server when asked).
 */
export class TestBot {
  bot!: Trialbot;
  config!: Config;
  private constructor(
    readonly dir: string,
    readonly slack: FakeSlack,
    readonly github: FakeGitHub,
    readonly smtp: Awaited<ReturnType<typeof startSmtpSink>> | null,
    readonly env: Record<string, string>,
    private readonly startOptions: TestBotOptions,
  ) {}

  static async start(options: TestBotOptions = {}): Promise<TestBot> {
    const dir = mkdtempSync(join(tmpdir(), 'trialbot-test-'));
    const slack = await FakeSlack.start({ token: secrets.slackToken });
    const github = await FakeGitHub.start({ token: secrets.githubToken, repos: [REPO], members: { 'cloud-ops': 'MEMBER' } });
    const smtp = options.smtp ? await (await import('./smtp-sink.js')).startSmtpSink() : null;
    slack.createChannel({ name: 'cloud-trial-alerts', botIsMember: true });
    for (const person of Object.values(team)) {
      if (!slack.user(person.id)) slack.addUser({ id: person.id, name: person.email.split('@')[0]!, email: person.email });
    }
    const alerts = slack.channelByName('cloud-trial-alerts')!;
    const env: Record<string, string> = {
      SLACK_BOT_TOKEN: secrets.slackToken,
      SLACK_SIGNING_SECRET: secrets.signing,
      SLACK_API_URL: `${slack.url}/api/`,
      ALERTS_CHANNEL: alerts.id,
      GITHUB_TOKEN: secrets.githubToken,
      GITHUB_API_URL: github.url,
      GITHUB_REPO: REPO,
      GITHUB_WEBHOOK_SECRET: secrets.github,
      WEBHOOK_SECRET: secrets.webhook,
      // The product the seeds describe; the defaults name no real company (test/messages/email/templates.test.ts).
      COMPANY_NAME: 'Sourcegraph',
      PRODUCT_NAME: 'Sourcegraph Cloud',
      DATABASE_PATH: join(dir, 'trialbot.db'),
      PORT: '0',
      TIMEZONE: 'UTC',
      LOG_LEVEL: 'silent',
      ...(smtp ? { SMTP_URL: smtp.url, EMAIL_FROM: 'trials@trialbot.test' } : {}),
      ...options.env,
    };
    const t = new TestBot(dir, slack, github, smtp, env, options);
    if (!options.deferStart) await t.startBot();
    return t;
  }

  get alertsChannel(): string {
    return this.env.ALERTS_CHANNEL!;
  }

  get db() {
    return this.bot.db;
  }

  async startBot(): Promise<void> {
    this.config = loadConfig(this.env);
    this.bot = await startTrialbot(this.config, {
      logger: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
      now: this.startOptions.now,
      githubThrottle: false,
      slackRetries: 0,
      // Jobs run at start-up (catch-up) only where a test asks for it: their reminders would race its assertions.
      schedule: false,
      // The preflight's own calls to Slack and GitHub would show up in what tests count (test/admin/check.test.ts runs it).
      preflight: false,
      ...this.startOptions.options,
      // Unpaced: tests post dozens of messages to one channel at once, and the fake only limits where told to.
      outbox: { pollMs: 50, backoff: () => 20, pacing: false, ...this.startOptions.options?.outbox },
    });
    this.github.setWebhook({ url: `${this.bot.url}/webhooks/github`, secret: secrets.github });
  }

  async restart(): Promise<void> {
    await this.bot.close();
    await this.startBot();
  }

  /** Waits until the outbox has nothing left it can do now. */
  async settle(): Promise<void> {
    await this.bot.worker.idle();
  }

  async request(method: string, path: string, body: string | undefined, headers: Record<string, string> = {}): Promise<HttpAnswer> {
    const res = await fetch(`${this.bot.url}${path}`, { method, body, headers });
    const text = await res.text();
    let parsed: unknown = undefined;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    return { status: res.status, body: parsed, text };
  }

  /** A correctly signed JSON webhook. */
  async webhook(path: string, payload: unknown, secret = secrets.webhook): Promise<HttpAnswer> {
    const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
    return this.request('POST', path, body, {
      'content-type': 'application/json',
      'x-signature-256': webhookSignature(secret, body),
    });
  }

  signup(payload: { id: string; email: string; name?: string; company?: string; signedUpAt?: string }): Promise<HttpAnswer> {
    return this.webhook('/webhooks/signup', payload);
  }

  /** A v0-signed request to /slack/events with a form body. */
  async slackForm(fields: Record<string, string>, opts: { timestampS?: number; secret?: string; headers?: Record<string, string> } = {}): Promise<HttpAnswer> {
    const body = new URLSearchParams(fields).toString();
    const answer = await this.request('POST', '/slack/events', body, {
      'content-type': 'application/x-www-form-urlencoded',
      ...slackSignature(opts.secret ?? secrets.signing, body, opts.timestampS),
      ...opts.headers,
    });
    // What an acknowledgement says (a command's answer, a modal's errors) is read too.
    if (answer.body && typeof answer.body === 'object')
      this.acks.push({ where: `ack ${fields.command ?? 'interaction'} ${fields.text ?? ''}`.trim(), body: answer.body });
    return answer;
  }

  private readonly acks: Array<{ where: string; body: unknown }> = [];

  /** Tests that send hostile or deliberately broken text on purpose turn the readability check off. */
  skipReadabilityCheck = false;

  /** Everything people read that the bot produced in this test: Slack payloads, acknowledgements, emails. */
  readables(): Readable[] {
    const shown = ['chat.postMessage', 'chat.postEphemeral', 'chat.update', 'views.open', 'views.publish', 'views.update', 'views.push'];
    const fromSlack = this.slack.calls
      .filter((c) => shown.includes(c.method) && !c.fault)
      .flatMap((c) =>
        slackTexts({ text: c.args.text, blocks: c.args.blocks, view: c.args.view }).map((text) => ({ where: c.method, text, kind: 'slack' as const })),
      );
    const fromAcks = this.acks.flatMap((a) => slackTexts(a.body).map((text) => ({ where: a.where, text, kind: 'slack' as const })));
    let fromEmail: Readable[] = [];
    try {
      fromEmail = (this.bot.db.prepare(`SELECT payload FROM outbox WHERE kind = 'email.send'`).all() as Array<{ payload: string }>).flatMap((r) => {
        const p = JSON.parse(r.payload) as { subject?: string; text?: string };
        return [p.subject ?? '', p.text ?? ''].map((text) => ({ where: `email "${p.subject ?? ''}"`, text, kind: 'email' as const }));
      });
    } catch {
      // the database is gone (a test that closed it itself): Slack's side is still checked
    }
    // GitHub issues and comments the bot wrote: the cloud team reads them (hidden markers are for the bot).
    const bot = this.github.tokenOwner;
    const unmarked = (text: string | null) => (text ?? '').replace(/<!--[\s\S]*?-->/g, '');
    const fromGitHub: Readable[] = this.github.issues(REPO).flatMap((issue) => [
      ...(issue.user.login === bot
        ? [
            { where: `GitHub issue "${issue.title}"`, text: issue.title, kind: 'github' as const },
            { where: `GitHub issue "${issue.title}"`, text: unmarked(issue.body), kind: 'github' as const },
          ]
        : []),
      ...this.github
        .comments(REPO, issue.number)
        .filter((c) => c.user.login === bot)
        .map((c) => ({ where: `GitHub comment on "${issue.title}"`, text: unmarked(c.body), kind: 'github' as const })),
    ]);
    return [...fromSlack, ...fromAcks, ...fromEmail, ...fromGitHub];
  }

  /** The readability rules over everything this test made the bot say (see readable.ts). */
  readabilityProblems(): string {
    let ids: string[] = this.slack.users().map((u) => u.id);
    try {
      ids = [...ids, ...(this.bot.db.prepare('SELECT DISTINCT slack_user_id FROM people').pluck().all() as string[])];
    } catch {
      // as above
    }
    return describeViolations(readabilityViolations(this.readables(), ids));
  }

  /** An Events API delivery (JSON), optionally marked as Slack's retry number n. */
  async slackEvent(event: Record<string, unknown>, eventId: string, retryNum?: number): Promise<HttpAnswer> {
    const body = JSON.stringify({
      token: 'legacy',
      team_id: 'T1',
      api_app_id: 'A1',
      type: 'event_callback',
      event_id: eventId,
      event_time: Math.floor(Date.now() / 1000),
      event,
    });
    return this.request('POST', '/slack/events', body, {
      'content-type': 'application/json',
      ...slackSignature(secrets.signing, body),
      ...(retryNum ? { 'x-slack-retry-num': String(retryNum), 'x-slack-retry-reason': 'http_timeout' } : {}),
    });
  }

  /** A button click, as Slack sends it (block_actions); `blockId` is the id of the actions block the button is in. */
  clickButton(user: string, actionId: string, value: string, message?: { channel: string; ts: string }, blockId = 'b'): Promise<HttpAnswer> {
    const triggerId = this.slack.newTriggerId(user);
    return this.slackForm(buttonClickFields({ user, actionId, value, message, blockId, triggerId, responseUrl: `${this.slack.url}/response/${user}` }));
  }

  /** A click on `user`'s Home tab: a button, or with `overflow` an option of a menu. */
  clickOnHome(user: string, actionId: string, value: string, opts: { blockId?: string; overflow?: boolean } = {}): Promise<HttpAnswer> {
    const triggerId = this.slack.newTriggerId(user);
    return this.slackForm(
      buttonClickFields({
        user,
        actionId,
        value,
        home: true,
        overflow: opts.overflow,
        blockId: opts.blockId,
        triggerId,
        responseUrl: `${this.slack.url}/response/${user}`,
      }),
    );
  }

  /** `user` opens the app's Home tab; resolves with the tab as published. */
  async openHome(user: string): Promise<{ blocks: any[]; text: string }> {
    const before = this.slack.callsTo('views.publish').length;
    await this.slackEvent(
      { type: 'app_home_opened', user, channel: `D${user}`, tab: 'home', event_ts: `${Date.now() / 1000}` },
      `EvHome${user}${Date.now()}${before}`,
    );
    await this.eventually(() => expect(this.slack.callsTo('views.publish').length).toBeGreaterThan(before));
    return this.home(user);
  }

  /** `user`'s Home tab as last published (blocks, and their text joined for reading). */
  home(user: string): { blocks: any[]; text: string } {
    const view = this.slack.homes.get(user) as { blocks?: any[] } | undefined;
    if (!view) throw new Error(`no Home tab published for ${user}`);
    return { blocks: view.blocks ?? [], text: JSON.stringify(view.blocks ?? []) };
  }

  /** A `/trial …` slash command typed in `channel`. */
  command(user: string, channel: string, text: string): Promise<HttpAnswer> {
    return this.slackForm(
      slashCommandFields({
        user,
        channel,
        channelName: this.slack.channel(channel)?.name ?? 'directmessage',
        text,
        triggerId: this.slack.newTriggerId(user),
        responseUrl: `${this.slack.url}/response/${user}`,
      }),
    );
  }

  /** Submits a modal as Slack would (view_submission). */
  submitView(user: string, view: { callback_id: string; private_metadata?: string; values: Record<string, Record<string, unknown>> }): Promise<HttpAnswer> {
    const payload = {
      type: 'view_submission',
      team: { id: 'T1' },
      user: { id: user, username: user, team_id: 'T1' },
      api_app_id: 'A1',
      token: 'legacy',
      trigger_id: this.slack.newTriggerId(user),
      view: { id: 'V1', type: 'modal', callback_id: view.callback_id, private_metadata: view.private_metadata ?? '', state: { values: view.values } },
    };
    return this.slackForm({ payload: JSON.stringify(payload) });
  }

  /**
   * Waits until `check` stops throwing (or returns a value): listeners answer
   * after Slack's ack, so their ephemerals and modals arrive a moment later.
   */
  eventually<T>(check: () => T | Promise<T>, timeoutMs = 5000): Promise<T> {
    return eventually(check, timeoutMs);
  }

  /** The last ephemeral shown to `user`, once there are at least `count`. */
  async lastEphemeral(user: string, count = 1): Promise<string> {
    return this.eventually(() => {
      const list = this.slack.ephemeralsFor(user);
      if (list.length < count) throw new Error(`expected ${count} ephemeral message(s) for ${user}, saw ${list.length}`);
      return list.at(-1)!.text;
    });
  }

  /** Top-level messages in #cloud-trial-alerts (thread replies left out). */
  alerts() {
    return this.slack.messagesIn(this.alertsChannel).filter((m) => !m.thread_ts || m.thread_ts === m.ts);
  }

  /** Replies in the thread under message `ts` of `channel`. */
  thread(channel: string, ts: string) {
    return this.slack.messagesIn(channel).filter((m) => m.thread_ts === ts && m.ts !== ts);
  }

  /** The trial as the database holds it now (untyped: tests read columns the row type may not name yet). */
  trial(id: string): any {
    const row = this.bot.db.prepare('SELECT * FROM trials WHERE id = ?').get(id) as TrialRow | undefined;
    if (!row) throw new Error(`no trial ${id}`);
    return row;
  }

  /** The alert in #cloud-trial-alerts for a trial, as a click's message reference. */
  alertOf(trialId: string): { channel: string; ts: string } {
    const alert = this.alerts().find((m) => JSON.stringify(m.blocks ?? []).includes(trialId));
    if (!alert) throw new Error(`no alert for ${trialId}`);
    return { channel: alert.channel, ts: alert.ts };
  }

  /** A signup, carried out: its trial id and its alert (the pipeline's first step in most tests). */
  async signUp(signup: { id: string; email: string; name?: string; company?: string }): Promise<{ trialId: string; alert: { channel: string; ts: string } }> {
    const res = await this.signup({ name: 'Bob Porter', ...signup });
    if (res.status !== 200) throw new Error(`signup answered ${res.status}: ${JSON.stringify(res.body)}`);
    await this.settle();
    const trialId = res.body.trialId as string;
    return { trialId, alert: this.alertOf(trialId) };
  }

  /** `sdr` clicks Qualify on the trial's alert; resolves with what they were told, once everything it caused is done. */
  async qualify(sdr: string, trialId: string): Promise<string> {
    const seen = this.slack.ephemeralsFor(sdr).length;
    await this.clickButton(sdr, ActionId.Qualify, trialId, this.alertOf(trialId));
    const answer = await this.lastEphemeral(sdr, seen + 1);
    await this.settle();
    return answer;
  }

  count(table: string, where = '1 = 1', ...params: unknown[]): number {
    return (this.bot.db.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${where}`).get(...params) as { n: number }).n;
  }

  async close(): Promise<void> {
    const problems = this.skipReadabilityCheck || !this.bot ? '' : this.readabilityProblems();
    if (problems && process.env.READABILITY_REPORT) appendFileSync(process.env.READABILITY_REPORT, `${problems}\n`);
    await this.bot?.close().catch(() => {});
    await this.slack.close();
    await this.github.close();
    await this.smtp?.close();
    rmSync(this.dir, { recursive: true, force: true });
    // Every test that drives the bot checks what it made people read (READABILITY_REPORT collects instead).
    if (problems && !process.env.READABILITY_REPORT) throw new Error(`What people read breaks the readability rules (test/support/readable.ts):\n${problems}`);
  }
}
