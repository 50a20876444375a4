import type { Brand } from '../../core/brand.js';
import type { Email } from './email.js';

const html = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
/** Header-safe: no line breaks from user input in a subject. */
const oneLine = (s: string) => s.replace(/[\r\n]+/g, ' ').trim();
/** A prospect's text in a subject: one line, and short enough that the subject stays one a mail client shows. */
export const SUBJECT_PART_MAX = 80;
const subjectPart = (s: string) => {
  const line = oneLine(s);
  const chars = [...line];
  return chars.length <= SUBJECT_PART_MAX ? line : `${chars.slice(0, SUBJECT_PART_MAX - 1).join('')}…`;
};

/** An email as recorded for the outbox to send (the message id is the sender's). */
export type Draft = Omit<Email, 'messageId'>;

function render(paragraphs: string[], signature: string): { text: string; html: string } {
  return {
    text: `${paragraphs.join('\n\n')}\n\n${signature}\n`,
    html: `<!doctype html><html><body>${paragraphs.map((p) => `<p>${html(p).replace(/\n/g, '<br>')}</p>`).join('')}<p>${html(signature).replace(/\n/g, '<br>')}</p></body></html>`,
  };
}

/** Case 3.1: not a fit for a cloud trial; self-hosting is. */
export function selfHostEmail(f: { to: string; prospectName: string | null; brand: Brand }): Draft {
  const hello = f.prospectName ? `Hi ${oneLine(f.prospectName)},` : 'Hi,';
  return {
    to: [f.to],
    subject: `Your ${f.brand.product} trial: try it self-hosted`,
    ...render(
      [
        hello,
        `Thanks for signing up for a ${f.brand.product} trial. We are not able to offer you a cloud instance right now, but you can run ${f.brand.company}'s product on your own machine or servers in a few minutes, for free.`,
        ...(f.brand.selfHostUrl ? [`Start here: ${f.brand.selfHostUrl}`] : []),
      ],
      `The ${f.brand.company} team`,
    ),
  };
}

/**
 * Case 3.2: qualified; the CE is introduced, AE in cc. `queued`: every instance is in use
 * (MAX_ACTIVE_INSTANCES), so nothing is being provisioned yet and the email must not say so.
 */
export function welcomeEmail(f: {
  to: string;
  prospectName: string | null;
  company: string | null;
  ce: { name: string; email: string };
  ae: { name: string; email: string } | null;
  instance?: 'provisioning' | 'queued';
  brand: Brand;
}): Draft {
  const hello = f.prospectName ? `Hi ${oneLine(f.prospectName)},` : 'Hi,';
  const company = f.company ? ` for ${oneLine(f.company)}` : '';
  const forCompany = f.company ? ` for ${subjectPart(f.company)}` : '';
  const queued = f.instance === 'queued';
  const ce = `${oneLine(f.ce.name)} (${f.ce.email})`;
  return {
    to: [f.to],
    cc: [f.ce.email, ...(f.ae ? [f.ae.email] : [])],
    // The email is signed by the CE and asks the prospect to reply: the reply reaches the CE.
    replyTo: [f.ce.email],
    subject: queued ? `Your ${f.brand.product} trial${forCompany} is confirmed` : `Your ${f.brand.product} trial${forCompany} is being set up`,
    ...render(
      [
        hello,
        queued
          ? `Thanks for signing up for a ${f.brand.product} trial${company}. All of our trial instances are in use right now, so yours is in the queue: we will set up your instance as soon as capacity frees up, and you will receive a link to set your password when it is ready. Your trial starts on that day, so you lose none of it while you wait.`
          : `Thanks for signing up for a ${f.brand.product} trial${company}. Your instance is being provisioned now; you will receive a link to set your password as soon as it is ready.`,
        `${ce}, a Customer Engineer, will be your guide during the trial${queued ? ' and will be in touch while you wait' : ''}: reply to this email with any question, or to set up a session to connect your code hosts and get the most out of ${f.brand.product}.${f.ae ? ` ${oneLine(f.ae.name)} (${f.ae.email}) is in copy for anything commercial.` : ''}`,
      ],
      `${oneLine(f.ce.name)}\n${f.brand.company}`,
    ),
  };
}

/**
 * Cases 2.1 and 2.2 (seed 002, second step): the signup site already sent the prospect to their
 * instance with a link to set a password; the CE introduces themselves and offers a white-glove
 * setup session, AE in cc. Replies reach the CE.
 */
export function introductionEmail(f: {
  to: string;
  prospectName: string | null;
  company: string | null;
  instanceUrl: string;
  ce: { name: string; email: string };
  ae: { name: string; email: string } | null;
  brand: Brand;
}): Draft {
  const hello = f.prospectName ? `Hi ${oneLine(f.prospectName)},` : 'Hi,';
  const forCompany = f.company ? ` for ${subjectPart(f.company)}` : '';
  return {
    to: [f.to],
    cc: [f.ce.email, ...(f.ae ? [f.ae.email] : [])],
    replyTo: [f.ce.email],
    subject: `Your ${f.brand.product} trial${forCompany}: your guide`,
    ...render(
      [
        hello,
        `Thanks for starting a ${f.brand.product} trial. Your instance is ready at ${f.instanceUrl} (the link to set your password came with your signup).`,
        `I am ${oneLine(f.ce.name)}, a Customer Engineer, and I will be your guide during the trial: reply to this email with any question, or to set up a session to connect your code hosts and get the most out of ${f.brand.product}.${f.ae ? ` ${oneLine(f.ae.name)} (${f.ae.email}) is in copy for anything commercial.` : ''}`,
      ],
      `${oneLine(f.ce.name)}\n${f.brand.company}`,
    ),
  };
}

/**
 * Case 1 (seed 002): their company already has an instance, and the signup site sent them there;
 * unless SSO is set up, its admin has to invite them. The account's AE says so, and helps.
 */
export function existingInstanceEmail(f: {
  to: string;
  prospectName: string | null;
  company: string | null;
  instanceUrl: string;
  ae: { name: string; email: string };
  brand: Brand;
}): Draft {
  const hello = f.prospectName ? `Hi ${oneLine(f.prospectName)},` : 'Hi,';
  const yourCompany = f.company ? oneLine(f.company) : 'your company';
  return {
    to: [f.to],
    cc: [f.ae.email],
    replyTo: [f.ae.email],
    subject: `Your ${f.brand.product} access${f.company ? ` at ${subjectPart(f.company)}` : ''}`,
    ...render(
      [
        hello,
        `Thanks for signing up for ${f.brand.product}. ${yourCompany} already has an instance, at ${f.instanceUrl}, and that is where your signup took you.`,
        `Unless your company signs in through single sign-on, an administrator of that instance needs to invite you. I am the account manager for ${yourCompany} and will make sure that happens: reply to this email if you have not received an invitation within a day, or with any question.`,
      ],
      `${oneLine(f.ae.name)}\n${f.brand.company}`,
    ),
  };
}
