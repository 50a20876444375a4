import { describe, expect, it } from 'vitest';
import { emailDomain } from '../../src/core/email-domain.js';
import { routeSignup } from '../../src/core/route-signup.js';

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

  // Every personal-mail domain the foundation issue names: a person, never a company.
  it.each([
    'gmail.com',
    'googlemail.com',
    'outlook.com',
    'hotmail.com',
    'live.com',
    'yahoo.com',
    'icloud.com',
    'me.com',
    'proton.me',
    'protonmail.com',
    'aol.com',
    'gmx.com',
    'gmx.de',
    'gmx.net',
    'mail.ru',
    'yandex.ru',
    'qq.com',
    '163.com',
    '126.com',
  ])('%s is personal mail: always Case 3, whatever claims the domain', (domain) => {
    expect(emailDomain(`Jo.Smith@${domain.toUpperCase()}`)).toEqual({ domain, personal: true });
    const decision = routeSignup({
      personal: emailDomain(`jo@${domain}`)!.personal,
      liveInstance: { url: 'https://claimed.sourcegraph.test', trialId: 'tr_claimed' },
      openTrial: { id: 'tr_open', caseCode: '2.2', status: 'provisioning' },
      account: { prequalified: true, named: true },
    });
    expect(decision).toMatchObject({ case: '3', why: expect.stringMatching(/personal/) });
    expect(decision.joinsTrial).toBeUndefined();
  });
});
