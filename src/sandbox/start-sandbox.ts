import { READY_LABEL } from './sandbox-api.js';
import { preflightFor } from '../cli/check.js';
// `npm start` with no SLACK_BOT_TOKEN: the bot, unchanged, against the loopback stand-ins of
// Slack and GitHub (the same fakes the tests use), a local database with demo data, and a
// page on the bot's own port that lets a person act as Slack, the signup site and GitHub would.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { loadConfig, type Config } from '../config.js';
import { startTrialbot, type Trialbot } from '../app.js';
import { openDatabase } from '../db/open-database.js';
import { FakeSlack, type FakeSlackSnapshot } from '../fakes/slack-api.js';
import { FakeGitHub, type FakeGitHubSnapshot } from '../fakes/github-api.js';
import { readSandboxClockOffset, SANDBOX_DATABASE_PATH, standInStatePath } from './sandbox-paths.js';
import { createLogger, type Logger } from '../logger.js';
import { jobs } from '../jobs/index.js';
import { addRosterToSlack, seedDemoData } from './demo-data.js';
import { SandboxClock } from './sandbox-clock.js';
import { sandboxApi } from './sandbox-api.js';
import { LOOPBACK_NAMES, sandboxOrigins } from './sandbox-origins.js';
import { refuseUnlessSandboxSafe } from './sandbox-guard.js';
import type { LocalEphemeral } from './sandbox-state.js';

export const SANDBOX_REPO = 'acme-cloud/cloud-trials';
export const ALERTS_CHANNEL_NAME = 'cloud-trial-alerts';

export interface Sandbox {
  /** The page: `http://127.0.0.1:PORT/`, or at SANDBOX_HOST when that names one interface. */
  url: string;
  /** SANDBOX_HOST names an interface other than loopback: the page answers other machines too. */
  openToNetwork: boolean;
  bot: Trialbot;
  slack: FakeSlack;
  github: FakeGitHub;
  clock: SandboxClock;
  config: Config;
  /** True when this start imported the demo data (the roster was empty). */
  seeded: boolean;
  close(): Promise<void>;
}

export interface SandboxOptions {
  logger?: Logger;
  /** Off in tests: no cron and no start-up catch-up run of the jobs. */
  schedule?: boolean;
}

/** What the stand-ins hold, kept next to the database so a restart finds its channels and issues again. */
interface StandInState {
  version: 1;
  clockOffsetMs: number;
  slack: FakeSlackSnapshot;
  github: FakeGitHubSnapshot;
  localEphemerals: LocalEphemeral[];
}

function readStandIns(path: string, logger: Logger): StandInState | null {
  if (!existsSync(path)) return null;
  try {
    const state = JSON.parse(readFileSync(path, 'utf8')) as StandInState;
    return state.version === 1 ? state : null;
  } catch (error) {
    logger.warn({ err: (error as Error).message, path }, 'sandbox: could not read the saved Slack/GitHub state; starting them empty');
    return null;
  }
}

const secret = () => randomBytes(24).toString('hex');

