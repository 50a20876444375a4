// Slack's mrkdwn as HTML for the sandbox page. Everything that is not markup is HTML-escaped:
// the text comes from prospects (names, companies, emails) as much as from the bot.

export interface Directory {
  userName(id: string): string | undefined;
  channelName(id: string): string | undefined;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Slack escapes `& < >` in message text; undo that before escaping for HTML. */
function unescapeSlack(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

const emoji: Record<string, string> = {
  white_check_mark: '✅',
  heavy_check_mark: '✔️',
  no_entry: '⛔',
  no_entry_sign: '🚫',
  rocket: '🚀',
  hourglass: '⌛',
  hourglass_flowing_sand: '⏳',
  warning: '⚠️',
  grey_question: '❔',
  question: '❓',
  handshake: '🤝',
  wave: '👋',
  tada: '🎉',
  key: '🔑',
  bell: '🔔',
  alarm_clock: '⏰',
  calendar: '📅',
  date: '📅',
  email: '📧',
  envelope: '✉️',
  link: '🔗',
  memo: '📝',
  mag: '🔍',
  eyes: '👀',
  x: '❌',
  red_circle: '🔴',
  large_green_circle: '🟢',
  large_yellow_circle: '🟡',
  green_circle: '🟢',
  yellow_circle: '🟡',
  fire: '🔥',
  bar_chart: '📊',
  chart_with_upwards_trend: '📈',
  speech_balloon: '💬',
  inbox_tray: '📥',
  outbox_tray: '📤',
  lock: '🔒',
  repeat: '🔁',
  arrows_counterclockwise: '🔄',
  stopwatch: '⏱️',
  sparkles: '✨',
  star: '⭐',
  bust_in_silhouette: '👤',
  busts_in_silhouette: '👥',
  office: '🏢',
  information_source: 'ℹ️',
  construction: '🚧',
  gift: '🎁',
  moneybag: '💰',
  package: '📦',
  pushpin: '📌',
  raising_hand: '🙋',
  skull: '💀',
  sos: '🆘',
  stop_sign: '🛑',
  thumbsup: '👍',
  '+1': '👍',
  zzz: '💤',
  arrow_right: '➡️',
  arrow_forward: '▶️',
  point_right: '👉',
  heavy_plus_sign: '➕',
  spiral_calendar_pad: '🗓️',
  clock9: '🕘',
  mailbox: '📫',
  hammer_and_wrench: '🛠️',
  chart_with_downwards_trend: '📉',
  ticket: '🎫',
  large_blue_circle: '🔵',
  rotating_light: '🚨',
};

/** A control sequence `<…>`: mentions, channel links, dates, links. */
function renderControl(inner: string, dir: Directory): string {
  const bar = inner.indexOf('|');
  const target = bar === -1 ? inner : inner.slice(0, bar);
  const label = bar === -1 ? undefined : unescapeSlack(inner.slice(bar + 1));
  if (target.startsWith('@')) {
    const id = target.slice(1);
    const name = dir.userName(id) ?? label ?? id;
    return `<span class="mention" data-user="${escapeHtml(id)}">@${escapeHtml(name)}</span>`;
  }
  if (target.startsWith('#')) {
    const id = target.slice(1);
    const name = dir.channelName(id) ?? label ?? id;
    return `<span class="mention channel-link" data-channel="${escapeHtml(id)}">#${escapeHtml(name)}</span>`;
  }
  if (target.startsWith('!subteam^')) return `<span class="mention">@${escapeHtml(label ?? 'group')}</span>`;
  if (target.startsWith('!date^')) return `<span class="date">${escapeHtml(label ?? unescapeSlack(target.split('^')[1] ?? ''))}</span>`;
  if (target.startsWith('!')) return `<span class="mention">@${escapeHtml(label ?? target.slice(1))}</span>`;
  const url = unescapeSlack(target);
  if (/^(https?:|mailto:)/i.test(url)) {
    return `<a href="${escapeHtml(url)}" target="_blank" rel="noopener noreferrer">${escapeHtml(label ?? url)}</a>`;
  }
  return escapeHtml(label ?? url);
}

// Private-use characters mark where rendered pieces go back in, so the inline formatting
// below never looks inside a link, a mention or a code span.
const OPEN = '\uE000';
const CLOSE = '\uE001';

/** Renders one mrkdwn string (already in Slack's escaped form) as safe HTML. */
export function renderMrkdwn(text: string, dir: Directory): string {
  const pieces: string[] = [];
  const hold = (html: string) => `${OPEN}${pieces.push(html) - 1}${CLOSE}`;
  let s = text.replace(/[\uE000\uE001]/g, '');

  s = s.replace(/```([\s\S]*?)```/g, (_m, code: string) => hold(`<pre class="code-block">${escapeHtml(unescapeSlack(code.replace(/^\n/, '')))}</pre>`));
  s = s.replace(/`([^`\n]+)`/g, (_m, code: string) => hold(`<code>${escapeHtml(unescapeSlack(code))}</code>`));
  s = s.replace(/<([^<>\n]+)>/g, (_m, inner: string) => hold(renderControl(inner, dir)));
  s = escapeHtml(unescapeSlack(s));
  s = s.replace(/:([a-z0-9_+-]+):/g, (m, name: string) => emoji[name] ?? m);
  s = s.replace(/(^|[^\w*])\*(?=\S)([^*\n]*?\S)\*(?![\w*])/g, '$1<b>$2</b>');
  s = s.replace(/(^|[^\w])_(?=\S)([^_\n]*?\S)_(?![\w])/g, '$1<i>$2</i>');
  s = s.replace(/(^|[^\w~])~(?=\S)([^~\n]*?\S)~(?![\w~])/g, '$1<s>$2</s>');
  s = s
    .split('\n')
    .map((line) => (line.startsWith('&gt; ') || line === '&gt;' ? `<span class="quote">${line.slice(4).replace(/^ /, '')}</span>` : line))
    .join('\n')
    .replace(/\n/g, '<br>');
  return s.replace(new RegExp(`${OPEN}(\\d+)${CLOSE}`, 'g'), (_m, i: string) => pieces[Number(i)] ?? '');
}

/** A Block Kit text object: mrkdwn rendered, plain_text only escaped. */
export function renderText(obj: unknown, dir: Directory): string {
  if (!obj || typeof obj !== 'object') return '';
  const t = obj as { type?: unknown; text?: unknown };
  if (typeof t.text !== 'string') return '';
  if (t.type === 'mrkdwn') return renderMrkdwn(t.text, dir);
  return escapeHtml(t.text)
    .replace(/:([a-z0-9_+-]+):/g, (m, name: string) => emoji[name] ?? m)
    .replace(/\n/g, '<br>');
}
