/**
 * Text from outside (names, companies, emails, reasons) shown in Slack.
 * Slack's mrkdwn turns `<...>` into mentions, broadcasts and links, so the
 * three control characters are escaped as Slack documents; nothing a
 * prospect types can then ping a channel or disguise a link.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Cuts `text` (already escaped or plain) to at most `max` characters, ending
 * with an ellipsis, without splitting an `&amp;`-style entity or a surrogate pair.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max - 1);
  const amp = cut.lastIndexOf('&');
  if (amp !== -1 && !cut.slice(amp).includes(';')) cut = cut.slice(0, amp);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/** Escaped and cut to fit: the one way user input enters a Block Kit text. */
export function userText(text: string | null | undefined, max = 300): string {
  if (text === null || text === undefined || text.trim() === '') return '—';
  return truncate(escapeMrkdwn(text.replace(/\s+/g, ' ').trim()), max);
}

/** Plain text fields (button labels, headers, modal titles) need no escaping, only cutting. */
export function plainText(text: string, max: number): string {
  return truncate(text.replace(/\s+/g, ' ').trim(), max);
}

export const mention = (slackUserId: string | null | undefined): string => (slackUserId ? `<@${slackUserId}>` : '_nobody yet_');

export const channelLink = (channelId: string | null | undefined): string => (channelId ? `<#${channelId}>` : '_not yet_');

/** A link whose label is user input: both parts are escaped. */
export function link(url: string, label: string): string {
  return `<${url.replace(/[<>|]/g, encodeURIComponent)}|${escapeMrkdwn(label).replace(/\|/g, '¦')}>`;
}

/** Known Slack user ids written bare in a text (an audit detail) become `<@id>` markup, so people read names. */
export function markMentions(text: string, ids: readonly string[]): string {
  if (ids.length === 0) return text;
  const pattern = new RegExp(`(?<![<@\\w])(${ids.map((id) => id.replace(/[^A-Z0-9]/g, '')).join('|')})(?![\\w>])`, 'g');
  return text.replace(pattern, '<@$1>');
}
