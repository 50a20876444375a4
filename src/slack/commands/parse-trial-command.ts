// The one parser of `/trial` text. Inside a trial space the trial is the
// channel's, so arguments start right after the subcommand; elsewhere the
// first argument names the trial. Anything it does not understand becomes a
// `usage` answer naming the problem, never a guess.

export const DEFAULT_EXTEND_DAYS = 15;
export const MAX_EXTEND_DAYS = 90;
export const MAX_REASON_LENGTH = 500;

export type TrialCommand =
  | { kind: 'extend'; trialRef?: string; days: number; reason?: string }
  | { kind: 'terminate'; trialRef?: string; reason?: string }
  | { kind: 'convert'; trialRef?: string }
  | { kind: 'welcomed'; trialRef?: string }
  | { kind: 'status'; trialRef?: string }
  | { kind: 'domain'; trialRef?: string; vanity: string }
  | { kind: 'domainDone'; trialRef?: string }
  | { kind: 'list' }
  | { kind: 'report' }
  | { kind: 'history'; domain?: string }
  | { kind: 'help' }
  | { kind: 'usage'; problem: string };

export interface ParseContext {
  /** The command was typed in a trial's own channel: that is the trial. */
  inTrialSpace: boolean;
}

const subcommands = ['extend', 'terminate', 'convert', 'welcomed', 'status', 'list', 'report', 'history', 'domain', 'help'] as const;

const DAYS_PROBLEM = `days must be a whole number from 1 to ${MAX_EXTEND_DAYS}`;

/**
 * Slack wraps links and channel references in `<…>` when it escapes a
 * command's text; the parser works on what the person typed.
 */
function unwrapSlackToken(token: string): string {
  const link = /^<(https?:\/\/[^|>]+)(?:\|([^>]*))?>$/i.exec(token);
  if (link) return link[2] || link[1] || token;
  const mailto = /^<mailto:[^|>]+\|([^>]*)>$/i.exec(token);
  if (mailto) return mailto[1] ?? token;
  return token;
}

/** `/^\d+$/` within 1–90, or the problem with it. */
export function parseDays(token: string): number | { problem: string } {
  if (!/^\d+$/.test(token)) return { problem: DAYS_PROBLEM };
  const days = Number(token);
  if (!Number.isSafeInteger(days) || days < 1 || days > MAX_EXTEND_DAYS) return { problem: DAYS_PROBLEM };
  return days;
}

const HOST_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/**
 * A full hostname such as `acme.sourcegraph.com`, lowercased; a pasted URL
 * (`https://acme.sourcegraph.com/`) is reduced to its host. Null when it is not one.
 */
