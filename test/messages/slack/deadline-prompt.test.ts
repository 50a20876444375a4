import { describe, expect, it } from 'vitest';
import { deadlineEscalation, deadlinePrompt, recommendation, type DeadlinePromptView } from '../../../src/messages/slack/deadline-prompt.js';
import { ActionId } from '../../../src/messages/slack/ids.js';

const view = (over: Partial<DeadlinePromptView> = {}): DeadlinePromptView => ({
  trialId: 'tr_abc',
  milestoneId: 7,
  kind: 'day15',
  dayNumber: 15,
  dueOn: '2026-03-16',
  company: 'Hooli',
  domain: 'hooli.com',
  instanceUrl: 'https://pool000.sourcegraph.test',
  spaceChannelId: 'CSPACE',
  aeId: 'UAE1',
  ceId: 'UCE1',
  usage: { grade: 'C', description: 'Minimally active', searches: 3, daysActive: 2 },
  ...over,
});

const buttons = (blocks: unknown[]) =>
  (blocks as any[])
    .filter((b) => b.type === 'actions')
    .flatMap((b) => b.elements.map((e: any) => ({ action: e.action_id, value: e.value, block: b.block_id, style: e.style, confirm: !!e.confirm })));

const mrkdwn = (value: unknown): string[] => {
  if (Array.isArray(value)) return value.flatMap(mrkdwn);
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (o.type === 'mrkdwn' && typeof o.text === 'string') return [o.text];
    return Object.values(o).flatMap(mrkdwn);
  }
  return [];
};

describe('recommendation', () => {
  it.each([
    ['A', 'extend'],
    ['B', 'extend'],
    ['C', 'extend'],
    ['D', 'terminate'],
  ] as const)('day 15 with grade %s: %s', (grade, rec) => {
    expect(recommendation('day15', { grade, description: '', searches: 0, daysActive: 0 })).toBe(rec);
  });
  it('day 15 with usage unknown: check with the prospect; later milestones recommend nothing', () => {
    expect(recommendation('day15', null)).toBe('check');
    expect(recommendation('day30', { grade: 'A', description: '', searches: 9, daysActive: 9 })).toBeNull();
    expect(recommendation('extension_end', null)).toBeNull();
  });
});

