/** An email as trialbot writes it: rendered here, sent by clients/mailer.ts. */
export interface Email {
  to: string[];
  cc?: string[];
  /** Where replies go: the CE who signs the welcome, not EMAIL_FROM's mailbox. */
  replyTo?: string[];
  subject: string;
  text: string;
  html: string;
  /** Stable per email: a retried send carries the same Message-ID, so receivers drop the copy. */
  messageId: string;
}
