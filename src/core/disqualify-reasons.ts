/** Why an SDR may disqualify a lead: the value stored and audited, and the label people read. */
export const disqualifyReasons = {
  student: 'Student',
  job_seeker: 'Job seeker',
  competitor: 'Competitor',
  not_a_fit: 'Too small / not a fit',
  spam: 'Spam',
  other: 'Other',
} as const;
export type DisqualifyReason = keyof typeof disqualifyReasons;
