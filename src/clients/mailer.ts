import nodemailer from 'nodemailer';
import type { Logger } from '../logger.js';
import type { Email } from '../messages/email/email.js';

export type { Email };

export interface Mailer {
  send(email: Email): Promise<{ sent: boolean; messageId: string }>;
  /** Connects and logs in (nodemailer's verify) without sending; false when there is no SMTP_URL. */
  verify(): Promise<boolean>;
  close(): void;
}

/** How long the SMTP conversation may stall, in ms. */
export interface SmtpTimeouts {
  /** To open the TCP connection. */
  connectionTimeout: number;
  /** For the server's greeting once connected. */
  greetingTimeout: number;
  /** Of silence at any later point of the conversation. */
  socketTimeout: number;
}

/**
 * nodemailer waits 2 minutes to connect and 10 minutes on a silent socket by default: a mail
 * server that accepts connections and then says nothing would hold the email's effect, and its
 * trial's lane, for that long. A failed send is retried by the outbox anyway.
 */
export const SMTP_TIMEOUTS: SmtpTimeouts = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

/** SMTP_URL with our timeouts added, unless the URL sets its own (`?socketTimeout=…`). */
function withTimeouts(smtpUrl: string, timeouts: SmtpTimeouts): string {
  const url = new URL(smtpUrl);
  for (const [name, ms] of Object.entries(timeouts)) if (!url.searchParams.has(name)) url.searchParams.set(name, String(ms));
  return url.toString();
}

/**
 * nodemailer on SMTP_URL. Without one the email stays in the outbox table
 * (its payload is the whole message) and a log line says so.
 */
export function createMailer(options: { smtpUrl?: string; from?: string; logger: Logger; timeouts?: Partial<SmtpTimeouts> }): Mailer {
  const { logger } = options;
  if (!options.smtpUrl) {
    return {
      async send(email) {
        logger.info({ to: email.to, subject: email.subject }, 'email kept in the outbox (no SMTP_URL)');
        return { sent: false, messageId: email.messageId };
      },
      async verify() {
        return false;
      },
      close() {},
    };
  }
  const transport = nodemailer.createTransport(withTimeouts(options.smtpUrl, { ...SMTP_TIMEOUTS, ...options.timeouts }), { from: options.from });
  return {
    async send(email) {
      await transport.sendMail({
        from: options.from,
        to: email.to,
        cc: email.cc,
        replyTo: email.replyTo,
        subject: email.subject,
        text: email.text,
        html: email.html,
        messageId: email.messageId,
      });
      return { sent: true, messageId: email.messageId };
    },
    async verify() {
      await transport.verify();
      return true;
    },
    close() {
      transport.close();
    },
  };
}
