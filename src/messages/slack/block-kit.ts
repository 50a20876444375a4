import { humanTime } from '../../core/human-date.js';
import { plainText, truncate } from '../../core/mrkdwn.js';

/** Slack's Block Kit limits: past them a post fails with `invalid_blocks`. */
export const Limits = {
  blocks: 50,
  sectionText: 3000,
  field: 2000,
  fields: 10,
  header: 150,
  buttonText: 75,
  buttonValue: 2000,
  contextElements: 10,
  fallbackText: 3000,
} as const;

export type Block = { type: string; block_id?: string } & Record<string, unknown>;

/**
 * A mrkdwn text object. `verbatim: true` stops Slack turning bare URLs,
 * `#channel` names and `@name`s in the text into links and mentions: user input
 * (a company called `https://evil.example` or `#general`) stays text, while the
 * bot's own explicit `<@U…>`, `<#C…>` and `<url|label>` markup still works.
 */
export const mrkdwn = (text: string, max: number) => ({ type: 'mrkdwn', text: truncate(text, max), verbatim: true });

export const header = (text: string): Block => ({
  type: 'header',
  text: { type: 'plain_text', text: plainText(text, Limits.header), emoji: true },
});

/** `text` must already be safe mrkdwn (built from escaped parts). */
export const section = (text: string): Block => ({
  type: 'section',
  text: mrkdwn(text, Limits.sectionText),
});

export const fields = (pairs: Array<[string, string]>): Block => ({
  type: 'section',
  fields: pairs.slice(0, Limits.fields).map(([label, value]) => mrkdwn(`*${label}*\n${value}`, Limits.field)),
});

export const context = (...texts: string[]): Block => ({
  type: 'context',
  elements: texts.slice(0, Limits.contextElements).map((t) => mrkdwn(t, Limits.sectionText)),
});

export const divider = (): Block => ({ type: 'divider' });

export interface Button {
  actionId: string;
  text: string;
  value: string;
  style?: 'primary' | 'danger';
  confirm?: { title: string; text: string; confirm: string; deny?: string };
}

export const actions = (blockId: string, buttons: Button[]): Block => ({
  type: 'actions',
  block_id: blockId,
  elements: buttons.map((b) => ({
    type: 'button',
    action_id: b.actionId,
    text: { type: 'plain_text', text: plainText(b.text, Limits.buttonText), emoji: true },
    value: b.value.slice(0, Limits.buttonValue),
    ...(b.style ? { style: b.style } : {}),
    ...(b.confirm
      ? {
          confirm: {
            title: { type: 'plain_text', text: plainText(b.confirm.title, 100) },
            text: mrkdwn(b.confirm.text, 300),
            confirm: { type: 'plain_text', text: plainText(b.confirm.confirm, 30) },
            deny: { type: 'plain_text', text: plainText(b.confirm.deny ?? 'Cancel', 30) },
          },
        }
      : {}),
  })),
});

/** A whole message, cut to Slack's block count. */
export interface SlackMessage {
  text: string;
  blocks: Block[];
}

export function message(text: string, blocks: Block[]): SlackMessage {
  return { text: truncate(text, Limits.fallbackText), blocks: blocks.slice(0, Limits.blocks) };
}

/** Slack's date token: shows in each reader's own zone, with a plain fallback. */
export function slackDate(iso: string | null | undefined, format = '{date_short_pretty} {time}'): string {
  if (!iso) return '—';
  const seconds = Math.floor(new Date(iso).getTime() / 1000);
  // The fallback (old clients, notifications) reads as a person writes a date, not as ISO.
  return `<!date^${seconds}^${format}|${humanTime(iso, 'UTC')} UTC>`;
}
