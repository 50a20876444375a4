import { main } from '../../src/cli/job.js';
import type { TestBot } from '../support/test-bot.js';

/**
 * `npm run job -- <name> --now <iso>` in-process, against the database the
 * server wrote. The server's clock is moved to the same instant first, as the
 * decisions' clock of these tests. `stdout` is the job's summary line; `recorded`
 * the line after it, what the run left for the server to send.
 */
export async function runJob(t: TestBot, setClock: (d: Date) => void, name: string, iso: string) {
  setClock(new Date(iso));
  let stdout = '';
  let stderr = '';
  const code = await main([name, '--now', iso], {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: t.env,
  });
  const [summary = '', recorded = ''] = stdout.split(/(?<=\n)/);
  return { code, stdout: summary, stderr, recorded };
}

/** Bot messages in a channel whose fallback text matches. */
export const messagesMatching = (t: TestBot, channel: string | undefined, pattern: RegExp) =>
  channel ? t.slack.messagesIn(channel).filter((m) => pattern.test(m.text)) : [];

export const dmMatching = (t: TestBot, user: string, pattern: RegExp) => messagesMatching(t, t.slack.dmWith(user), pattern);

export function buttonsOf(message: { blocks?: unknown[] }) {
  return ((message.blocks ?? []) as any[])
    .filter((b) => b.type === 'actions')
    .flatMap((b) => b.elements.map((e: any) => ({ action: e.action_id as string, value: e.value as string })));
}

/** A prompt's buttons, each with the id of its actions block: a click carries both, and the block names the prompt. */
export function promptButtonsOf(message: { blocks?: unknown[] }) {
  return ((message.blocks ?? []) as any[])
    .filter((b) => b.type === 'actions')
    .flatMap((b) => b.elements.map((e: any) => ({ action: e.action_id as string, value: e.value as string, block: b.block_id as string })));
}
