import { describe, expect, it } from 'vitest';
import { funnelRows } from '../../../src/core/funnel.js';
import { blockProblem } from '../../../src/fakes/slack-api.js';
import { weeklyDigestChart, weeklyDigestMessage } from '../../../src/messages/slack/weekly-digest.js';
import type { WeeklyDigestView } from '../../../src/core/weekly-digest.js';
import { mrkdwnTexts } from '../../support/active-trial.js';

const now = new Date('2026-12-14T08:00:00Z');
const empty = (week: string) => funnelRows([], [week], now, 'UTC');

function view(overrides: Partial<WeeklyDigestView> = {}): WeeklyDigestView {
  return {
    week: '2026-12-07',
    rows: empty('2026-12-07'),
    previous: [],
    overdue: [],
    stalled: [],
    today: '2026-12-14',
    now: now.toISOString(),
    ...overrides,
  };
}

const hostile = 'Acme <!channel> & <https://evil.test|click> ' + 'x'.repeat(300);

describe('the weekly digest message', () => {
  it('a quiet week says so in words, and the chart has this week alone when there is nothing to compare', () => {
    const m = weeklyDigestMessage(view());
    const text = mrkdwnTexts(m.blocks).join('\n');
    expect(text).toContain('0 signups · 0 qualified');
    expect(text).toContain('• *Triage:* no leads to triage');
    expect(text).toContain('• *Product-qualified (grade A or B):* no instance ready yet');
    expect(text).toContain('*Decisions past their due date:* none');
    expect(text).toContain('*Waiting more than a day for an instance:* none');
    expect(text).not.toMatch(/—|null|undefined|NaN/);
    expect(weeklyDigestChart(view()).series).toEqual(['This week']);
  });

  it('hundreds of overdue decisions and waiting instances fit Slack’s limits, the rest counted; what prospects typed is escaped', () => {
    const overdue = Array.from({ length: 400 }, (_, i) => ({
      trialId: `tr_${i}`,
      company: hostile,
      domain: 'acme.test',
      kind: 'day15' as const,
      dueOn: '2026-12-01',
      escalated: i % 2 === 0,
      ceId: 'UCE1',
      aeId: 'UAE1',
      spaceChannelId: 'C123',
    }));
    const stalled = Array.from({ length: 400 }, (_, i) => ({
      trialId: `tr_s${i}`,
      company: null,
      domain: `d${i}.test`,
      since: '2026-12-10T09:00:00.000Z',
      sinceOn: '2026-12-10',
      ceId: null,
      spaceChannelId: null,
      issueUrl: null,
      issueNumber: null,
    }));
    const m = weeklyDigestMessage(view({ overdue, stalled }));
    expect(blockProblem(m.blocks, 50)).toBeUndefined();
    const text = mrkdwnTexts(m.blocks).join('\n');
    expect(text).toContain('*Decisions past their due date (400)*');
    expect(text).toMatch(/…and \d+ more/);
    expect(text).toContain('Acme &lt;!channel&gt; &amp; &lt;https://evil.test|click&gt;');
    expect(text).not.toContain('<!channel>');
    expect(text).toContain('• *d0.test*: asked for on Thu 10 Dec, 3 days ago, no instance request opened yet');
  });
});
