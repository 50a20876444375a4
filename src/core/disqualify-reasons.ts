/**
 * Why an SDR may disqualify a lead: the value stored and audited, and the label people read. The
 * seed's lead statuses (001: Nurture, Self-Service, Unqualified for students and job candidates,
 * Bad-Data) and its rule that consultants do not enter the round robin.
 */
export const disqualifyReasons = {
  self_service: 'Self-Service: best served self-hosted',
  nurture: 'Nurture: not ready yet',
  not_a_fit: 'Too small / not a fit',
  consultant: 'Consultant',
  student: 'Student / personal use',
  job_seeker: 'Job seeker',
  competitor: 'Competitor',
  spam: 'Spam / bad data',
  other: 'Other',
} as const;
export type DisqualifyReason = keyof typeof disqualifyReasons;

/**
 * Whether the lead hears back with the self-host recommendation (seed 002, Case 3.1): a prospect who
 * may use the product self-hosted does; spam, a competitor, a student or a job seeker does not.
 */
export function sendsSelfHostEmail(reason: DisqualifyReason): boolean {
  return !['spam', 'competitor', 'student', 'job_seeker'].includes(reason);
}
