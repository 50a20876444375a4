/** Why a triage decision was refused; each becomes a clear ephemeral answer. */
export type TriageRefusal =
  | { refused: 'unknown_trial' }
  | { refused: 'not_inbound_sdr' }
  | { refused: 'not_case_3' }
  | { refused: 'already_decided'; by: string | null; decision: string | null; at: string | null };
