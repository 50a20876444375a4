import nodemailer from 'nodemailer';
import type { Logger } from '../logger.js';

export interface Email {
  to: string[];
  cc?: string[];
  subject: string;
  text: string;
  html: string;
  /** Stable per email: a retried send carries the same Message-ID, so receivers drop the copy. */
  messageId: string;
}

export interface Mailer {
  send(email: Email): Promise<{ sent: boolean; messageId: string }>;
  close(): void;
}

/**
 * nodemailer on SMTP_URL. Without one the email stays in the outbox table
 * (its payload is the whole message) and a log line says so.
 */
export function createMailer(options: { smtpUrl?: string; from?: string; logger: Logger }): Mailer {
  const { logger } = options;
  if (!options.smtpUrl) {
    return {
      async send(email) {
        logger.info({ to: email.to, subject: email.subject }, 'email kept in the outbox (no SMTP_URL)');
        return { sent: false, messageId: email.messageId };
      },
      close() {},
    };
  }
  const transport = nodemailer.createTransport(options.smtpUrl, { from: options.from });
  return {
    async send(email) {
      await transport.sendMail({
        from: options.from,
        to: email.to,
        cc: email.cc,
        subject: email.subject,
        text: email.text,
        html: email.html,
        messageId: email.messageId,
      });
      return { sent: true, messageId: email.messageId };
    },
    close() {
      transport.close();
    },
  };
}
