import type { TestBot } from './test-bot.js';
import { seedAccount, seedPool, seedTeam, team } from './seed.js';

export interface ActiveTrial {
  id: string;
  /** The trial space's channel id. */
  space: string;
  instanceUrl: string;
  domain: string;
}

/**
 * A running trial, the quickest way: a pre-qualified (Case 2.2) signup takes a
 * pool instance and starts its clock at once. Round robin gives it AE
 * `team.ae1` and CE `team.ce1` on a fresh database.
 */
export async function activeTrial(
  t: TestBot,
  opts: { domain?: string; company?: string; email?: string; seed?: boolean; pool?: number; signupId?: string } = {},
): Promise<ActiveTrial> {
  const domain = opts.domain ?? 'hooli.com';
  if (opts.seed !== false) {
    seedTeam(t.db);
    seedPool(t.db, opts.pool ?? 3);
  }
  seedAccount(t.db, { domain, name: opts.company ?? 'Hooli', prequalified: true, named: false });
  const res = await t.signup({ id: opts.signupId ?? `s-${domain}`, email: opts.email ?? `gavin@${domain}`, name: 'Gavin Belson' });
  await t.settle();
  const row = t.db.prepare('SELECT * FROM trials WHERE id = ?').get(res.body.trialId) as {
    id: string;
    space_channel_id: string;
    instance_url: string;
    status: string;
  };
  if (row.status !== 'active' || !row.space_channel_id) throw new Error(`trial not active with a space: ${JSON.stringify(row)}`);
  return { id: row.id, space: row.space_channel_id, instanceUrl: row.instance_url, domain };
}

export const trialRow = (t: TestBot, id: string) => t.db.prepare('SELECT * FROM trials WHERE id = ?').get(id) as any;

export const milestonesOf = (t: TestBot, id: string) =>
  t.db.prepare('SELECT kind, due_on, prompted_at, answered_at, cancelled_at FROM milestones WHERE trial_id = ? ORDER BY due_on, kind').all(id) as Array<{
    kind: string;
    due_on: string;
    prompted_at: string | null;
    answered_at: string | null;
    cancelled_at: string | null;
  }>;

/** Everything the bot would do or has done: a refused request must not add to it. */
export const outboxCount = (t: TestBot) => t.count('outbox');

/** The text of the bot's messages in a channel, joined. */
export const textIn = (t: TestBot, channel: string) =>
  t.slack
    .messagesIn(channel)
    .map((m) => `${m.text}\n${JSON.stringify(m.blocks ?? [])}`)
    .join('\n');

/** Every mrkdwn text in a message's blocks: where `<…>` would mean a mention or a link. */
export function mrkdwnTexts(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(mrkdwnTexts);
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (o.type === 'mrkdwn' && typeof o.text === 'string') return [o.text];
    return Object.values(o).flatMap(mrkdwnTexts);
  }
  return [];
}

export { team };
