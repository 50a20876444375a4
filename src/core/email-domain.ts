import { parse } from 'tldts';
import personalMailDomains from './personal-mail-domains.json' with { type: 'json' };

const personal = new Set<string>(personalMailDomains.domains);

export interface EmailDomain {
  /** The organisation's registrable domain: bob@eng.acme.co.uk → acme.co.uk. */
  domain: string;
  /** A consumer mailbox provider: never matched to an instance or an account. */
  personal: boolean;
}

/** Null when the address has no registrable domain (an IP, `localhost`, a bare TLD). */
export function emailDomain(email: string): EmailDomain | null {
  const at = email.lastIndexOf('@');
  if (at < 1) return null;
  const host = email.slice(at + 1).toLowerCase();
  const parsed = parse(host);
  if (!parsed.domain || parsed.isIp || !parsed.isIcann) return null;
  return { domain: parsed.domain, personal: personal.has(parsed.domain) || personal.has(host) };
}
