import { describe, expect, it } from 'vitest';
import { appHome, type AppHomeView } from '../../../src/messages/slack/app-home.js';
import type { HomeTrial } from '../../../src/messages/slack/app-home-view.js';

const trial = (i: number, over: Partial<HomeTrial> = {}): HomeTrial => ({
  id: `tr_${i}`,
  company: `Company ${i}`,
  domain: `c${i}.com`,
  caseCode: '3',
  status: 'active',
  day: 3,
  length: 15,
  endsOn: '2026-03-17',
  nextDecisionOn: '2026-03-17',
  grade: 'B',
  openIssues: 1,
  spaceChannelId: 'C0123ABCD',
  aeId: 'UAE1',
  ceId: 'UCE1',
  role: 'CE',
  ...over,
});

const view = (over: Partial<AppHomeView>): AppHomeView => ({
  user: 'UCE1',
  roles: ['ce'],
  now: '2026-03-05T10:00:00.000Z',
  zone: 'UTC',
  mine: [],
  mineTotal: 0,
  leads: null,
  leadsTotal: 0,
  team: null,
  teamTotal: 0,
  funnel: null,
  ...over,
});

describe('App Home renderer', () => {
  it('says roles, statuses and dates as people do', () => {
    const home = appHome(
      view({ roles: ['ae', 'inbound_sdr'], mine: [trial(1, { status: 'provisioning', day: null, length: null, role: 'AE' })], mineTotal: 1 }),
    );
    const text = JSON.stringify(home.blocks);
    expect(text).toContain('Your roles: AE, inbound SDR');
    expect(text).toContain('instance being set up · usage grade B · decision due Tue 17 Mar · 1 open issue');
    expect(text).not.toMatch(/provisioning|inbound_sdr|2026-03-17|npm run/);
  });

  it('offers only what is still possible: a trial waiting for its instance can only be terminated; an SDR only follows', () => {
    const home = appHome(
      view({
        mine: [trial(1, { status: 'queued', day: null, length: null }), trial(2, { role: 'SDR' }), trial(3)],
        mineTotal: 3,
      }),
    );
    const actions = home.blocks.filter((b) => b.type === 'actions').map((b) => [b.block_id, (b.elements as any[]).map((e) => e.text.text)]);
    expect(actions).toEqual([
      ['home:tr_1', ['Terminate']],
      ['home:tr_3', ['Extend 15 days', 'Converted', 'Terminate']],
    ]);
  });

  it('someone outside the roster is told whom to ask, not a command to run', () => {
    const text = JSON.stringify(appHome(view({ roles: [] })).blocks);
    expect(text).toContain('ask a trialbot admin to add you');
    expect(text).not.toContain('npm run');
  });

  it('an admin with 500 trials, 500 leads and a funnel stays within Slack’s 50 blocks, and says how many are not shown', () => {
    const many = Array.from({ length: 200 }, (_, i) => trial(i));
    const leads = Array.from({ length: 200 }, (_, i) => ({
      id: `tr_l${i}`,
      company: `Lead ${i}`,
      domain: `l${i}.com`,
      email: `x@l${i}.com`,
      createdAt: '2026-03-05T09:58:00.000Z',
    }));
    const home = appHome(
      view({
        roles: ['admin', 'ce', 'inbound_sdr'],
        mine: many,
        mineTotal: 500,
        leads,
        leadsTotal: 500,
        team: many.map((t) => ({ ...t, role: null })),
        teamTotal: 500,
        funnel: [],
      }),
    );
    expect(home.blocks.length).toBeLessThanOrEqual(50);
    const text = JSON.stringify(home.blocks);
    expect(text).toContain('…and 494 more');
    expect(text).toContain('…and 495 more, in #cloud-trial-alerts');
    expect(text).toContain('…and 488 more');
    expect(text).toContain('waiting 2 min · within the 5-minute target so far');
  });
});
