import { describe, expect, it } from 'vitest';
import { appHome } from '../../../src/messages/slack/app-home.js';

describe('App Home', () => {
  it('says roles and statuses as people do, and dates as they write them', () => {
    const home = appHome({
      roles: ['ae', 'inbound_sdr'],
      trials: [{ id: 'tr_1', company: 'Hooli', domain: 'hooli.com', status: 'provisioning', endsOn: '2026-03-17', spaceChannelId: 'C0123ABCD', role: 'AE' }],
    });
    const text = JSON.stringify(home.blocks);
    expect(text).toContain('Your roles: AE, inbound SDR');
    expect(text).toContain('instance being set up · ends Tue 17 Mar');
    expect(text).not.toMatch(/provisioning|inbound_sdr|2026-03-17|npm run/);
  });

  it('someone outside the roster is told whom to ask, not a command to run', () => {
    const text = JSON.stringify(appHome({ roles: [], trials: [] }).blocks);
    expect(text).toContain('ask a trialbot admin to add you');
    expect(text).not.toContain('npm run');
  });

  it('500 trials stay within Slack’s 50 blocks', () => {
    const trials = Array.from({ length: 500 }, (_, i) => ({
      id: `tr_${i}`,
      company: `Company ${i}`,
      domain: `c${i}.com`,
      status: 'active',
      endsOn: '2026-03-17',
      spaceChannelId: null,
      role: 'CE',
    }));
    const home = appHome({ roles: ['ce'], trials });
    expect(home.blocks.length).toBeLessThanOrEqual(50);
    expect(JSON.stringify(home.blocks)).toContain('Your 40 soonest of 500 open trials');
  });
});
