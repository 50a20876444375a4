/** Why a triage decision was refused; each becomes a clear ephemeral answer. */
export type TriageRefusal =
  | { refused: 'unknown_trial' }
  | { refused: 'not_inbound_sdr' }
  | { refused: 'not_case_3' }
  | { refused: 'already_decided'; by: string | null; decision: string | null; at: string | null };

/** A disqualification can be undone by an inbound SDR for this long (seed 001: a lead's status is not final). */
export const REOPEN_WINDOW_MS = 24 * 60 * 60_000;

/** Until when a lead disqualified at `decidedAt` may be reopened. */
export const reopenUntil = (decidedAt: string): Date => new Date(Date.parse(decidedAt) + REOPEN_WINDOW_MS);

export type ReopenRefusal =
  { refused: 'unknown_trial' } | { refused: 'not_inbound_sdr' } | { refused: 'not_disqualified' } | { refused: 'too_late'; until: string };
