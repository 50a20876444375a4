// The shapes flows record in the outbox and the worker's effects read: shared by both, so they live
// below both.
import type { Block } from '../messages/slack/block-kit.js';

/** Where a message goes. Resolved when the effect runs, from the state at that moment. */
export type Destination =
  | { channel: string; threadTs?: string }
  | { user: string }
  /** #cloud-trial-alerts. */
  | { alerts: true }
  /** The trial's space: its channel, or its thread in #cloud-trial-alerts (TRIAL_SPACE=thread). */
  | { trialSpace: string }
  /** The thread under the trial's alert in #cloud-trial-alerts. */
  | { trialAlertThread: string };

export interface SlackPostPayload {
  to: Destination;
  text: string;
  /** None: the text as one verbatim section, so nothing in it (a prospect's URL or #name) becomes a link. */
  blocks?: Block[];
}

/** A `prompt.post` effect: which decision, to whom, and whether it is the escalation. Drawn when sent. */
export interface DeadlinePromptPayload {
  milestoneId: number;
  to: Destination;
  /** The reminder to the AE and #cloud-trial-alerts that the prompt went unanswered. */
  escalation?: boolean;
}

/** A `feedback.post` effect: an ended trial's feedback request, to a feedback owner or the alerts channel. */
export interface FeedbackRequestPayload {
  trialId: string;
  to: { user: string } | { alerts: true };
}

/** A `license.post` effect: a rotation period's reminder (or escalation), to a license owner or the alerts channel. */
export interface LicenseReminderPayload {
  periodDueAt: string;
  to: { user: string } | { alerts: true };
  escalation?: boolean;
}
