import { LogLevel, type Logger as SlackLogger } from '@slack/web-api';
import type { Logger } from '../logger.js';

/**
 * Slack's logger interface (Bolt's and the Web API client's) on top of pino, so their lines share our
 * redaction and format instead of going to the console unscrubbed.
 */
export function slackLogger(logger: Logger, component = 'bolt'): SlackLogger {
  const child = logger.child({ component });
  let level = LogLevel.WARN;
  return {
    debug: (...msg: unknown[]) => child.debug(msg.map(String).join(' ')),
    info: (...msg: unknown[]) => child.info(msg.map(String).join(' ')),
    warn: (...msg: unknown[]) => child.warn(msg.map(String).join(' ')),
    error: (...msg: unknown[]) => child.error(msg.map(String).join(' ')),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
