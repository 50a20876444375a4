import type { WebClient } from '@slack/web-api';
import type { GitHubClient } from '../clients/github-client.js';
import type { Mailer } from '../clients/mailer.js';
import type { Config } from '../config.js';
import type { Db } from '../db/open-database.js';
import { alertsChannelFinding, fail, pass, poolFinding, rosterFindings, scopesFinding, type Finding } from '../core/preflight.js';
import { REQUIRED_BOT_SCOPES } from '../core/slack-scopes.js';
import { scrubSecrets } from '../secrets.js';
import { poolSize, rosterCounts, schemaVersion } from '../stores/preflight-store.js';

/** The label the cloud team puts on an instance request when the instance is ready (CONTRACT §2). */
export const READY_LABEL = { name: 'cloud-trial/instance-ready', color: '0e8a16', description: 'trialbot: the trial instance is ready' };

export interface PreflightDeps {
  config: Config;
  db: Db;
  slack: WebClient;
  github: GitHubClient;
  mailer: Mailer;
  /** `--fix`: create what can be created (the ready label). */
  fix?: boolean;
  /** Whether MAX_ACTIVE_INSTANCES was given (not left at its default). */
  maxActiveSet: boolean;
}

const slackError = (error: unknown) => (error as { data?: { error?: string } }).data?.error ?? (error as Error).message;
const status = (error: unknown) => (error as { status?: number }).status;

async function slackFindings(d: PreflightDeps): Promise<Finding[]> {
  let auth: Awaited<ReturnType<WebClient['auth']['test']>>;
  try {
    auth = await d.slack.auth.test();
  } catch (error) {
    const code = slackError(error);
    return [
      fail(
        'slack',
        `Slack refuses SLACK_BOT_TOKEN (${code})`,
        code === 'invalid_auth' || code === 'not_authed' || code === 'token_revoked'
          ? 'copy the Bot User OAuth Token (xoxb-…) from the app’s OAuth & Permissions page into SLACK_BOT_TOKEN'
          : 'check SLACK_API_URL and that this machine reaches Slack',
      ),
    ];
  }
  const found = [pass('slack', `Slack token works: @${auth.user ?? 'trialbot'} in ${auth.team ?? 'the workspace'}`)];
  found.push(scopesFinding(REQUIRED_BOT_SCOPES, auth.response_metadata?.scopes ?? null));
  let info: Parameters<typeof alertsChannelFinding>[0]['info'];
  try {
    const answer = await d.slack.conversations.info({ channel: d.config.ALERTS_CHANNEL });
    const c = answer.channel ?? {};
    info = { name: c.name ?? d.config.ALERTS_CHANNEL, isPrivate: Boolean(c.is_private), isMember: Boolean(c.is_member), isArchived: Boolean(c.is_archived) };
  } catch (error) {
    info = { error: slackError(error) };
  }
  found.push(alertsChannelFinding({ setting: d.config.ALERTS_CHANNEL, info }));
  return found;
}

