import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { alertsChannelFinding, poolFinding, renderFindings, scopesFinding } from '../../src/core/preflight.js';
import { REQUIRED_BOT_SCOPES } from '../../src/core/slack-scopes.js';

describe('preflight verdicts', () => {
  it('asks for exactly the scopes manifest.yml lists', () => {
    const manifest = readFileSync(new URL('../../manifest.yml', import.meta.url), 'utf8');
    const bot = manifest.slice(manifest.indexOf('    bot:'), manifest.indexOf('settings:'));
    const listed = [...bot.matchAll(/^\s+- ([a-z:.]+)/gm)].map((m) => m[1]);
    expect([...REQUIRED_BOT_SCOPES].sort()).toEqual(listed.sort());
  });

  it('scopes: all, some missing, or not reported', () => {
    expect(scopesFinding(['a', 'b'], ['b', 'a', 'c']).ok).toBe(true);
    expect(scopesFinding(['a', 'b', 'c'], ['b'])).toMatchObject({ ok: false, text: 'Slack token lacks scopes a, c' });
    expect(scopesFinding(['a'], null).ok).toBe(true);
  });

  it('the alerts channel: a name, archived, not a member, fine', () => {
    expect(alertsChannelFinding({ setting: 'alerts', info: { error: 'x' } }).text).toContain('which is a name');
    const info = { name: 'cloud-trial-alerts', isPrivate: true, isMember: true, isArchived: false };
    expect(alertsChannelFinding({ setting: 'C0123ABCD', info }).text).toBe('@trialbot is in #cloud-trial-alerts (ALERTS_CHANNEL, private)');
    expect(alertsChannelFinding({ setting: 'C0123ABCD', info: { ...info, isMember: false } }).fix).toBe(
      'invite @trialbot to #cloud-trial-alerts (/invite @trialbot)',
    );
    expect(alertsChannelFinding({ setting: 'C0123ABCD', info: { ...info, isArchived: true } }).ok).toBe(false);
  });

  it('the pool: empty is wrong only at the default cap', () => {
    expect(poolFinding({ poolInstances: 0, maxActive: 100, maxActiveSet: false, defaultMax: 100 }).ok).toBe(false);
    expect(poolFinding({ poolInstances: 0, maxActive: 100, maxActiveSet: true, defaultMax: 100 }).ok).toBe(true);
    expect(poolFinding({ poolInstances: 2, maxActive: 100, maxActiveSet: false, defaultMax: 100 }).ok).toBe(true);
  });

  it('renders one line per finding, the fix after a dash', () => {
    expect(
      renderFindings([
        { area: 'slack', ok: true, text: 'fine' },
        { area: 'smtp', ok: false, text: 'broken', fix: 'mend it' },
      ]),
    ).toBe('✓ fine\n✗ broken — mend it');
  });
});
