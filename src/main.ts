import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { startTrialbot } from './app.js';

/** `npm start`: configuration from the environment, then serve until told to stop. */
async function main(): Promise<void> {
  if (!process.env.SLACK_BOT_TOKEN) {
    process.stderr.write(
      'trialbot: SLACK_BOT_TOKEN is not set. Set it and the other settings in .env.example (see README "Configuration") to run against Slack.\n',
    );
    process.exit(1);
  }
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
