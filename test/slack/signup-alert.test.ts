import { describe, expect, it } from 'vitest';
import { signupAlert, type SignupAlertView } from '../../src/messages/slack/signup-alert.js';

const base: SignupAlertView = {
  trialId: 'tr_1',
  caseCode: '3',
  name: 'Bob',
  email: 'bob@initech.com',
  company: 'Initech',
  domain: 'initech.com',
  personalEmail: false,
  instanceUrl: null,
  accountName: null,
  namedSdrId: null,
  aeId: null,
  ceId: null,
  poolEmpty: false,
  signedUpAt: '2026-11-22T09:00:00.000Z',
};
/** Every mrkdwn text object in the blocks, wherever it sits. */
function mrkdwnObjects(node: unknown): Array<{ text: string; verbatim?: boolean }> {
  if (Array.isArray(node)) return node.flatMap(mrkdwnObjects);
  if (!node || typeof node !== 'object') return [];
  const o = node as Record<string, unknown>;
  const own = o.type === 'mrkdwn' && typeof o.text === 'string' ? [o as { text: string; verbatim?: boolean }] : [];
  return [...own, ...Object.values(o).flatMap(mrkdwnObjects)];
}
const actionIds = (v: SignupAlertView) =>
  signupAlert(v)
    .blocks.filter((b) => b.type === 'actions')
    .flatMap((b: any) => b.elements.map((e: any) => e.action_id));

describe('the signup alert', () => {
  it('Case 3 carries qualify and disqualify; once decided, who and when instead', () => {
    expect(actionIds(base)).toEqual(['trial_qualify', 'trial_disqualify']);
    const decided = signupAlert({ ...base, decision: { kind: 'qualified', by: 'USDR1', at: '2026-11-22T10:00:00.000Z' } });
    expect(JSON.stringify(decided.blocks)).toContain('Qualified by <@USDR1>');
    // No triage buttons once decided; what is left to do for a qualified lead is the opportunity.
    expect(actionIds({ ...base, decision: { kind: 'qualified', by: 'USDR1', at: '2026-11-22T10:00:00.000Z' } })).toEqual(['trial_opportunity_created']);
    // A disqualified lead offers Reopen only while it can still be reopened.
    const disqualified = { ...base, decision: { kind: 'disqualified' as const, by: 'USDR1', at: '2026-11-22T10:00:00.000Z' } };
    expect(actionIds({ ...disqualified, reopenableUntil: '2026-11-23T10:00:00.000Z' })).toEqual(['trial_reopen']);
    expect(actionIds({ ...disqualified, reopenableUntil: null })).toEqual([]);
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

  it('a company named like a URL or a channel stays text: every mrkdwn object is verbatim, nothing is linked', () => {
    for (const company of ['https://evil.example/login', '#general', 'www.evil.example', '@here']) {
      const m = signupAlert({ ...base, company, name: company });
      const texts = mrkdwnObjects(m.blocks);
      expect(texts.length).toBeGreaterThan(0);
      expect(texts.every((t) => t.verbatim === true)).toBe(true);
      const carrying = texts.filter((t) => t.text.includes(company));
      expect(carrying.length).toBeGreaterThan(0);
      const json = JSON.stringify(m);
      expect(json).not.toContain(`<${company}`);
      expect(json).not.toContain('<#general');
      expect(json).not.toContain('<!here');
    }
  });

  it('2.1 mentions the inbound SDRs as well as the named SDR, a few of them at most', () => {
    const v = { ...base, caseCode: '2.1' as const, namedSdrId: 'UNSDR', instanceUrl: 'https://x.test', inboundSdrIds: ['USDR1', 'USDR2'] };
    const json = JSON.stringify(signupAlert(v).blocks);
    expect(json).toContain('Inbound SDRs <@USDR1> <@USDR2>: this named account');
    expect(json).toContain('goes to its named SDR <@UNSDR>');
    const many = signupAlert({ ...v, inboundSdrIds: ['U1', 'U2', 'U3', 'U4', 'U5'], inboundSdrMore: 7 });
    expect(JSON.stringify(many.blocks)).toContain('<@U5> and 7 more');
    // Not a named account: nobody to route to.
    expect(JSON.stringify(signupAlert({ ...v, caseCode: '2.2' }).blocks)).not.toContain('Inbound SDRs');
  });

  it('the SDR the rules of engagement give the lead to is named and asked to work it', () => {
    const json = JSON.stringify(signupAlert({ ...base, leadSdrId: 'USDR2' }).blocks);
    expect(json).toContain('<@USDR2>: you worked this account in the last 30 days');
    expect(json).toContain('*SDR*\\n<@USDR2>');
  });

  it('a signup that joined an open trial says so and carries no buttons', () => {
    for (const caseCode of ['3', '2.2'] as const) {
      const m = signupAlert({ ...base, caseCode, joinedTrial: { status: 'provisioning' }, leadSdrId: 'USDR2' });
      expect(actionIds({ ...base, caseCode, joinedTrial: { status: 'provisioning' } })).toEqual([]);
      expect(JSON.stringify(m.blocks)).toContain('no second one was opened');
      expect(JSON.stringify(m.blocks)).not.toContain('you worked this account');
    }
  });

  it('stays within Block Kit limits with everything shown at once', () => {
    const long = 'L'.repeat(1000);
    const m = signupAlert({
      ...base,
      caseCode: '2.1',
      name: long,
      company: long,
      email: `${'e'.repeat(60)}@initech.com`,
      accountName: long,
      personalEmail: true,
      namedSdrId: 'UNSDR',
      leadSdrId: 'USDR2',
      aeId: 'UAE1',
      ceId: 'UCE1',
      instanceUrl: `https://${'i'.repeat(200)}.test`,
      inboundSdrIds: ['U1', 'U2', 'U3', 'U4', 'U5'],
      inboundSdrMore: 95,
      spaceChannelId: 'CSPACE',
      queued: true,
    });
    expect(m.blocks.length).toBeLessThanOrEqual(50);
    for (const b of m.blocks as any[]) {
      if (b.text?.text) expect(b.text.text.length).toBeLessThanOrEqual(b.type === 'header' ? 150 : 3000);
      if (b.fields) {
        expect(b.fields.length).toBeLessThanOrEqual(10);
        for (const f of b.fields) expect(f.text.length).toBeLessThanOrEqual(2000);
      }
      for (const e of b.elements ?? []) if (e.type === 'button') expect(e.text.text.length).toBeLessThanOrEqual(75);
    }
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