describe('deadlinePrompt', () => {
  it('day 15, active: mentions the CE, shows the grade and usage, recommends extending; Extend, Convert and Terminate, Extend primary', () => {
    const m = deadlinePrompt(view());
    const text = JSON.stringify(m.blocks);
    expect(m.text).toContain('<@UCE1>');
    expect(text).toContain('<@UCE1>');
    expect(text).toContain('Hooli');
    expect(text).toContain('hooli.com');
    expect(text).toContain('https://pool000.sourcegraph.test');
    expect(text).toContain('*C* · Minimally active');
    expect(text).toContain('3 searches · 2 days active');
    expect(text).toContain('Recommended: extend by 15 days');
    expect(text).toContain('Day 15');
    expect(buttons(m.blocks)).toEqual([
      { action: ActionId.Extend, value: 'tr_abc', block: 'deadline:7', style: 'primary', confirm: false },
      { action: 'trial_convert', value: 'tr_abc', block: 'deadline:7', style: undefined, confirm: true },
      { action: ActionId.Terminate, value: 'tr_abc', block: 'deadline:7', style: undefined, confirm: true },
    ]);
  });

  it('day 15, inactive (grade D): recommends terminating; every button still there, Terminate marked', () => {
    const m = deadlinePrompt(view({ usage: { grade: 'D', description: 'Inactive post sign-up', searches: 0, daysActive: 0 } }));
    expect(JSON.stringify(m.blocks)).toContain('Recommended: terminate');
    expect(JSON.stringify(m.blocks)).not.toContain('Recommended: extend');
    expect(buttons(m.blocks)).toEqual([
      { action: ActionId.Extend, value: 'tr_abc', block: 'deadline:7', style: undefined, confirm: false },
      { action: 'trial_convert', value: 'tr_abc', block: 'deadline:7', style: undefined, confirm: true },
      { action: ActionId.Terminate, value: 'tr_abc', block: 'deadline:7', style: 'danger', confirm: true },
    ]);
  });

  it.each([
    ['no instance URL recorded', { instanceUrl: null, unmeasured: 'no_instance' as const }, 'no instance URL is recorded'],
    ['an instance that never reported activity', { unmeasured: 'no_reports' as const }, 'the instance has reported no activity'],
  ])('day 15 with usage unknown (%s): says so, advises checking with the prospect, never "terminate"', (_case, over, why) => {
    const m = deadlinePrompt(view({ ...over, usage: null }));
    const text = JSON.stringify(m.blocks);
    expect(text).toContain(`_unknown: ${why}`);
    expect(text).toContain('*Usage unknown:*');
    expect(text).toContain('Check with the prospect');
    expect(text).not.toContain('Recommended');
    expect(m.text).toContain('Usage unknown: check with the prospect.');
    expect(m.text).not.toContain('terminate.');
    // Both choices stay, neither pressed on the CE.
    expect(buttons(m.blocks).map((b) => [b.action, b.style])).toEqual([
      [ActionId.Extend, undefined],
      ['trial_convert', undefined],
      [ActionId.Terminate, undefined],
    ]);
    const e = deadlineEscalation({ ...view({ ...over, usage: null }), promptedAt: '2026-03-16T09:00:00Z' });
    expect(JSON.stringify(e.blocks)).not.toContain('Recommended: terminate');
  });

  it.each(['day30', 'extension_end'] as const)('%s: extend, convert and terminate, no recommendation', (kind) => {
    const m = deadlinePrompt(view({ kind, dayNumber: kind === 'day30' ? 30 : 45, dueOn: '2026-04-15' }));
    expect(buttons(m.blocks).map((b) => [b.action, b.value, b.block])).toEqual([
      [ActionId.Extend, 'tr_abc', 'deadline:7'],
      ['trial_convert', 'tr_abc', 'deadline:7'],
      [ActionId.Terminate, 'tr_abc', 'deadline:7'],
    ]);
    expect(JSON.stringify(m.blocks)).not.toContain('Recommended');
    expect(JSON.stringify(m.blocks)).toContain(kind === 'day30' ? 'Day 30' : 'day 45');
  });

  it('no CE: the AE is asked; neither: says the alerts channel is asked', () => {
    expect(deadlinePrompt(view({ ceId: null })).text).toContain('<@UAE1>');
    const orphan = deadlinePrompt(view({ ceId: null, aeId: null }));
    expect(JSON.stringify(orphan.blocks)).toContain('no CE or AE');
    expect(buttons(orphan.blocks)).toHaveLength(3);
  });

  it('escapes what the prospect typed: no mention, broadcast or link from the company name', () => {
    const m = deadlinePrompt(view({ company: '<!channel> Evil & <https://evil.test|Co>', domain: 'evil.test' }));
    for (const t of [...mrkdwn(m.blocks), m.text]) {
      expect(t).not.toContain('<!channel>');
      expect(t).not.toContain('<https://evil.test');
    }
    expect(JSON.stringify(m.blocks)).toContain('&lt;!channel&gt; Evil &amp;');
    const e = deadlineEscalation({ ...view({ company: '<!here>' }), promptedAt: '2026-03-16T09:00:00Z' });
    for (const t of [...mrkdwn(e.blocks), e.text]) expect(t).not.toContain('<!here>');
  });
});

describe('deadlineEscalation', () => {
  it('names the trial, whom it was asked of and what is overdue, asks the AE, and keeps the buttons', () => {
    const m = deadlineEscalation({ ...view(), promptedAt: '2026-03-16T09:00:00Z' });
    const text = JSON.stringify(m.blocks);
    expect(text).toContain('tr_abc');
    expect(text).toContain('<@UCE1>');
    expect(text).toContain('<@UAE1>, please follow up');
    expect(text).toMatch(/day 15 decision/);
    expect(m.text).toMatch(/Overdue/);
    expect(buttons(m.blocks).map((b) => b.action)).toEqual([ActionId.Extend, 'trial_convert', ActionId.Terminate]);
  });
});
