/** Every interactive id the bot sends out, in one place. */
export const ActionId = {
  Qualify: 'trial_qualify',
  Disqualify: 'trial_disqualify',
  OpportunityCreated: 'trial_opportunity_created',
  Extend: 'trial_extend',
  Terminate: 'trial_terminate',
  Convert: 'trial_convert',
  FeedbackSent: 'trial_feedback_sent',
  LicenseRotated: 'license_rotated',
  History: 'trial_history',
  Reopen: 'trial_reopen',
  Reassign: 'trial_reassign',
  RetryEffect: 'outbox_retry',
  Welcomed: 'trial_welcomed',
  Snooze: 'trial_snooze',
} as const;

export const ViewId = {
  DisqualifyReason: 'trial_disqualify_reason',
  Reassign: 'trial_reassign_owner',
} as const;

export const BlockId = {
  DisqualifyReason: 'reason',
  DisqualifyDetail: 'detail',
  ReassignPerson: 'person',
} as const;
