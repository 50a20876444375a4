import type { WebClient } from '@slack/web-api';

export interface BotIdentity {
  botId?: string;
  botUserId: string;
}

const identities = new WeakMap<WebClient, Promise<BotIdentity>>();

/**
 * Who the bot is (auth.test), asked once per client and kept. Only an answer is kept: had
 * Slack not answered, a kept rejection would fail every later caller until a restart, so a
 * failure is forgotten and the next caller asks again.
 */
export function botIdentity(client: WebClient): Promise<BotIdentity> {
  let identity = identities.get(client);
  if (!identity) {
    identity = client.auth.test().then((r) => {
      if (!r.user_id) throw new Error('auth.test named no bot user');
      return { ...(r.bot_id ? { botId: r.bot_id } : {}), botUserId: r.user_id };
    });
    const asked = identity;
    asked.catch(() => {
      if (identities.get(client) === asked) identities.delete(client);
    });
    identities.set(client, asked);
  }
  return identity;
}
