import type { Server } from 'node:http';
import { isIPv6, type AddressInfo } from 'node:net';
import { App, HTTPReceiver, type AuthorizeResult } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Config } from './config.js';
import { databaseAnswers, openDatabase, type Db } from './db/open-database.js';
import { GroupCommit } from './db/group-commit.js';
import { createMailer, type Mailer } from './clients/mailer.js';
import { createGitHubClient, type GitHubClient } from './clients/github-client.js';
import { createHttpServer, type Route } from './http/http-server.js';
import { MAX_BODY_BYTES } from './http/read-body.js';
import type { Logger } from './logger.js';
import { OutboxWorker, type OutboxWorkerOptions } from './outbox/outbox-worker.js';
import { slackPacing } from './outbox/rate-pacing.js';
import { effectHandlers } from './outbox/effects/index.js';
import { slackLogger } from './clients/slack-logger.js';
import { botIdentity } from './clients/bot-identity.js';
import { deduplicateEvents } from './slack/deduplicate-events.js';
import { listenedIds, registerListeners } from './slack/listeners/index.js';
import { createSlackClient, slackClientOptions } from './clients/slack-client.js';
import { signupWebhook } from './webhooks/signup-webhook.js';
import { signupHooks } from './flows/signup-hooks.js';
import { githubWebhook } from './webhooks/github-webhook.js';
import { activityWebhook } from './webhooks/activity-webhook.js';
import { Scheduler } from './scheduler.js';
import { jobs as allJobs } from './jobs/index.js';
import { registerSecrets, scrubSecrets } from './secrets.js';
import { runPreflight } from './admin/preflight.js';
import { recordPreflightReport } from './flows/report-preflight.js';
import { backfillActivity } from './stores/activity-store.js';

/** How long the server's connection waits for another process's write lock. */
export const SERVER_BUSY_TIMEOUT_MS = 500;

export interface TrialbotOptions {
  logger: Logger;
  /** The clock every decision reads; tests and the sandbox move it. */
  now?: () => Date;
  /** Off in tests only: GitHub's content-creation pacing (3 s between issues). */
  githubThrottle?: boolean;
  /** Deadline of one GitHub request (15 s unless given; tests shorten it). */
  githubTimeoutMs?: number;
  /** Retries the Slack client makes itself before the outbox takes over. */
  slackRetries?: number;
  /** Extra routes on the same server (the sandbox's page and API). */
  routes?: Record<string, Route>;
  /** The worker's settings (see OutboxWorkerOptions); pacing is Slack's published limits (`slackPacing`) unless given. */
  outbox?: Partial<Pick<OutboxWorkerOptions, 'concurrency' | 'pollMs' | 'backoff' | 'retryBudgetMs' | 'inFlightGraceMs' | 'pacing'>>;
  /** Off in tests that drive jobs by hand: no cron, no start-up catch-up. */
  schedule?: boolean;
  /** The preflight at start (README "Running against Slack"): on unless a test turns it off. */
  preflight?: boolean;
  /** Interface to listen on: every one in production (Slack and GitHub must reach it); the sandbox keeps to loopback. */
  host?: string;
}

export interface Trialbot {
  /** Where this machine reaches the bot: loopback, or the one address it listens on. */
  url: string;
  port: number;
  db: Db;
  worker: OutboxWorker;
  scheduler: Scheduler;
  server: Server;
  now: () => Date;
  close(): Promise<void>;
}

