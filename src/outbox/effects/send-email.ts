import { defineEffect } from '../effect-handler.js';
import type { Email } from '../../clients/mailer.js';
import { audit } from '../../stores/audit-log.js';

export type EmailPayload = Omit<Email, 'messageId'> & { trialId: string | null; template: string };

/**
 * Sends one email. Its Message-ID comes from the effect key, so if a crash
 * falls between the SMTP server accepting it and us recording that, the
 * resend is the same message and receivers drop the duplicate.
 */
export const sendEmail = defineEffect<EmailPayload, { sent: boolean; messageId: string }>({
  kind: 'email.send',
  rateKey: () => 'smtp',
  async perform(p, ctx) {
    const messageId = `<${ctx.effect.key.replace(/[^A-Za-z0-9._-]/g, '.')}@trialbot>`;
    return ctx.mailer.send({ to: p.to, cc: p.cc, replyTo: p.replyTo, subject: p.subject, text: p.text, html: p.html, messageId });
  },
  after(p, result, ctx) {
    audit(
      ctx.db,
      {
        trialId: p.trialId,
        actor: 'trialbot',
        action: result.sent ? `emailed ${p.template}` : `kept ${p.template} email (no SMTP_URL)`,
        detail: `to ${p.to.join(', ')}${p.cc?.length ? `, cc ${p.cc.join(', ')}` : ''}`,
      },
      ctx.now(),
    );
  },
});
