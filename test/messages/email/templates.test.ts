import { describe, expect, it } from 'vitest';
import { selfHostEmail, welcomeEmail } from '../../../src/messages/email/templates.js';

const brand = { company: 'Sourcegraph', product: 'Sourcegraph Cloud', selfHostUrl: 'https://sourcegraph.com/docs/admin/deploy' };

describe('email templates', () => {
  const ce = { name: 'Carol CE', email: 'carol@vendor.test' };
  const ae = { name: 'Alice AE', email: 'alice@vendor.test' };

  it('welcome: to the prospect, CE introduced, CE and AE in cc, instance being provisioned', () => {
    const mail = welcomeEmail({ brand, to: 'bob@initech.com', prospectName: 'Bob', company: 'Initech', ce, ae });
    expect(mail.to).toEqual(['bob@initech.com']);
    expect(mail.cc).toEqual(['carol@vendor.test', 'alice@vendor.test']);
    expect(mail.subject).toBe('Your Sourcegraph Cloud trial for Initech is being set up');
    expect(mail.text).toContain('Hi Bob,');
    expect(mail.text).toContain('Carol CE (carol@vendor.test)');
    expect(mail.text).toMatch(/being provisioned/);
    expect(mail.html).toContain('Carol CE (carol@vendor.test)');
  });

  it('welcome while queued at capacity: says the instance waits for capacity, never that it is being provisioned', () => {
    const mail = welcomeEmail({ brand, to: 'bob@initech.com', prospectName: 'Bob', company: 'Initech', ce, ae, instance: 'queued' });
    expect(mail.cc).toEqual(['carol@vendor.test', 'alice@vendor.test']);
    expect(mail.subject).toBe('Your Sourcegraph Cloud trial for Initech is confirmed');
    expect(mail.text).toMatch(/as soon as capacity frees up/);
    expect(mail.text).toMatch(/Carol CE \(carol@vendor.test\), a Customer Engineer, will be your guide during the trial and will be in touch/);
    for (const part of [mail.subject, mail.text, mail.html]) expect(part).not.toMatch(/being (provisioned|set up)/);
  });

  it('self-host: recommends self-hosting, nothing about a cloud instance being set up', () => {
    const mail = selfHostEmail({ brand, to: 'kid@gmail.com', prospectName: null });
    expect(mail.to).toEqual(['kid@gmail.com']);
    expect(mail.cc).toBeUndefined();
    expect(mail.text.startsWith('Hi,')).toBe(true);
    expect(mail.text).toMatch(/self|own machine/);
  });

  it('user input is escaped in HTML and cannot break the subject line', () => {
    const mail = welcomeEmail({ brand, to: 'x@y.com', prospectName: '<script>alert(1)</script>', company: 'Evil\r\nBcc: victim@x.com', ce, ae: null });
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;');
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.cc).toEqual(['carol@vendor.test']);
  });
});

describe('branding', () => {
  it('names only the configured company and product; unconfigured, a neutral one, and no self-host link', () => {
    const neutral = { company: 'Example Co', product: 'Example Cloud', selfHostUrl: null };
    const ce = { name: 'Carol', email: 'carol@vendor.test' };
    const welcome = welcomeEmail({ brand: neutral, to: 'bob@initech.com', prospectName: 'Bob', company: 'Initech', ce, ae: null });
    expect(welcome.subject).toBe('Your Example Cloud trial for Initech is being set up');
    expect(welcome.text).toContain('Carol\nExample Co');
    const selfHost = selfHostEmail({ brand: neutral, to: 'kid@gmail.com', prospectName: null });
    expect(selfHost.text).toContain('The Example Co team');
    expect(selfHost.text).not.toContain('Start here');
    for (const m of [welcome, selfHost]) expect(`${m.subject}${m.text}${m.html}`).not.toMatch(/sourcegraph/i);
  });
});
