import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { startTrialbot } from './app.js';
import { startSandbox } from './sandbox/start-sandbox.js';
import { SandboxRefused } from './sandbox/sandbox-guard.js';

/**
 * No Slack token: the local sandbox, on the stand-ins of Slack and GitHub (README "Local
 * sandbox") — unless anything says this is a deployment that lost its token, then stop.
 */
async function sandbox(): Promise<void> {
  let box;
  try {
    box = await startSandbox(process.env);
  } catch (error) {
    if (error instanceof SandboxRefused) {
      process.stderr.write(`trialbot: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
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
  if (!process.env.SLACK_BOT_TOKEN) return sandbox();
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`trialbot: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.LOG_LEVEL);
  const bot = await startTrialbot(config, { logger });
  const stop = async (signal: string) => {
    logger.info({ signal }, 'stopping');
    await bot.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`trialbot: failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
