import { describe, expect, it } from 'vitest';
import { readabilityViolations, slackTexts } from '../support/readable.js';

// The shared checker TestBot runs over everything the bot sends (issue 14): it must catch each kind.
const slack = (text: string) => [{ where: 'chat.postMessage', text, kind: 'slack' as const }];
const rules = (text: string, kind: 'slack' | 'email' | 'github' = 'slack') =>
  readabilityViolations(kind === 'slack' ? slack(text) : [{ where: 'email', text, kind }], ['UCE1', 'U0AE00001']).map((v) => v.rule);

describe('the readability checker', () => {
  it.each([
    ['assigned owners — AE U0AE00001 (round robin)', 'raw user id'],
    ['asked for the day15 decision', 'enum word'],
    ['it now ends on 2026-12-19', 'ISO date'],
    ['at 2026-12-03T07:28:14.480Z', 'ISO timestamp'],
    ['log in at <instance>/sign-in', 'placeholder'],
    ['run `npm run admin -- audit tr_1`', 'CLI command'],
    ['asked &lt;@UCE1&gt; to decide', 'escaped mention'],
  ])('flags "%s" as %s', (text, rule) => {
    expect(rules(text)).toContain(rule);
  });

  it.each([
    ['asked <@UCE1> to decide, ends Thu 18 Dec'],
    ['<!date^1796007894^{date_short} {time}|Mon 30 Nov, 03:05 UTC> trialbot: opened the instance request issue'],
    ['nobody in the roster has the `license_owner` role; roster id `UCE1`'],
    ['you typed "&lt;@U123&gt;", which is not a subcommand'],
  ])('passes "%s"', (text) => {
    expect(rules(text)).toEqual([]);
  });

  it('reads Block Kit as Slack gets it (blocks JSON-encoded by @slack/web-api), skipping ids and values people never see', () => {
    const blocks = JSON.stringify([
      {
        type: 'actions',
        block_id: 'deadline:7',
        elements: [{ type: 'button', action_id: 'trial_extend', value: 'tr_1:day15', text: { type: 'plain_text', text: 'Extend 15 days' } }],
      },
    ]);
    expect(slackTexts({ text: 'Day 15', blocks })).toEqual(['Day 15', 'Extend 15 days']);
  });

  it('lets emails name commands (they are not Slack) but not ids or ISO dates', () => {
    expect(rules('npm run admin -- check', 'email')).toEqual([]);
    expect(rules('your trial ends 2026-12-19', 'email')).toEqual(['ISO date']);
  });

  it('holds GitHub issues and comments to the same rules, but lets them name the admin CLI (the cloud team runs it)', () => {
    expect(rules('add them with `npm run admin -- import-instances FILE`', 'github')).toEqual([]);
    expect(rules('Please extend the trial by **15 days**, to **2026-12-19**.', 'github')).toEqual(['ISO date']);
    expect(rules('left in the pool (2026-12-04T06:22:36.166Z).', 'github')).toContain('ISO timestamp');
  });
});
