import { afterEach, describe, expect, it } from 'vitest';
import { TestBot } from '../support/test-bot.js';
import { activeTrial, team, trialRow } from '../support/active-trial.js';
import { recommendation } from '../../src/messages/slack/deadline-prompt.js';

// Issue 12.5: the first real use and reaching PQL are each told once, in the trial's space.
let t: TestBot;
afterEach(async () => t?.close());

const event = (url: string, id: string, event: string, at: string) => t.webhook('/webhooks/activity', { id, instanceUrl: url, event, at });
const spaceTexts = (space: string) => t.slack.messagesIn(space).map((m) => m.text);

describe('usage nudges', () => {
  it('a first search tells the AE and CE once to start checking in; visits alone do not; PQL is told once; the card shows both', async () => {
    t = await TestBot.start({ options: { schedule: false } });
    const trial = await activeTrial(t);
    const day = (n: number) => new Date(Date.parse(trialRow(t, trial.id).started_at) + n * 86_400_000).toISOString();
    await event(trial.instanceUrl, 'v1', 'visit', day(0));
    await t.settle();
    expect(spaceTexts(trial.space).some((m) => m.includes('start checking in'))).toBe(false);

    await event(trial.instanceUrl, 's1', 'search', day(1));
    await event(trial.instanceUrl, 's2', 'search', day(1));
    await t.settle();
    const nudges = spaceTexts(trial.space).filter((m) => m.includes('start checking in'));
    expect(nudges).toHaveLength(1);
    expect(nudges[0]).toContain(`<@${team.ae1.id}> <@${team.ce1.id}>: time to start checking in`);

    // A repository and a second active day: grade B, a product-qualified lead.
    await event(trial.instanceUrl, 'r1', 'repo_added', day(2));
    await event(trial.instanceUrl, 's3', 'search', day(3));
    await t.settle();
    const pql = spaceTexts(trial.space).filter((m) => m.includes('product-qualified lead'));
    expect(pql).toHaveLength(1);
    expect(pql[0]).toContain(`<@${team.ae1.id}>`);
    await event(trial.instanceUrl, 's4', 'search', day(4));
    await t.settle();
    expect(spaceTexts(trial.space).filter((m) => m.includes('product-qualified lead'))).toHaveLength(1);

    const row = trialRow(t, trial.id);
    const card = t.slack.messagesIn(row.card_channel).find((m) => m.ts === row.card_ts)!;
    await t.eventually(() => expect(JSON.stringify(t.slack.messagesIn(row.card_channel).find((m) => m.ts === row.card_ts)!.blocks)).toContain('PQL since'));
    expect(JSON.stringify(card.blocks)).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });

  it('day 15: code connected (a code host and a repository) without a search counts as use: extend, not terminate', () => {
    const base = { grade: 'D' as const, description: 'Inactive post sign-up', searches: 0, daysActive: 2 };
    expect(recommendation('day15', { ...base, realUse: true })).toBe('extend');
    expect(recommendation('day15', { ...base, realUse: false })).toBe('terminate');
  });
});
