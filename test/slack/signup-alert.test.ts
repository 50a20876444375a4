import { describe, expect, it } from 'vitest';
import { signupAlert, type SignupAlertView } from '../../src/slack/blocks/signup-alert.js';

const base: SignupAlertView = {
  trialId: 'tr_1', caseCode: '3', name: 'Bob', email: 'bob@initech.com', company: 'Initech', domain: 'initech.com',
  personalEmail: false, instanceUrl: null, accountName: null, namedSdrId: null, aeId: null, ceId: null, poolEmpty: false,
  signedUpAt: '2026-11-22T09:00:00.000Z',
};
const actionIds = (v: SignupAlertView) => signupAlert(v).blocks.filter((b) => b.type === 'actions').flatMap((b: any) => b.elements.map((e: any) => e.action_id));

describe('the signup alert', () => {
  it('Case 3 carries qualify and disqualify; once decided, who and when instead', () => {
    expect(actionIds(base)).toEqual(['trial_qualify', 'trial_disqualify']);
    const decided = signupAlert({ ...base, decision: { kind: 'qualified', by: 'USDR1', at: '2026-11-22T10:00:00.000Z' } });
    expect(JSON.stringify(decided.blocks)).toContain('Qualified by <@USDR1>');
    expect(decided.blocks.some((b) => b.type === 'actions')).toBe(false);
  });

  it('2.x offers "Opportunity created" and names the named SDR', () => {
    const v = { ...base, caseCode: '2.1' as const, namedSdrId: 'UNSDR', instanceUrl: 'https://x.test', aeId: 'UAE', ceId: 'UCE' };
    expect(actionIds(v)).toEqual(['trial_opportunity_created']);
    expect(JSON.stringify(signupAlert(v).blocks)).toContain('<@UNSDR>: please convert');
  });

  it('Case 1 has no buttons and shows the instance', () => {
    const v = { ...base, caseCode: '1' as const, instanceUrl: 'https://acme.test' };
    expect(actionIds(v)).toEqual([]);
    expect(JSON.stringify(signupAlert(v).blocks)).toContain('<https://acme.test|https://acme.test>');
  });

  it('flags personal email and an empty pool', () => {
    expect(JSON.stringify(signupAlert({ ...base, personalEmail: true }).blocks)).toContain('personal email');
    expect(JSON.stringify(signupAlert({ ...base, caseCode: '2.2', poolEmpty: true }).blocks)).toContain('pool empty');
  });

  it('stays within Block Kit limits with 200-character names', () => {
    const long = signupAlert({ ...base, name: 'N'.repeat(200), company: 'C'.repeat(200), email: `${'e'.repeat(60)}@initech.com` });
    expect(long.blocks.length).toBeLessThanOrEqual(50);
    for (const b of long.blocks as any[]) {
      if (b.type === 'header') expect(b.text.text.length).toBeLessThanOrEqual(150);
      if (b.text?.text) expect(b.text.text.length).toBeLessThanOrEqual(3000);
    }
  });
});
