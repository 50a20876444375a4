import { createHash } from 'node:crypto';
import type { Db } from '../db/open-database.js';
import type { Finding } from '../core/preflight.js';
import { escapeMrkdwn } from '../core/mrkdwn.js';
import { recordEffect } from '../stores/record-effect.js';

/**
 * What the server found wrong in its wiring at start, posted once to #cloud-trial-alerts (once per
 * distinct set of problems: a restart with the same ones says nothing new). Only what stops work
 * from flowing — Slack, GitHub access, SMTP — and only when the bot can post there at all; the roster,
 * pool and labels are data an admin imports or creates and are logged instead.
 */
export function recordPreflightReport(db: Db, findings: readonly Finding[], now: Date): boolean {
  const canPost = findings.some((f) => f.area === 'slack' && f.ok && f.text.includes('ALERTS_CHANNEL'));
  const wiring = findings.filter((f) => !f.ok && (f.area === 'slack' || f.area === 'smtp' || (f.area === 'github' && !f.text.startsWith('label '))));
  if (!canPost || wiring.length === 0) return false;
  const lines = wiring.map((f) => `:x: ${escapeMrkdwn(f.text)}: ${escapeMrkdwn(f.fix ?? '')}`);
  const key = `preflight:${createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 16)}`;
  const text = `:warning: *trialbot started with ${wiring.length === 1 ? 'a problem' : 'problems'} in how it is set up.* Until fixed, some work cannot go out:\n${lines.join('\n')}`;
  return recordEffect(db, { key, kind: 'slack.post', payload: { to: { alerts: true }, text } }, now);
}
