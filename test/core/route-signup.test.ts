import { describe, expect, it } from 'vitest';
import { routeSignup, type OpenTrialFact, type RoutingFacts } from '../../src/core/route-signup.js';

const facts = (f: Partial<RoutingFacts>): RoutingFacts => ({ personal: false, liveInstance: null, openTrial: null, account: null, ...f });
const live = { url: 'https://a.test', trialId: 'tr_live' };
const open = (status: OpenTrialFact['status'], caseCode: OpenTrialFact['caseCode'] = '3'): OpenTrialFact => ({ id: 'tr_open', caseCode, status });

describe('routeSignup', () => {
  it.each<[string, Partial<RoutingFacts>, string]>([
    ['unknown domain', {}, '3'],
    ['account not pre-qualified', { account: { prequalified: false, named: false } }, '3'],
    ['named but (wrongly) not pre-qualified', { account: { prequalified: false, named: true } }, '3'],
    ['pre-qualified, not named', { account: { prequalified: true, named: false } }, '2.2'],
    ['pre-qualified and named', { account: { prequalified: true, named: true } }, '2.1'],
    ['live instance, no account', { liveInstance: live }, '1'],
    ['live instance beats a named account', { liveInstance: live, account: { prequalified: true, named: true } }, '1'],
    ['personal mail beats everything', { personal: true, liveInstance: live, account: { prequalified: true, named: true } }, '3'],
    ['personal mail, nothing else', { personal: true }, '3'],
  ])('%s → Case %s', (_label, f, expected) => {
    expect(routeSignup(facts(f)).case).toBe(expected);
  });

  describe('a domain whose trial is still open', () => {
    it.each<[string, OpenTrialFact, Partial<RoutingFacts>]>([
      ['Case 3 in triage', open('triage'), {}],
      ['Case 3 queued at capacity', open('queued'), {}],
      ['Case 3 being provisioned', open('provisioning'), {}],
      ['Case 3 running before its instance is linked', open('active'), {}],
      ['2.2 with the pool empty, being provisioned', open('provisioning', '2.2'), { account: { prequalified: true, named: false } }],
      ['2.1 with the pool empty, being provisioned', open('provisioning', '2.1'), { account: { prequalified: true, named: true } }],
      // The account was imported after the lead arrived: still one company, one trial.
      ['Case 3 in triage, the domain pre-qualified since', open('triage'), { account: { prequalified: true, named: false } }],
    ])('%s: the signup joins that trial, in its case', (_label, trial, f) => {
      expect(routeSignup(facts({ openTrial: trial, ...f }))).toEqual({ case: trial.caseCode, joinsTrial: 'tr_open', why: expect.stringMatching(/open trial/) });
    });

    it("a live instance still wins: the signup is Case 1 and joins the instance's trial", () => {
      const decision = routeSignup(facts({ liveInstance: live, openTrial: open('active') }));
      expect(decision.case).toBe('1');
      expect(decision.joinsTrial).toBe('tr_live');
    });

    it('personal mail never joins: two people at gmail.com are not one company', () => {
      const decision = routeSignup(facts({ personal: true, openTrial: open('triage') }));
      expect(decision.case).toBe('3');
      expect(decision.joinsTrial).toBeUndefined();
    });

    it('no open trial: routed as usual, joining nothing', () => {
      expect(routeSignup(facts({ account: { prequalified: true, named: false } })).joinsTrial).toBeUndefined();
      expect(routeSignup(facts({})).joinsTrial).toBeUndefined();
    });
  });

  it('Case 1 joins the trial of the live instance; an instance from before trialbot has none to join', () => {
    expect(routeSignup(facts({ liveInstance: live }))).toEqual({ case: '1', joinsTrial: 'tr_live', why: expect.stringMatching(/live instance/) });
    expect(routeSignup(facts({ liveInstance: { url: 'https://a.test', trialId: null } })).joinsTrial).toBeUndefined();
  });

  it('says why, for the audit trail', () => {
    expect(routeSignup(facts({ personal: true })).why).toMatch(/personal/);
    expect(routeSignup(facts({ liveInstance: live })).why).toMatch(/live instance/);
  });
});
