import { createGitHubClient } from '../clients/github-client.js';
import { createMailer } from '../clients/mailer.js';
import { createSlackClient } from '../clients/slack-client.js';
import { ConfigError, givenSettings, loadConfig, type Config } from '../config.js';
import { renderFindings, type Finding } from '../core/preflight.js';
import { openDatabase } from '../db/open-database.js';
import { createLogger } from '../logger.js';
import { runPreflight } from '../admin/preflight.js';

export interface CheckIo {
  stdout: { write(text: string): unknown };
  env: Record<string, string | undefined>;
}

/** The preflight against the configured services, for the CLI and the sandbox alike. */
export async function preflightFor(config: Config, env: Record<string, string | undefined>, fix: boolean): Promise<Finding[]> {
  const logger = createLogger('silent');
  const db = openDatabase(config.DATABASE_PATH);
  const slack = createSlackClient({ token: config.SLACK_BOT_TOKEN ?? '', apiUrl: config.SLACK_API_URL, retries: 0, logger });
  const github = createGitHubClient({ token: config.GITHUB_TOKEN, baseUrl: config.GITHUB_API_URL, logger, throttle: false, retries: 0, timeoutMs: 10_000 });
  const mailer = createMailer({
    smtpUrl: config.SMTP_URL,
    from: config.EMAIL_FROM,
    logger,
    timeouts: { connectionTimeout: 5000, greetingTimeout: 5000, socketTimeout: 5000 },
  });
  try {
    return await runPreflight({ config, db, slack, github, mailer, fix, maxActiveSet: givenSettings(env).MAX_ACTIVE_INSTANCES !== undefined });
  } finally {
    mailer.close();
    db.close();
  }
}

/** `npm run admin -- check [--fix]`: one line per check; 1 when anything is ✗. */
export async function runCheck(args: string[], io: CheckIo): Promise<number> {
  const fix = args.includes('--fix');
  const unknown = args.filter((a) => a !== '--fix');
  if (unknown.length > 0) {
    io.stdout.write(`check takes only --fix, not ${unknown.join(' ')}\n`);
    return 2;
  }
  let config: Config;
  try {
    config = loadConfig(io.env as NodeJS.ProcessEnv);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.stdout.write(`✗ configuration: ${error.message} — set it in .env or the environment (README "Configuration")\n`);
    return 1;
  }
  const findings = await preflightFor(config, io.env, fix);
  io.stdout.write(`${renderFindings(findings)}\n`);
  const failed = findings.filter((f) => !f.ok).length;
  io.stdout.write(failed === 0 ? 'all checks pass\n' : `${failed} check${failed === 1 ? '' : 's'} failed\n`);
  return failed === 0 ? 0 : 1;
}
