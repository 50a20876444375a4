import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { candidateName, MAX_BASE, slugify, trialSpaceBase } from '../../src/core/channel-name.js';

const SLACK_NAME = /^[a-z0-9][a-z0-9_-]{0,79}$/;

describe('trialSpaceBase', () => {
  it.each([
    ['Acme Corp', 'acme.com', 'cloud-trial-acme-corp'],
    [null, 'acme-corp.co.uk', 'cloud-trial-acme-corp'],
    ['', 'acme-corp.co.uk', 'cloud-trial-acme-corp'],
    [null, 'ACME.COM', 'cloud-trial-acme'],
    ['Müller & Söhne GmbH', 'mueller.de', 'cloud-trial-muller-sohne-gmbh'],
    ['Crème Brûlée, Inc.', 'creme.fr', 'cloud-trial-creme-brulee-inc'],
    ['Straße AG', 'strasse.de', 'cloud-trial-strasse-ag'],
    ['Ørsted A/S', 'orsted.dk', 'cloud-trial-orsted-a-s'],
    ['Łódź Software', 'lodz.pl', 'cloud-trial-lodz-software'],
    ['ＡＣＭＥ Ｃｏｒｐ', 'acme.jp', 'cloud-trial-acme-corp'], // full-width letters fold
    ['  --Acme__Corp--  ', 'acme.com', 'cloud-trial-acme_corp'],
    ['a - _ b', 'ab.com', 'cloud-trial-a-b'],
    ['snake_case_co', 'x.com', 'cloud-trial-snake_case_co'],
    ['<!channel> hello', 'x.com', 'cloud-trial-channel-hello'],
    ['🚀', 'rocket.io', 'cloud-trial-rocket'], // nothing left of the name: the domain speaks
    ['株式会社', 'kabushiki.jp', 'cloud-trial-kabushiki'],
    ['🚀', '🚀.com', 'cloud-trial-trial'],
    [null, '', 'cloud-trial-trial'],
    ['3M', '3m.com', 'cloud-trial-3m'],
  ])('%j at %j → %s', (name, domain, expected) => {
    expect(trialSpaceBase(name, domain)).toBe(expected);
  });

  it('caps the base at 76 characters and does not end on a separator', () => {
    const base = trialSpaceBase('a'.repeat(63) + ' b'.repeat(40), 'x.com');
    expect(base.length).toBeLessThanOrEqual(MAX_BASE);
    // the 64-character slug would end in '-'; it is trimmed instead
    expect(base).toBe('cloud-trial-' + 'a'.repeat(63));
    expect(trialSpaceBase('x'.repeat(200), 'x.com')).toBe('cloud-trial-' + 'x'.repeat(64));
  });
});

describe('slugify', () => {
  it.each([
    ['Hello World', 'hello-world'],
    ['İstanbul Yazılım', 'istanbul-yazilim'],
    ['ﬁnance', 'finance'],
    ['...', ''],
    ['a\u0000b\nc', 'a-b-c'],
  ])('%j → %j', (input, expected) => {
    expect(slugify(input)).toBe(expected);
  });
});

describe('candidateName', () => {
  const base = 'cloud-trial-acme';
  it.each([
    [1, 'cloud-trial-acme'],
    [2, 'cloud-trial-acme-2'],
    [3, 'cloud-trial-acme-3'],
    [10, 'cloud-trial-acme-10'],
    [99, 'cloud-trial-acme-99'],
  ])('attempt %i → %s', (attempt, expected) => {
    expect(candidateName(base, attempt)).toBe(expected);
  });

  it('keeps a maximal base within 80 characters up to attempt 999', () => {
    const long = trialSpaceBase('z'.repeat(300), 'z.com');
    expect(long).toHaveLength(76);
    expect(candidateName(long, 999)).toBe(long + '-999');
    expect(candidateName(long, 999)).toHaveLength(80);
  });

  it('shortens the base rather than exceed 80 characters', () => {
    const long = trialSpaceBase('z'.repeat(300), 'z.com');
    const name = candidateName(long, 12345);
    expect(name).toHaveLength(80);
    expect(name.endsWith('-12345')).toBe(true);
    expect(candidateName('cloud-trial-' + 'a'.repeat(100), 1)).toHaveLength(80);
  });

  it('does not leave the base ending on a separator when shortening', () => {
    const base = 'cloud-trial-' + 'a'.repeat(61) + '-' + 'b'.repeat(2); // 76
    expect(candidateName(base, 100000)).toBe('cloud-trial-' + 'a'.repeat(61) + '-100000');
  });

  it.each([0, -1, 1.5, Number.NaN])('rejects attempt %s', (attempt) => {
    expect(() => candidateName(base, attempt)).toThrow(RangeError);
  });
});

describe('properties', () => {
  const nasty = fc.oneof(
    fc.string({ maxLength: 300 }),
    fc.string({ unit: 'grapheme', maxLength: 200 }),
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.constantFrom('<!channel>', '<!here|here>', '@everyone', '🚀🚀🚀', 'A'.repeat(200), '   ', '-_-_-', 'Ⅻ ㍿ ℌ'),
  );

  it('any account name and domain yield a valid Slack channel name under cloud-trial-', () => {
    fc.assert(
      fc.property(fc.option(nasty, { nil: null }), nasty, fc.integer({ min: 1, max: 100000 }), (name, domain, attempt) => {
        const base = trialSpaceBase(name, domain);
        expect(base.startsWith('cloud-trial-')).toBe(true);
        expect(base.length).toBeLessThanOrEqual(76);
        expect(base).toMatch(SLACK_NAME);
        expect(base).not.toMatch(/[-_]$/);
        expect(base).not.toMatch(/[-_]{2}/);
        const candidate = candidateName(base, attempt);
        expect(candidate).toMatch(SLACK_NAME);
        expect(candidate.startsWith('cloud-trial-')).toBe(true);
        if (attempt === 1) expect(candidate).toBe(base);
        else expect(candidate.endsWith(`-${attempt}`)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('slugs are idempotent', () => {
    fc.assert(
      fc.property(nasty, (s) => {
        const once = slugify(s);
        expect(slugify(once)).toBe(once);
      }),
    );
  });

  it('distinct attempts give distinct names for the same base', () => {
    fc.assert(
      fc.property(fc.option(nasty, { nil: null }), nasty, (name, domain) => {
        const base = trialSpaceBase(name, domain);
        const names = [1, 2, 3, 10, 11, 100].map((n) => candidateName(base, n));
        expect(new Set(names).size).toBe(names.length);
      }),
    );
  });
});
