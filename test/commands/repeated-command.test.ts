import { afterEach, describe, expect, it } from 'vitest';
import { REPO, TestBot } from '../support/test-bot.js';
import { activeTrial, team } from '../support/active-trial.js';

// A retyped command carries a new trigger_id: the same person asking the same thing within a
// minute is one request (issue 16.1), answered "already done" and changing nothing more.
let t: TestBot;
afterEach(async () => t?.close());

let offset = 0;
const clock = () => new Date(Date.now() + offset);

describe('a lifecycle command repeated within a minute', () => {
  it('/trial extend typed twice extends once; a minute later, or with other arguments, it is a new request', async () => {
    offset = 0;
    t = await TestBot.start({ now: clock, options: { schedule: false } });
    const trial = await activeTrial(t);
    const first = await t.command(team.ce1.id, trial.space, 'extend 10 busy quarter');
    expect(first.body.text).toContain('Extended *Hooli* by 10 days');
    const endsAt = t.trial(trial.id).ends_at;

    const again = await t.command(team.ce1.id, trial.space, 'extend 10 Busy  quarter');
    expect(again.body.text).toContain('already done');
    expect(again.body.text).toContain('Nothing more was changed');
    expect(t.trial(trial.id).ends_at).toBe(endsAt);

    // Another person, or other days, is another request.
    const other = await t.command(team.ce1.id, trial.space, 'extend 5 busy quarter');
    expect(other.body.text).toContain('Extended *Hooli* by 5 days');

    offset = 61_000;
    const later = await t.command(team.ce1.id, trial.space, 'extend 10 busy quarter');
    expect(later.body.text).toContain('Extended *Hooli* by 10 days');
    await t.settle();
    expect(t.github.issues(REPO).filter((i) => i.title.startsWith('Cloud trial extend'))).toHaveLength(3);
  });

  it('/trial terminate typed twice: the second hears it is already terminated, and nothing more is sent', async () => {
    offset = 0;
    t = await TestBot.start({ now: clock, options: { schedule: false } });
    const trial = await activeTrial(t);
    const first = await t.command(team.ce1.id, trial.space, 'terminate no usage');
    expect(first.body.text).toContain('Terminated *Hooli*');
    const again = await t.command(team.ce1.id, trial.space, 'terminate no usage');
    expect(again.body.text).toContain('already terminated');
    await t.settle();
    expect(t.github.issues(REPO).filter((i) => /terminat/i.test(i.title))).toHaveLength(1);
  });

  it('/trial convert typed twice: the second hears it is already converted', async () => {
    offset = 0;
    t = await TestBot.start({ now: clock, options: { schedule: false } });
    const trial = await activeTrial(t);
    expect((await t.command(team.ce1.id, trial.space, 'convert')).body.text).toContain('is converted');
    expect((await t.command(team.ce1.id, trial.space, 'convert')).body.text).toContain('already converted');
  });
});
