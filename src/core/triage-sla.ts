// The inbound SDRs' first-touch target (seed 001): under 5 minutes from the lead's creation to
// the first touch, here the triage decision. Plain minutes for now; business hours (evenings and
// weekends not counted) belong in this one function when they come, and every figure follows.

export const TRIAGE_SLA_MINUTES = 5;

/**
 * Whether a lead created at `createdAt` met the triage SLA: `met` (decided within it), `missed`
 * (decided late, or still undecided once the SLA has run out at `now`), or `pending` (undecided,
 * SLA still running: it counts for neither side yet).
 */
export function triageSla(createdAt: Date, decidedAt: Date | null, now: Date): 'met' | 'missed' | 'pending' {
  const deadline = createdAt.getTime() + TRIAGE_SLA_MINUTES * 60_000;
  if (decidedAt) return decidedAt.getTime() <= deadline ? 'met' : 'missed';
  return now.getTime() > deadline ? 'missed' : 'pending';
}

/** How the SLA reads in a table header or a sentence: "within 5 min". */
export const triageSlaLabel = `within ${TRIAGE_SLA_MINUTES} min`;
