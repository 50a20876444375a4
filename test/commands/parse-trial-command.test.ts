import { describe, expect, it } from 'vitest';
import { parseHostname, parseTrialCommand, type TrialCommand } from '../../src/slack/commands/parse-trial-command.js';

const inSpace = (text: string) => parseTrialCommand(text, { inTrialSpace: true });
const elsewhere = (text: string) => parseTrialCommand(text, { inTrialSpace: false });
const DAYS = 'days must be a whole number from 1 to 90';

describe('parseTrialCommand in a trial space', () => {
  it.each<[string, TrialCommand]>([
    ['', { kind: 'help' }],
    ['   ', { kind: 'help' }],
    ['help', { kind: 'help' }],
    ['HELP', { kind: 'help' }],
    ['extend', { kind: 'extend', days: 15 }],
    ['extend 20', { kind: 'extend', days: 20 }],
    ['Extend   20   busy   quarter', { kind: 'extend', days: 20, reason: 'busy quarter' }],
    ['extend 1', { kind: 'extend', days: 1 }],
    ['extend 90', { kind: 'extend', days: 90 }],
    ['extend 015', { kind: 'extend', days: 15 }],
    ['terminate', { kind: 'terminate' }],
    ['terminate no activity since day 3', { kind: 'terminate', reason: 'no activity since day 3' }],
    ['convert', { kind: 'convert' }],
    ['status', { kind: 'status' }],
    ['status other-trial', { kind: 'status', trialRef: 'other-trial' }],
    ['list', { kind: 'list' }],
    ['domain acme.sourcegraph.com', { kind: 'domain', vanity: 'acme.sourcegraph.com' }],
    ['domain ACME.Sourcegraph.com', { kind: 'domain', vanity: 'acme.sourcegraph.com' }],
    ['domain https://acme.sourcegraph.com/', { kind: 'domain', vanity: 'acme.sourcegraph.com' }],
    ['domain <https://acme.sourcegraph.com|acme.sourcegraph.com>', { kind: 'domain', vanity: 'acme.sourcegraph.com' }],
  ])('%j', (text, expected) => {
    expect(inSpace(text)).toEqual(expected);
  });

  it.each(['extend abc', 'extend 0', 'extend 400', 'extend 91', 'extend 1.5', 'extend -3', 'extend 1e2', 'extend acme 20', 'extend ١٥'])(
    '%j is a usage answer about the days',
    (text) => {
      expect(inSpace(text)).toEqual({ kind: 'usage', problem: DAYS });
    },
  );

  it.each([
    ['frobnicate', /don't know the subcommand "frobnicate"/],
    ['convert now please', /convert/],
    ['list mine', /list/],
    ['domain', /needs the new hostname/],
    ['domain acme', /not a full hostname/],
    ['domain a.b c.d', /nothing else/],
    ['domain -acme.sourcegraph.com', /not a full hostname/],
    ['domain acme..com', /not a full hostname/],
    ['domain 10.0.0.1', /not a full hostname/],
    ['status a b', /at most one/],
    [`terminate ${'x'.repeat(501)}`, /too long/],
  ])('%j is a usage answer', (text, problem) => {
    const parsed = inSpace(text);
    expect(parsed.kind).toBe('usage');
    expect((parsed as { problem: string }).problem).toMatch(problem);
  });
});

describe('parseTrialCommand elsewhere: the trial is named first', () => {
  it.each<[string, TrialCommand]>([
    ['extend acme-corp 15 reason words', { kind: 'extend', trialRef: 'acme-corp', days: 15, reason: 'reason words' }],
    ['extend acme', { kind: 'extend', trialRef: 'acme', days: 15 }],
    ['extend acme 30', { kind: 'extend', trialRef: 'acme', days: 30 }],
    // A number first is the days: the trial is missing, and resolving it says so.
    ['extend 20', { kind: 'extend', days: 20 }],
    ['extend', { kind: 'extend', days: 15 }],
    ['terminate acme', { kind: 'terminate', trialRef: 'acme' }],
    ['terminate acme.com went with a competitor', { kind: 'terminate', trialRef: 'acme.com', reason: 'went with a competitor' }],
    ['terminate', { kind: 'terminate' }],
    ['convert tr_abc23456', { kind: 'convert', trialRef: 'tr_abc23456' }],
    ['convert', { kind: 'convert' }],
    ['status acme-corp', { kind: 'status', trialRef: 'acme-corp' }],
    ['status #cloud-trial-acme', { kind: 'status', trialRef: '#cloud-trial-acme' }],
    ['status', { kind: 'status' }],
    ['list', { kind: 'list' }],
    ['help', { kind: 'help' }],
    ['domain acme acme.sourcegraph.com', { kind: 'domain', trialRef: 'acme', vanity: 'acme.sourcegraph.com' }],
    ['domain acme.sourcegraph.com', { kind: 'domain', vanity: 'acme.sourcegraph.com' }],
  ])('%j', (text, expected) => {
    expect(elsewhere(text)).toEqual(expected);
  });

  it.each(['extend acme abc', 'extend acme 0', 'extend acme 400', 'extend acme 2.5'])('%j is a usage answer about the days', (text) => {
    expect(elsewhere(text)).toEqual({ kind: 'usage', problem: DAYS });
  });

  it.each([
    ['convert acme now', /one argument/],
    ['domain acme not-a-host', /not a full hostname/],
    ['domain acme a.com b.com', /nothing else/],
    ['nope acme', /subcommand/],
  ])('%j is a usage answer', (text, problem) => {
    const parsed = elsewhere(text);
    expect(parsed.kind).toBe('usage');
    expect((parsed as { problem: string }).problem).toMatch(problem);
  });
});

describe('parseHostname', () => {
  it.each([
    ['acme.sourcegraph.com', 'acme.sourcegraph.com'],
    ['Code.Acme.IO.', 'code.acme.io'],
    ['http://a-b.example.org', 'a-b.example.org'],
    ['xn--bcher-kva.example', 'xn--bcher-kva.example'],
  ])('%j → %j', (input, host) => expect(parseHostname(input)).toBe(host));

  it.each(['acme', '', 'acme_corp.com', 'acme.c', '-a.com', 'a-.com', `${'a'.repeat(64)}.com`, 'a b.com', 'acme.com/path', 'user@acme.com', '1.2.3.4'])(
    '%j is not a hostname',
    (input) => expect(parseHostname(input)).toBeNull(),
  );
});
