import { LogLevel, type Logger as SlackLogger } from '@slack/web-api';
import type { Logger } from '../logger.js';

/**
 * Slack's logger interface (Bolt's and the Web API client's) on top of pino, so their lines share our
 * redaction and format instead of going to the console unscrubbed.
 */
const rank: Record<LogLevel, number> = { [LogLevel.DEBUG]: 0, [LogLevel.INFO]: 1, [LogLevel.WARN]: 2, [LogLevel.ERROR]: 3 };

export function slackLogger(logger: Logger, component = 'bolt'): SlackLogger {
  const child = logger.child({ component });
  let level = LogLevel.WARN;
  return {
    // Slack's clients set the level they want (the Web API client: errors only); below it, nothing.
    debug: (...msg: unknown[]) => void (rank[level] <= rank[LogLevel.DEBUG] && child.debug(msg.map(String).join(' '))),
    info: (...msg: unknown[]) => void (rank[level] <= rank[LogLevel.INFO] && child.info(msg.map(String).join(' '))),
    warn: (...msg: unknown[]) => void (rank[level] <= rank[LogLevel.WARN] && child.warn(msg.map(String).join(' '))),
    error: (...msg: unknown[]) => child.error(msg.map(String).join(' ')),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
