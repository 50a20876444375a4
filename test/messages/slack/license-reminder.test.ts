import { describe, expect, it } from 'vitest';
import { licenseEscalation, licenseReminder, licenseRotatedNotice } from '../../../src/messages/slack/license-reminder.js';

const view = {
  periodDueAt: '2026-03-09T00:00:00.000Z',
  dueOn: '2026-03-09',
  periodDays: 7,
  lastRotation: { at: '2026-03-02T10:00:00Z', by: 'ULIC' },
  ownerIds: ['ULIC'],
};
const buttons = (blocks: unknown[]) =>
  (blocks as any[]).filter((b) => b.type === 'actions').flatMap((b) => b.elements.map((e: any) => ({ action: e.action_id, value: e.value })));

describe('license reminder blocks', () => {
  it('the reminder carries the key’s tags, 1,000 users, the last rotation and a Rotated button naming the period', () => {
    const m = licenseReminder(view);
    const json = JSON.stringify(m.blocks);
    expect(json).toContain(
      '`plan:enterprise-1`, `private-extension-registry`, `remote-extensions-allow-disallow`, `monitoring`, `true-up`, `trial`, `plg-trial`',
    );
    expect(json).toContain('1,000');
    expect(json).toContain('every 7 days, due Mon 9 Mar');
    expect(json).toContain('by <@ULIC>');
    expect(buttons(m.blocks)).toEqual([{ action: 'license_rotated', value: '2026-03-09T00:00:00.000Z' }]);
  });

  it('says so when nothing was ever rotated, or nobody owns the license', () => {
    const m = licenseReminder({ ...view, lastRotation: null, ownerIds: [] });
    expect(JSON.stringify(m.blocks)).toContain('No rotation has been recorded yet');
    expect(JSON.stringify(m.blocks)).toContain('license_owner');
  });

  it('the escalation names who was reminded and keeps the button', () => {
    const m = licenseEscalation({ ...view, remindedAt: '2026-03-09T09:00:00Z' });
    expect(m.text).toMatch(/^Overdue/);
    expect(JSON.stringify(m.blocks)).toContain('<@ULIC> was reminded');
    expect(buttons(m.blocks)).toHaveLength(1);
  });

  it('the recorded notice has no button', () => {
    const m = licenseRotatedNotice({ by: 'UADMIN', at: '2026-03-09T10:00:00Z', nextDueOn: '2026-03-16' });
    expect(JSON.stringify(m.blocks)).toContain('<@UADMIN>');
    expect(JSON.stringify(m.blocks)).toContain('Mon 16 Mar');
    expect(buttons(m.blocks)).toEqual([]);
  });
});