export function parseHostname(input: string): string | null {
  let host = unwrapSlackToken(input.trim()).toLowerCase();
  host = host
    .replace(/^https?:\/\//, '')
    .replace(/\/+$/, '')
    .replace(/\.$/, '');
  if (host.length === 0 || host.length > 253) return null;
  const labels = host.split('.');
  if (labels.length < 2) return null;
  if (!labels.every((l) => HOST_LABEL.test(l))) return null;
  // The top-level label is letters only: `10.0.0.1` is an address, not a domain.
  if (!/^[a-z]{2,63}$/.test(labels.at(-1) ?? '')) return null;
  return host;
}

function reasonOf(words: string[]): string | undefined | { problem: string } {
  const reason = words.join(' ').trim();
  if (reason === '') return undefined;
  if (reason.length > MAX_REASON_LENGTH) return { problem: `the reason is too long (${MAX_REASON_LENGTH} characters at most)` };
  return reason;
}

const isProblem = (v: unknown): v is { problem: string } => typeof v === 'object' && v !== null && 'problem' in v;

export function parseTrialCommand(text: string, ctx: ParseContext): TrialCommand {
  const words = text
    .trim()
    .split(/\s+/)
    .filter((w) => w !== '');
  if (words.length === 0) return { kind: 'help' };
  const [typed = ''] = words;
  const sub = typed.toLowerCase();
  const rest = words.slice(1);
  if (!(subcommands as readonly string[]).includes(sub)) {
    return { kind: 'usage', problem: `I don't know the subcommand "${truncateWord(typed)}".` };
  }

  switch (sub as (typeof subcommands)[number]) {
    case 'help':
      return { kind: 'help' };

    case 'list':
      return rest.length === 0 ? { kind: 'list' } : { kind: 'usage', problem: '`list` takes no arguments: it lists your own trials.' };

    case 'history':
      if (rest.length > 1) return { kind: 'usage', problem: '`history` takes one argument: the company’s domain.' };
      return rest.length === 1 ? { kind: 'history', domain: unwrapSlackToken(rest[0] ?? '') } : { kind: 'history' };

    case 'report':
      return rest.length === 0 ? { kind: 'report' } : { kind: 'usage', problem: '`report` takes no arguments: it shows this week so far.' };

    case 'status': {
      // Read-only, so a trial may be named even inside a space.
      if (rest.length > 1) return { kind: 'usage', problem: '`status` takes at most one argument: the trial.' };
      return rest.length === 1 ? { kind: 'status', trialRef: rest[0] } : { kind: 'status' };
    }

    case 'extend': {
      let args = rest;
      let trialRef: string | undefined;
      // Outside a space the trial comes first, unless the first word is plainly the days
      // (then the trial is missing, and resolving it says so).
      if (!ctx.inTrialSpace && args.length > 0 && !/^\d+$/.test(args[0] ?? '')) {
        trialRef = args[0];
        args = args.slice(1);
      }
      let days = DEFAULT_EXTEND_DAYS;
      if (args.length > 0) {
        const parsed = parseDays(args[0] ?? '');
        if (isProblem(parsed)) return { kind: 'usage', problem: parsed.problem };
        days = parsed;
        args = args.slice(1);
      }
      const reason = reasonOf(args);
      if (isProblem(reason)) return { kind: 'usage', problem: reason.problem };
      return { kind: 'extend', ...(trialRef ? { trialRef } : {}), days, ...(reason ? { reason } : {}) };
    }

    case 'terminate': {
      let args = rest;
      let trialRef: string | undefined;
      if (!ctx.inTrialSpace && args.length > 0) {
        trialRef = args[0];
        args = args.slice(1);
      }
      const reason = reasonOf(args);
      if (isProblem(reason)) return { kind: 'usage', problem: reason.problem };
      return { kind: 'terminate', ...(trialRef ? { trialRef } : {}), ...(reason ? { reason } : {}) };
    }

    case 'welcomed': {
      if (ctx.inTrialSpace) {
        return rest.length === 0 ? { kind: 'welcomed' } : { kind: 'usage', problem: '`welcomed` takes no arguments here: it is this channel’s trial.' };
      }
      if (rest.length > 1) return { kind: 'usage', problem: '`welcomed` takes one argument: the trial.' };
      return rest.length === 1 ? { kind: 'welcomed', trialRef: rest[0] } : { kind: 'welcomed' };
    }

    case 'convert': {
      if (ctx.inTrialSpace) {
        return rest.length === 0 ? { kind: 'convert' } : { kind: 'usage', problem: '`convert` takes no arguments here: it converts this channel’s trial.' };
      }
      if (rest.length > 1) return { kind: 'usage', problem: '`convert` takes one argument: the trial.' };
      return rest.length === 1 ? { kind: 'convert', trialRef: rest[0] } : { kind: 'convert' };
    }

    case 'domain': {
      let args = rest;
      let trialRef: string | undefined;
      if (!ctx.inTrialSpace && args.length >= 2) {
        trialRef = args[0];
        args = args.slice(1);
      }
      // `domain done`: the cloud team moved it (as closing their issue says).
      if (args.length === 1 && args[0]?.toLowerCase() === 'done') return { kind: 'domainDone', ...(trialRef ? { trialRef } : {}) };
      if (args.length === 0) return { kind: 'usage', problem: '`domain` needs the new hostname, e.g. `acme.sourcegraph.com`.' };
      if (args.length > 1) return { kind: 'usage', problem: '`domain` takes the new hostname and nothing else.' };
      const [hostname = ''] = args;
      const vanity = parseHostname(hostname);
      if (!vanity) return { kind: 'usage', problem: `"${truncateWord(hostname)}" is not a full hostname such as \`acme.sourcegraph.com\`.` };
      return { kind: 'domain', ...(trialRef ? { trialRef } : {}), vanity };
    }
  }
}

function truncateWord(word: string): string {
  return word.length > 40 ? `${word.slice(0, 39)}…` : word;
}
