import { describe, expect, it } from 'vitest';
import { routeSignup, type RoutingFacts } from '../../src/core/route-signup.js';

const facts = (f: Partial<RoutingFacts>): RoutingFacts => ({ personal: false, liveInstanceUrl: null, account: null, ...f });

describe('routeSignup', () => {
  it.each<[string, Partial<RoutingFacts>, string]>([
    ['unknown domain', {}, '3'],
    ['account not pre-qualified', { account: { prequalified: false, named: false } }, '3'],
    ['named but (wrongly) not pre-qualified', { account: { prequalified: false, named: true } }, '3'],
    ['pre-qualified, not named', { account: { prequalified: true, named: false } }, '2.2'],
    ['pre-qualified and named', { account: { prequalified: true, named: true } }, '2.1'],
    ['live instance, no account', { liveInstanceUrl: 'https://a.test' }, '1'],
    ['live instance beats a named account', { liveInstanceUrl: 'https://a.test', account: { prequalified: true, named: true } }, '1'],
    ['personal mail beats everything', { personal: true, liveInstanceUrl: 'https://a.test', account: { prequalified: true, named: true } }, '3'],
    ['personal mail, nothing else', { personal: true }, '3'],
  ])('%s → Case %s', (_label, f, expected) => {
    expect(routeSignup(facts(f)).case).toBe(expected);
  });

  it('says why, for the audit trail', () => {
    expect(routeSignup(facts({ personal: true })).why).toMatch(/personal/);
    expect(routeSignup(facts({ liveInstanceUrl: 'https://a.test' })).why).toMatch(/live instance/);
  });
});
