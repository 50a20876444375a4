import type { WebClient } from '@slack/web-api';
import type { ListenerDeps } from './deps.js';

/**
 * An ephemeral answer to the person who acted. It changes no state, so it is
 * sent directly rather than through the outbox; if Slack refuses it (say, the
 * bot is not in that channel) it falls back to a DM, and failing that, the log.
 */
export async function postEphemeralOrDm(
  client: WebClient,
  deps: Pick<ListenerDeps, 'logger'>,
  channel: string | null,
  user: string,
  text: string,
): Promise<void> {
  try {
    if (channel) {
      await client.chat.postEphemeral({ channel, user, text });
      return;
    }
  } catch (error) {
    deps.logger.info({ err: (error as Error).message, user }, 'ephemeral answer refused, sending a DM instead');
  }
  try {
    await client.chat.postMessage({ channel: user, text });
  } catch (error) {
    deps.logger.warn({ err: (error as Error).message, user }, 'could not answer the user');
  }
}
