import { afterEach, describe, expect, it } from 'vitest';
import { TestBot } from '../support/test-bot.js';
import { activeTrial, mrkdwnTexts, team } from '../support/active-trial.js';
import { addLocalDays, localDate } from '../../src/core/deadlines.js';
import { humanDay } from '../../src/core/human-date.js';

let t: TestBot;
afterEach(async () => t?.close());

const DAY = 86_400_000;

// Slack signs requests with the real time and the bot refuses ones 5 minutes off its
// clock, so the trial is set up in the past and the command typed now.
const daysAgo = (n: number) => new Date(Date.now() - n * DAY);

describe('/trial status', () => {
  it('shows dates, day N, days left, owners, grade, open issues and the last actions, to anyone', async () => {
    let clock: Date | null = daysAgo(4);
    t = await TestBot.start({ now: () => clock ?? new Date(), options: { schedule: false } });
    const trial = await activeTrial(t, { company: 'Hooli *bold* <!here>' });
    const startOn = localDate(clock, 'UTC');
    clock = null;
    await t.command(team.ce1.id, trial.space, 'extend 20 needs SSO');
    await t.settle();

    const res = await t.command(team.outsider.id, trial.space, 'status');
    expect(res.body.response_type).toBe('ephemeral');
    const shown = JSON.stringify(res.body.blocks);
    expect(shown).toContain(`started ${humanDay(startOn)}`);
    expect(shown).toContain(`ends ${humanDay(addLocalDays(startOn, 35))}`);
    expect(shown).toContain('day 4 of the trial');
    expect(shown).toContain('31 days left');
    expect(shown).toContain(`*AE*\\n<@${team.ae1.id}>`);
    expect(shown).toContain(`*CE*\\n<@${team.ce1.id}>`);
    expect(shown).toContain('unknown: the instance has reported no activity yet');
    expect(shown).toMatch(/trial extension: <[^>]+\|#\d+> Cloud trial extend/);
    expect(shown).toContain('Last actions');
    expect(shown).toContain('extended');
    expect(shown).toContain('&lt;!here&gt;');
    expect(mrkdwnTexts(res.body.blocks).join('\n')).not.toContain('<!here>');
    expect(res.body.text).toContain('31 days left');
  });

  it('names any trial from elsewhere, by domain, channel or id; an unknown name gets a clear answer', async () => {
    t = await TestBot.start({ options: { schedule: false } });
    const trial = await activeTrial(t);
    for (const ref of ['hooli.com', 'hooli', '#cloud-trial-hooli', trial.id, `<#${trial.space}|cloud-trial-hooli>`]) {
      const res = await t.command(team.sdr.id, t.alertsChannel, `status ${ref}`);
      expect(res.body.text, ref).toContain('Trial Hooli');
    }
    expect((await t.command(team.sdr.id, t.alertsChannel, 'status initech')).body.text).toContain("I don't know a trial called “initech”");
    expect((await t.command(team.sdr.id, t.alertsChannel, 'status')).body.text).toContain('Name the trial');
  });

  it('an overdue decision says so', async () => {
    let clock: Date | null = daysAgo(17);
    t = await TestBot.start({ now: () => clock ?? new Date(), options: { schedule: false } });
    const trial = await activeTrial(t);
    clock = null;
    const res = await t.command(team.ce1.id, trial.space, 'status');
    expect(JSON.stringify(res.body.blocks)).toContain('2 days past the end date');
  });
});