/** Builds every part from the configuration and starts serving on `config.PORT`. */
export async function startTrialbot(config: Config, options: TrialbotOptions): Promise<Trialbot> {
  const { logger } = options;
  registerSecrets(config);
  const now = options.now ?? (() => new Date());
  // 500 ms, not 5 s: a lock held by another process must not stall every ack (issue 16.1).
  const db = openDatabase(config.DATABASE_PATH, { busyTimeoutMs: SERVER_BUSY_TIMEOUT_MS });
  // Activity counters (migration 010) for events stored before them, once. Raw events past
  // RETENTION_DAYS are the retention job's.
  const backfilled = backfillActivity(db, config.TIMEZONE);
  if (backfilled > 0) logger.info({ instances: backfilled }, 'activity counted into per-day counters');
  const group = new GroupCommit(db);

  const slack = createSlackClient({ token: config.SLACK_BOT_TOKEN ?? '', apiUrl: config.SLACK_API_URL, retries: options.slackRetries, logger });
  const github = createGitHubClient({
    token: config.GITHUB_TOKEN,
    baseUrl: config.GITHUB_API_URL,
    logger,
    throttle: options.githubThrottle ?? true,
    timeoutMs: options.githubTimeoutMs,
  });
  const mailer = createMailer({ smtpUrl: config.SMTP_URL, from: config.EMAIL_FROM, logger });

  const receiver = new HTTPReceiver({
    signingSecret: config.SLACK_SIGNING_SECRET,
    endpoints: ['/slack/events'],
    processBeforeResponse: false,
    // The HTTP gate (src/http/slack-gate.ts) has verified the signature and the timestamp of every
    // request before this receiver sees it (it is reachable only through that gate): a second
    // HMAC per ack was ~3% of trialbot's CPU per request.
    signatureVerification: false,
    bodyLimit: MAX_BODY_BYTES,
    logger: slackLogger(logger),
    unhandledRequestTimeoutMillis: 2500,
  });
  // Interactive calls (views.open, ephemeral answers) are worth a quick retry, not a 30-minute one.
  const interactiveOptions = { ...slackClientOptions({ apiUrl: config.SLACK_API_URL, retries: 2, logger }), rejectRateLimitedCalls: false };
  // One identity for the whole bot: the outbox's client asks auth.test once, for Bolt and the effects alike.
  const authorize = botAuthorization(slack, config.SLACK_BOT_TOKEN ?? '');
  const app = new App({
    authorize,
    receiver,
    logger: slackLogger(logger),
    clientOptions: interactiveOptions,
    // Bolt's per-conversation store (for conversation-scoped state) is unused here and cost ~4% of an ack.
    convoStore: false,
  });
  // Learn the bot's identity now if Slack answers; if not, the first request asks again.
  // close() waits for it: nothing of this bot may still be calling Slack once it has closed.
  const startupCheck = authorize().catch((error: unknown) =>
    logger.warn({ err: scrubSecrets(String(error), config) }, 'Slack did not answer auth.test at start; will ask again on the next request'),
  );
  app.use(deduplicateEvents(db, now));
  // `?? ` and not a spread: an outbox option left undefined must not switch pacing off.
  const { pacing = slackPacing, ...outbox } = options.outbox ?? {};
  const worker = new OutboxWorker({
    db,
    logger,
    handlers: effectHandlers,
    context: { slack, github, mailer, config },
    now,
    ...outbox,
    // A burst of signups is paced under Slack's limits instead of finding them with 429s.
    pacing,
  });
  registerListeners(app, { db, config, logger, now });

  const server = createHttpServer({
    logger,
    now,
    slackListener: receiver.requestListener,
    slackSigningSecret: config.SLACK_SIGNING_SECRET,
    slackIds: listenedIds,
    isHealthy: () => databaseAnswers(db),
    routes: {
      'POST /webhooks/signup': signupWebhook({ db, secret: config.WEBHOOK_SECRET, logger, now, hooks: signupHooks(config), group }),
      'POST /webhooks/github': githubWebhook({ db, config, logger, now }),
      'POST /webhooks/activity': activityWebhook({ db, config, logger, now }),
      ...options.routes,
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.PORT, options.host ?? '0.0.0.0', () => resolve());
  });
  worker.start();
  const scheduler = new Scheduler(allJobs, { db, config, logger, github }, now);
  if (options.schedule !== false) {
    scheduler.start();
    void scheduler.catchUp();
  }
  const { address, port } = server.address() as AddressInfo;
  logger.info({ port }, 'trialbot listening');
  if (options.preflight !== false) void preflightAtStart({ config, db, slack, github, mailer, logger, now });

  return {
    url: `http://${reachableHost(address)}:${port}`,
    port,
    db,
    worker,
    scheduler,
    server,
    now,
    async close() {
      await startupCheck;
      await scheduler.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await worker.stop();
      mailer.close();
      db.close();
    },
  };
}

/**
 * Where this machine reaches a server listening on `address`: loopback when it listens on
 * every interface, else that address itself (bound to one interface, it answers there only).
 */
function reachableHost(address: string): string {
  if (address === '0.0.0.0' || address === '::') return '127.0.0.1';
  return isIPv6(address) ? `[${address}]` : address;
}

/**
 * The bot's token and identity for Bolt. Bolt's own version calls auth.test once, in its
 * constructor, and keeps the promise: had Slack not answered at that moment, every later
 * request would fail until a restart (and the rejection, awaited by nobody, would end the
 * process). botIdentity keeps only an answer; a failure is asked again next time.
 */
function botAuthorization(client: WebClient, token: string): () => Promise<AuthorizeResult> {
  return async () => ({ botToken: token, ...(await botIdentity(client)) });
}

/** The same checks as `admin -- check`, at start: each ✗ a warning (never a refusal to start), wiring problems posted once. */
async function preflightAtStart(d: { config: Config; db: Db; slack: WebClient; github: GitHubClient; mailer: Mailer; logger: Logger; now: () => Date }) {
  try {
    const findings = await runPreflight({ ...d, maxActiveSet: false });
    for (const f of findings.filter((x) => !x.ok)) d.logger.warn({ area: f.area, fix: f.fix }, `preflight: ${f.text}`);
    if (recordPreflightReport(d.db, findings, d.now())) d.logger.info('preflight problems posted to the alerts channel');
  } catch (error) {
    d.logger.warn({ err: error as Error }, 'preflight at start could not run');
  }
}