export async function startSandbox(env: NodeJS.ProcessEnv, options: SandboxOptions = {}): Promise<Sandbox> {
  const logger = options.logger ?? createLogger(env.LOG_LEVEL || 'warn');
  const databasePath = env.DATABASE_PATH || SANDBOX_DATABASE_PATH;
  refuseUnlessSandboxSafe(env, databasePath);
  const openToNetwork = env.SANDBOX_HOST !== undefined && env.SANDBOX_HOST !== '' && !LOOPBACK_NAMES.has(env.SANDBOX_HOST);
  const statePath = standInStatePath(databasePath);
  const saved = readStandIns(statePath, logger);
  const clock = new SandboxClock(readSandboxClockOffset(databasePath) ?? 0);
  const localEphemerals: LocalEphemeral[] = saved?.localEphemerals ?? [];

  const slackToken = `xoxb-sandbox-${secret()}`;
  const githubToken = `ghp_sandbox${secret()}`;
  const signingSecret = secret();
  const webhookSecret = secret();
  const githubWebhookSecret = secret();

  const slack = await FakeSlack.start({ token: slackToken, botName: 'trialbot', teamId: 'TSANDBOX', now: clock.now });
  const github = await FakeGitHub.start({
    token: githubToken,
    tokenOwner: 'trialbot[bot]',
    repos: [SANDBOX_REPO],
    now: clock.now,
    members: { 'cloud-ops': 'MEMBER' },
  });
  if (saved) {
    slack.restore(saved.slack);
    github.restore(saved.github);
    github.addRepo(SANDBOX_REPO);
  }
  const alerts = slack.channelByName(ALERTS_CHANNEL_NAME) ?? slack.createChannel({ name: ALERTS_CHANNEL_NAME, botIsMember: true });
  // Set up as the README's deployment steps leave a repository: the cloud team's ready label exists.
  github.setLabel(SANDBOX_REPO, READY_LABEL);

  const seedDb = openDatabase(databasePath);
  let seeded: boolean;
  try {
    seeded = seedDemoData(seedDb, clock.now());
    addRosterToSlack(seedDb, slack);
  } finally {
    seedDb.close();
  }
  for (const u of slack.users()) if (!u.isBot && !alerts.members.includes(u.id)) slack.joinAs(u.id, alerts.id);

  const config = loadConfig({
    SLACK_BOT_TOKEN: slackToken,
    SLACK_SIGNING_SECRET: signingSecret,
    SLACK_API_URL: slack.apiUrl,
    ALERTS_CHANNEL: alerts.id,
    GITHUB_TOKEN: githubToken,
    GITHUB_API_URL: github.url,
    GITHUB_REPO: SANDBOX_REPO,
    GITHUB_WEBHOOK_SECRET: githubWebhookSecret,
    WEBHOOK_SECRET: webhookSecret,
    DATABASE_PATH: databasePath,
    PORT: env.PORT ?? '3000',
    TIMEZONE: env.TIMEZONE || 'UTC',
    MAX_ACTIVE_INSTANCES: env.MAX_ACTIVE_INSTANCES,
    TRIAL_SPACE: env.TRIAL_SPACE,
    LICENSE_ROTATION_DAYS: env.LICENSE_ROTATION_DAYS,
    // The demo's own made-up vendor, so the page's emails and messages read as a real deployment's would.
    COMPANY_NAME: env.COMPANY_NAME || 'Northwind',
    PRODUCT_NAME: env.PRODUCT_NAME || 'Northwind Cloud',
    SELF_HOST_URL: env.SELF_HOST_URL || 'https://docs.northwind.example/self-hosted',
    LOG_LEVEL: env.LOG_LEVEL || 'warn',
  });

  let saveTimer: NodeJS.Timeout | undefined;
  const save = () => {
    const state: StandInState = {
      version: 1,
      clockOffsetMs: clock.offsetMs,
      slack: slack.snapshot(),
      github: github.snapshot(),
      localEphemerals,
    };
    mkdirSync(dirname(statePath), { recursive: true });
    writeFileSync(`${statePath}.tmp`, JSON.stringify(state));
    renameSync(`${statePath}.tmp`, statePath);
  };
  const changed = () => {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(() => {
      try {
        save();
      } catch (error) {
        logger.warn({ err: (error as Error).message }, 'sandbox: could not save the Slack/GitHub state');
      }
    }, 250);
  };
  slack.on('change', changed);
  github.on('change', changed);

  let bot: Trialbot | undefined;
  const running = (): Trialbot => {
    if (!bot) throw new Error('the sandbox bot is still starting');
    return bot;
  };
  let origins: string[] | undefined;
  const api = sandboxApi({
    slack,
    github,
    preflight: () => preflightFor(config, env, false),
    clock,
    repo: SANDBOX_REPO,
    alertsChannel: alerts.id,
    timezone: config.TIMEZONE,
    jobs,
    signingSecret,
    webhookSecret,
    bot: running,
    localEphemerals,
    changed,
    origins: () => (origins ??= sandboxOrigins(openToNetwork ? env.SANDBOX_HOST : '127.0.0.1', running().port)),
  });
  try {
    bot = await startTrialbot(config, {
      logger,
      now: clock.now,
      routes: api.routes,
      schedule: options.schedule,
      // The page's "Run the preflight check" runs it on demand against the stand-ins.
      preflight: false,
      // Loopback unless SANDBOX_HOST opens it: nothing of the sandbox is meant for other machines.
      host: openToNetwork ? env.SANDBOX_HOST : '127.0.0.1',
    });
  } catch (error) {
    await bot?.close();
    await slack.close();
    await github.close();
    throw error;
  }
  github.setWebhook({ url: `${bot.url}/webhooks/github`, secret: githubWebhookSecret });
  save();

  const started = bot;
  return {
    url: `${started.url}/`,
    openToNetwork,
    bot: started,
    slack,
    github,
    clock,
    config,
    seeded,
    async close() {
      await started.close();
      await github.deliveriesSettled();
      clearTimeout(saveTimer);
      save();
      slack.off('change', changed);
      github.off('change', changed);
      await slack.close();
      await github.close();
    },
  };
}
