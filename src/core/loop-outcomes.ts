import type { MilestoneKind } from './deadlines.js';

/** What recording the welcome came to (issue 12.3). */
export type WelcomeOutcome =
  | { ok: true; trial: { id: string; company: string | null; domain: string } }
  | { refused: 'unknown_trial' | 'not_allowed' | 'not_running' }
  | { refused: 'already'; by: string; at: string };

/** What a snooze of a decision came to (issue 12.4). */
export type SnoozeOutcome =
  { ok: true; until: string; left: number; kind: MilestoneKind } | { refused: 'unknown_trial' | 'not_allowed' | 'answered' | 'no_snoozes_left' };

/** How many snoozes a decision gets (two days each). */
export const MAX_SNOOZES = 2;
