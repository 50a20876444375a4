// What Slack sends when a person clicks or types: one builder each, used by TestBot, the crash test
// and the benchmark alike, so all three speak the same protocol.

export interface ClickFields {
  user: string;
  actionId: string;
  value: string;
  triggerId: string;
  responseUrl: string;
  message?: { channel: string; ts: string };
  blockId?: string;
  /** Clicked on the person's Home tab rather than in a message. */
  home?: boolean;
  /** An overflow menu's choice (the value is the option's), not a button. */
  overflow?: boolean;
}

/** The form fields of a button click (block_actions). */
export function buttonClickFields(c: ClickFields): Record<string, string> {
  const payload = {
    type: 'block_actions',
    team: { id: 'T1' },
    user: { id: c.user, username: c.user, team_id: 'T1' },
    api_app_id: 'A1',
    token: 'legacy',
    trigger_id: c.triggerId,
    response_url: c.responseUrl,
    container: c.message
      ? { type: 'message', channel_id: c.message.channel, message_ts: c.message.ts }
      : c.home
        ? { type: 'view', view_id: `VHOME${c.user}` }
        : undefined,
    view: c.home ? { id: `VHOME${c.user}`, type: 'home' } : undefined,
    channel: c.message ? { id: c.message.channel } : undefined,
    message: c.message ? { ts: c.message.ts, type: 'message' } : undefined,
    actions: [
      c.overflow
        ? { type: 'overflow', action_id: c.actionId, block_id: c.blockId ?? 'b', selected_option: { value: c.value }, action_ts: String(Date.now() / 1000) }
        : { type: 'button', action_id: c.actionId, block_id: c.blockId ?? 'b', value: c.value, action_ts: String(Date.now() / 1000) },
    ],
  };
  return { payload: JSON.stringify(payload) };
}

/** The form fields of `/trial <text>` typed by `user` in `channel`. */
export function slashCommandFields(c: {
  user: string;
  channel: string;
  channelName: string;
  text: string;
  triggerId: string;
  responseUrl: string;
}): Record<string, string> {
  return {
    command: '/trial',
    text: c.text,
    user_id: c.user,
    user_name: c.user,
    channel_id: c.channel,
    channel_name: c.channelName,
    team_id: 'T1',
    trigger_id: c.triggerId,
    response_url: c.responseUrl,
    token: 'legacy',
  };
}

export const formBody = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
