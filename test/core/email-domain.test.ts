import { describe, expect, it } from 'vitest';
import { emailDomain } from '../../src/core/email-domain.js';

describe('emailDomain', () => {
  it.each([
    ['bob@acme.com', 'acme.com', false],
    ['bob@eng.acme.co.uk', 'acme.co.uk', false],
    ['bob@a.b.c.acme-corp.com', 'acme-corp.com', false],
    ['BOB@ACME.COM', 'acme.com', false],
    ['jo@gmail.com', 'gmail.com', true],
    ['jo@googlemail.com', 'googlemail.com', true],
    ['jo@gmx.de', 'gmx.de', true],
    ['jo@gmx.net', 'gmx.net', true],
    ['jo@yahoo.co.uk', 'yahoo.co.uk', true],
    ['jo@mail.ru', 'mail.ru', true],
    ['jo@163.com', '163.com', true],
    ['jo@proton.me', 'proton.me', true],
    ['jo@outlook.com', 'outlook.com', true],
  ])('%s → %s (personal: %s)', (email, domain, personal) => {
    expect(emailDomain(email)).toEqual({ domain, personal });
  });

  it.each(['bob@localhost', 'bob@127.0.0.1', 'bob@com', 'bob', '@acme.com', 'bob@nonexistent-tld.zzzz'])('%s has no registrable domain', (email) => {
    expect(emailDomain(email)).toBeNull();
  });
});
