import { describe, expect, it } from 'vitest';
import { dayOfTrial } from '../../src/core/day-count.js';
import { currentEndOn, isRepeat, planPromptAnswer, requestArgs, runningRefusal, validExtensionDays } from '../../src/core/lifecycle.js';

const day15 = { id: 1, kind: 'day15' as const, dueOn: '2026-03-17' };
const day30 = { id: 2, kind: 'day30' as const, dueOn: '2026-04-01' };

describe('which prompt a click answers', () => {
  it.each([
    ['its own prompt, waiting', day30, 2, day30, { answers: day30 }],
    ['a button that names no prompt answers the one waiting', day30, undefined, undefined, { answers: day30 }],
    ['nothing waiting: already answered', undefined, 2, day30, { refused: 'prompt_answered' }],
    ['nothing waiting, no prompt named', undefined, undefined, undefined, { refused: 'prompt_answered' }],
    [
      'an older prompt while a later one waits',
      day30,
      1,
      day15,
      { refused: 'prompt_superseded', clicked: { kind: 'day15', dueOn: '2026-03-17' }, waiting: { kind: 'day30', dueOn: '2026-04-01' } },
    ],
    [
      'a prompt id that is no prompt of this trial',
      day30,
      99,
      undefined,
      { refused: 'prompt_superseded', clicked: null, waiting: { kind: 'day30', dueOn: '2026-04-01' } },
    ],
  ] as const)('%s', (_name, waiting, clickedId, clicked, expected) => {
    expect(planPromptAnswer(waiting, clickedId, clicked)).toEqual(expected);
  });
});

describe('the current end an extension counts from', () => {
  it.each([
    [null, null, null],
    ['2026-03-17', null, '2026-03-17'],
    [null, '2026-04-01', '2026-04-01'],
    ['2026-03-17', '2026-04-01', '2026-04-01'],
    ['2026-05-01', '2026-04-01', '2026-05-01'],
  ])('end %s, decision due %s → %s', (endsOn, due, expected) => {
    expect(currentEndOn(endsOn, due)).toBe(expected);
  });
});

describe('lifecycle rules', () => {
  it('extensions are 1–90 whole days', () => {
    expect([0, 1, 15, 90, 91, 1.5, -3].map(validExtensionDays)).toEqual([false, true, true, true, false, false, false]);
  });

  it('extend and convert need a running clock', () => {
    const trial = (status: string) => ({ status }) as never;
    expect(runningRefusal(trial('active'))).toBeNull();
    expect(runningRefusal(trial('existing'))).toMatchObject({ refused: 'no_clock' });
    for (const s of ['triage', 'queued', 'provisioning']) expect(runningRefusal(trial(s))).toMatchObject({ refused: 'not_started' });
  });

  it('a repeat is the same request within a minute, and spacing or case of a reason do not make it new', () => {
    const now = new Date('2026-03-01T10:00:30Z');
    expect(isRepeat(null, now)).toBe(false);
    expect(isRepeat('2026-03-01T10:00:00.000Z', now)).toBe(true);
    expect(isRepeat('2026-03-01T09:59:30.000Z', now)).toBe(false);
    expect(isRepeat('2026-03-01T10:01:00.000Z', now)).toBe(false);
    expect(requestArgs(10, '  Busy   Quarter ')).toBe(requestArgs(10, 'busy quarter'));
    expect(requestArgs(10, 'busy')).not.toBe(requestArgs(5, 'busy'));
  });

  it('day N of the trial: 15 and 30 by name, an extension counted from the start in the zone', () => {
    expect(dayOfTrial('2026-03-01T23:30:00Z', '2026-03-16', 'day15', 'UTC')).toBe(15);
    expect(dayOfTrial('2026-03-01T23:30:00Z', '2026-04-15', 'extension_end', 'UTC')).toBe(45);
    // Half past midnight on 2 March in Berlin: the trial started on the 2nd there.
    expect(dayOfTrial('2026-03-01T23:30:00Z', '2026-04-15', 'extension_end', 'Europe/Berlin')).toBe(44);
    expect(dayOfTrial(null, '2026-04-15', 'extension_end', 'UTC')).toBe(0);
  });
});
