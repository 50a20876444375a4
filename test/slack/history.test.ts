import { afterEach, describe, expect, it } from 'vitest';
import { ActionId } from '../../src/messages/slack/ids.js';
import { TestBot } from '../support/test-bot.js';
import { activeTrial, team } from '../support/active-trial.js';

// Issue 14: people in Slack get the trail from a History button on the card, not a CLI command.
let t: TestBot;
afterEach(async () => t?.close());

describe('History on the trial card', () => {
  it('the card offers History (and no CLI command); a click shows the trail newest first, with names and human dates', async () => {
    t = await TestBot.start({ options: { schedule: false } });
    const trial = await activeTrial(t);
    await t.command(team.ce1.id, trial.space, 'extend 10 busy quarter');
    await t.settle();
    const row = t.trial(trial.id);
    const card = t.slack.messagesIn(row.card_channel).find((m) => m.ts === row.card_ts)!;
    const cardJson = JSON.stringify(card.blocks);
    expect(cardJson).not.toContain('npm run');
    expect(cardJson).toContain(ActionId.History);

    await t.clickButton(team.ae1.id, ActionId.History, trial.id, { channel: card.channel, ts: card.ts }, `history:${trial.id}`);
    await t.eventually(() => expect(t.slack.ephemeralsFor(team.ae1.id)).toHaveLength(1));
    const shown = t.slack.ephemeralsFor(team.ae1.id)[0]!;
    const text = JSON.stringify(shown.blocks);
    expect(text).toContain('History: Hooli');
    // Newest first: the extension before the signup.
    expect(text.indexOf('extended')).toBeGreaterThan(-1);
    expect(text.indexOf('extended')).toBeLessThan(text.indexOf('signup routed'));
    expect(text).toContain(`<@${team.ce1.id}>: extended`);
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
    expect(text).toMatch(/\*(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} [A-Z][a-z]{2}, \d{2}:\d{2}\*/);
  });

  it('someone outside the roster is told it is not for them, and sees nothing of the trail', async () => {
    t = await TestBot.start({ options: { schedule: false } });
    const trial = await activeTrial(t);
    const row = t.trial(trial.id);
    await t.clickButton(team.outsider.id, ActionId.History, trial.id, { channel: row.card_channel, ts: row.card_ts });
    expect(await t.lastEphemeral(team.outsider.id)).toContain('for people in the trialbot roster');
    expect(JSON.stringify(t.slack.ephemeralsFor(team.outsider.id))).not.toContain('signup routed');
  });
});