async function githubFindings(d: PreflightDeps): Promise<Finding[]> {
  const [owner, repo] = d.config.GITHUB_REPO.split('/') as [string, string];
  let canPush: boolean | undefined;
  try {
    const answer = await d.github.rest.repos.get({ owner, repo });
    canPush = answer.data.permissions?.push;
  } catch (error) {
    const code = status(error);
    if (code === 401)
      return [
        fail(
          'github',
          'GitHub refuses GITHUB_TOKEN (401 Bad credentials)',
          'create a new token with Issues: read and write on the repository, and set GITHUB_TOKEN',
        ),
      ];
    if (code === 404 || code === 403) {
      return [
        fail(
          'github',
          `GitHub shows no repository ${d.config.GITHUB_REPO} to this token (${code})`,
          `check GITHUB_REPO, and give the token access to ${d.config.GITHUB_REPO}`,
        ),
      ];
    }
    return [
      fail(
        'github',
        `GitHub did not answer for ${d.config.GITHUB_REPO}: ${(error as Error).message}`,
        'check GITHUB_API_URL and that this machine reaches GitHub',
      ),
    ];
  }
  const found: Finding[] = [];
  if (canPush === false) {
    found.push(
      fail(
        'github',
        `the token can read ${d.config.GITHUB_REPO} but not open issues there`,
        `give the token Issues: read and write (or write access) on ${d.config.GITHUB_REPO}`,
      ),
    );
  } else {
    found.push(pass('github', `GitHub token can open issues in ${d.config.GITHUB_REPO}`));
  }
  try {
    await d.github.rest.issues.getLabel({ owner, repo, name: READY_LABEL.name });
    found.push(pass('github', `label ${READY_LABEL.name} exists`));
  } catch (error) {
    if (status(error) !== 404) {
      found.push(
        fail('github', `could not read the labels of ${d.config.GITHUB_REPO}: ${(error as Error).message}`, 'check the token’s access to the repository'),
      );
    } else if (d.fix) {
      try {
        await d.github.rest.issues.createLabel({ owner, repo, ...READY_LABEL });
        found.push(pass('github', `label ${READY_LABEL.name} created (--fix)`));
      } catch (createError) {
        found.push(
          fail(
            'github',
            `could not create label ${READY_LABEL.name}: ${(createError as Error).message}`,
            `create it by hand in ${d.config.GITHUB_REPO}'s labels`,
          ),
        );
      }
    } else {
      found.push(
        fail(
          'github',
          `label ${READY_LABEL.name} is missing in ${d.config.GITHUB_REPO}`,
          `create label ${READY_LABEL.name} (the cloud team marks ready instances with it), or run npm run admin -- check --fix`,
        ),
      );
    }
  }
  return found;
}

async function smtpFindings(d: PreflightDeps): Promise<Finding[]> {
  if (!d.config.SMTP_URL) return [pass('smtp', 'no SMTP_URL: emails are kept in the outbox and logged, not sent (set SMTP_URL to send them)')];
  const where = (() => {
    try {
      const u = new URL(d.config.SMTP_URL);
      return { host: `${u.hostname}:${u.port || 25}`, user: decodeURIComponent(u.username) };
    } catch {
      return { host: 'the SMTP server', user: '' };
    }
  })();
  try {
    await d.mailer.verify();
    return [pass('smtp', `SMTP login works at ${where.host}${where.user ? ` as ${where.user}` : ''}`)];
  } catch (error) {
    const e = error as { code?: string; responseCode?: number; message: string };
    if (e.code === 'EAUTH' || e.responseCode === 535) {
      return [
        fail(
          'smtp',
          `SMTP server ${where.host} refuses the login${where.user ? ` of ${where.user}` : ''}`,
          'check the user and password in SMTP_URL (percent-encode special characters)',
        ),
      ];
    }
    return [
      fail(
        'smtp',
        `cannot reach SMTP server ${where.host}: ${scrubSecrets(e.message, d.config)}`,
        'check the host and port in SMTP_URL and that this machine reaches it',
      ),
    ];
  }
}

function databaseFindings(d: PreflightDeps): Finding[] {
  return [
    pass('database', `database ${d.config.DATABASE_PATH} at schema version ${schemaVersion(d.db)} (migrations applied)`),
    ...rosterFindings(rosterCounts(d.db)),
    poolFinding({ poolInstances: poolSize(d.db), maxActive: d.config.MAX_ACTIVE_INSTANCES, maxActiveSet: d.maxActiveSet, defaultMax: 100 }),
  ];
}

/** Every check, in the order the README lists them; never throws. */
export async function runPreflight(d: PreflightDeps): Promise<Finding[]> {
  const [slack, github, smtp] = await Promise.all([slackFindings(d), githubFindings(d), smtpFindings(d)]);
  return [...slack, ...github, ...smtp, ...databaseFindings(d)];
}
