// What people read must read as people write (issue 14): names and mentions, never raw user ids;
// dates as "Thu 18 Dec", never ISO; words, not enum values; no placeholders; no CLI commands in
// Slack. TestBot runs this over every Slack message, ephemeral, modal and Home tab the bot sent,
// every answer it gave in an acknowledgement, every email it recorded and every GitHub issue and
// comment it wrote (the cloud team runs the admin CLI: a command there is theirs), when a test closes it:
// a new message kind is checked the day a test first makes the bot send it.

export interface Readable {
  /** Where the text was seen: `chat.postMessage`, `email "Subject"`, `ack /trial status`, … */
  where: string;
  text: string;
  /** Slack text (mentions are `<@U…>` markup), an email (plain text) or a GitHub issue or comment (Markdown). */
  kind: 'slack' | 'email' | 'github';
}

export interface Violation {
  where: string;
  rule: string;
  excerpt: string;
}

// Keys whose values people never read: ids, values a button carries back, URLs, the modal's state.
const MACHINE_KEYS = new Set([
  'placeholder_id',
  'action_id',
  'block_id',
  'value',
  'url',
  'image_url',
  'private_metadata',
  'callback_id',
  'external_id',
  'type',
  'style',
  'id',
]);

/** Every string a person reads in a Block Kit payload (its fallback text included). */
export function slackTexts(payload: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown, key: string) => {
    if (typeof v === 'string') {
      // @slack/web-api sends `blocks` and `view` JSON-encoded in the form body.
      if ((key === 'blocks' || key === 'view') && /^[[{]/.test(v.trim())) return walk(JSON.parse(v) as unknown, '');
      if (!MACHINE_KEYS.has(key)) out.push(v);
      return;
    }
    if (Array.isArray(v)) return v.forEach((x) => walk(x, key));
    if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) if (!MACHINE_KEYS.has(k)) walk(x, k);
  };
  walk(payload, '');
  return out;
}

const ENUM_WORDS =
  /\b(day15|day30|extension_end|inbound_sdr|license_owner|feedback_owner|not_a_fit|job_seeker|instance-request|qualified_lead|existing_instance)\b/;
const PLACEHOLDERS = /<instance>|\bundefined\b|\bNaN\b|\[object Object\]|\{\{|\}\}|\bTODO\b|\bnull\b/;

/**
 * The rules, each a plain check on the text. `userIds` are the workspace's people: one of them
 * outside `<@…>` markup is a raw id a person would have to look up.
 */
export function readabilityViolations(items: Readable[], userIds: readonly string[]): Violation[] {
  const found: Violation[] = [];
  const ids = [...new Set(userIds)].filter((id) => id.length >= 3);
  const idPattern = ids.length ? new RegExp(`(?<![<@/\\w])(${ids.map((i) => i.replace(/[^A-Z0-9]/g, '')).join('|')})(?![\\w>|])`) : null;
  for (const item of items) {
    // Slack's own date tokens render in the reader's zone; their fallback is for old clients only.
    const text = item.text.replace(/<!date\^[^>]*>/g, 'DATE').replace(/<[@#][A-Z0-9]+(\|[^>]*)?>/g, 'MENTION');
    const check = (rule: string, pattern: RegExp | null) => {
      const m = pattern?.exec(text);
      if (m) found.push({ where: item.where, rule, excerpt: text.slice(Math.max(0, m.index - 50), m.index + 60).replace(/\s+/g, ' ') });
    };
    // An id in backticks is a handle a person types (the roster file's), not a name they should have been shown.
    check('raw user id', idPattern && ({ exec: (t: string) => idPattern.exec(t.replace(/`[^`]*`/g, 'CODE')) } as RegExp));
    // One of our own mentions escaped shows as `<@U…>` in Slack; a quoted `<@U123>` someone typed is theirs to read as typed.
    check('escaped mention', ids.length ? new RegExp(`&lt;@(${ids.map((i) => i.replace(/[^A-Z0-9]/g, '')).join('|')})&gt;`) : null);
    check('ISO timestamp', /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
    check('ISO date', /\b\d{4}-\d{2}-\d{2}\b/);
    // A role or value in backticks is what a person types (`license_owner` in the roster file).
    check('enum word', { exec: (t: string) => ENUM_WORDS.exec(t.replace(/`[^`]*`/g, 'CODE')) } as RegExp);
    check('placeholder', PLACEHOLDERS);
    if (item.kind === 'slack') check('CLI command', /\bnpm run\b|\badmin -- /);
  }
  return found;
}

/** One line per distinct violation, for a failure message. */
export function describeViolations(violations: Violation[]): string {
  const seen = new Set<string>();
  return violations
    .map((v) => `${v.rule} in ${v.where}: …${v.excerpt}…`)
    .filter((line) => !seen.has(line) && seen.add(line))
    .join('\n');
}
