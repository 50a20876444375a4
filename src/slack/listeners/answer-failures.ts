import type { Logger } from '../../logger.js';
import { COULD_NOT_RECORD } from '../../messages/slack/lifecycle-answers.js';
import type { ListenerDeps } from './deps.js';
import { postEphemeralOrDm } from './post-ephemeral-or-dm.js';

interface Interaction {
  ack: (...args: any[]) => Promise<void>;
  body: { user: { id: string }; container?: { channel_id?: string }; channel?: { id?: string } };
  client: Parameters<typeof postEphemeralOrDm>[0];
  view?: { private_metadata?: string };
}

/** Where to answer: the message's channel, or the channel a modal was opened from. */
function channelOf(args: Interaction): string | null {
  const fromBody = args.body.container?.channel_id ?? args.body.channel?.id;
  if (fromBody) return fromBody;
  try {
    const meta = JSON.parse(args.view?.private_metadata ?? '') as { channel?: unknown };
    return typeof meta.channel === 'string' ? meta.channel : null;
  } catch {
    return null;
  }
}

/**
 * A click or form whose work throws (the database locked past its wait, a bug) still gets an
 * answer: the person hears it was not recorded and can try again; the error is logged. Slack is
 * acknowledged first if the handler had not done so yet.
 */
export function answerFailures<A extends Interaction>(deps: ListenerDeps & { logger: Logger }, name: string, handler: (args: A) => Promise<unknown>) {
  return async (args: A): Promise<void> => {
    let acked = false;
    const ack = args.ack;
    const wrapped = { ...args, ack: async (...rest: unknown[]) => ((acked = true), ack(...rest)) } as A;
    try {
      await handler(wrapped);
    } catch (error) {
      deps.logger.error({ err: error as Error, user: args.body.user.id, listener: name }, 'listener failed; the person was told to try again');
      if (!acked) await ack().catch(() => undefined);
      await postEphemeralOrDm(args.client, deps, channelOf(args), args.body.user.id, COULD_NOT_RECORD);
    }
  };
}
