import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { startTrialbot } from './app.js';
import { guardProcess } from './process-faults.js';
import { loadEnvFile } from './env-file.js';

/**
 * No Slack token: the local sandbox, on the stand-ins of Slack and GitHub (README "Local
 * sandbox") — unless anything says this is a deployment that lost its token, then stop.
 */
async function sandbox(): Promise<void> {
  // Loaded only here: production never loads the sandbox or the fakes (and starts faster for it).
  const { startSandbox } = await import('./sandbox/start-sandbox.js');
  const box = await startSandbox(process.env);
  const reach = box.openToNetwork ? ' (SANDBOX_HOST is set: the page answers other machines too)' : '';
  process.stdout.write(`trialbot sandbox (SLACK_BOT_TOKEN is not set, so not connected to Slack): open ${box.url}${reach}\n`);
  const stop = async () => {
    await box.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
}

/** `npm start`: configuration from the environment, then serve until told to stop. */
async function main(): Promise<void> {
  // `.env` first: a value there is as given as one in the environment (the sandbox guard sees both).
  loadEnvFile(process.env);
  if (!process.env.SLACK_BOT_TOKEN) return sandbox();
  const config = loadConfig(process.env);
  const logger = createLogger(config.LOG_LEVEL);
  const bot = await startTrialbot(config, { logger });
  guardProcess({ logger, config, close: () => bot.close() });
  const stop = async (signal: string) => {
    logger.info({ signal }, 'stopping');
    await bot.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

// A configuration mistake (a missing or bad setting, or the sandbox refusing to start here,
// SandboxRefused) is one line saying what to set or unset; anything else says it failed.
main().catch((error: unknown) => {
  const message = error instanceof ConfigError ? error.message : `failed to start: ${error instanceof Error ? error.message : String(error)}`;
  process.stderr.write(`trialbot: ${message}\n`);
  process.exit(1);
});
