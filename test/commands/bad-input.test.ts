import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, TestBot } from '../support/test-bot.js';
import { activeTrial, milestonesOf, outboxCount, team, trialRow, type ActiveTrial } from '../support/active-trial.js';

// Every row must change nothing, so one bot and one trial serve the whole table.
let t: TestBot;
let trial: ActiveTrial;
beforeAll(async () => {
  t = await TestBot.start({ options: { schedule: false } });
  trial = await activeTrial(t);
});
afterAll(async () => t?.close());

type Where = 'space' | 'alerts';
const UNKNOWN = "I don't know a trial called “initech”";
const UNNAMED = 'Name the trial: this channel is not a trial’s channel';
const DAYS = 'days must be a whole number from 1 to 90';
const longReason = 'x'.repeat(501);

const table: Array<[string, Where, string, string]> = [
  // An unknown trial named.
  ['extend', 'alerts', 'extend initech 15', UNKNOWN],
  ['terminate', 'alerts', 'terminate initech no usage', UNKNOWN],
  ['convert', 'alerts', 'convert initech', UNKNOWN],
  ['domain', 'alerts', 'domain initech initech.sourcegraph.com', UNKNOWN],
  ['status', 'alerts', 'status initech', UNKNOWN],
  // No trial named, outside a trial's channel.
  ['extend', 'alerts', 'extend', UNNAMED],
  ['extend', 'alerts', 'extend 15 busy quarter', UNNAMED],
  ['terminate', 'alerts', 'terminate', UNNAMED],
  ['convert', 'alerts', 'convert', UNNAMED],
  ['domain', 'alerts', 'domain hooli.sourcegraph.com', UNNAMED],
  ['status', 'alerts', 'status', UNNAMED],
  // Bad arguments.
  ['extend', 'space', 'extend abc', DAYS],
  ['extend', 'space', 'extend 0', DAYS],
  ['extend', 'space', 'extend 400', DAYS],
  ['extend', 'alerts', 'extend hooli 1.5', DAYS],
  ['terminate', 'space', `terminate ${longReason}`, 'the reason is too long (500 characters at most)'],
  ['convert', 'space', 'convert now please', '`convert` takes no arguments here'],
  ['convert', 'alerts', 'convert hooli now', '`convert` takes one argument: the trial'],
  ['domain', 'space', 'domain', '`domain` needs the new hostname'],
  ['domain', 'space', 'domain hooli', '"hooli" is not a full hostname'],
  ['domain', 'space', 'domain hooli_eu!.sourcegraph.com', 'is not a full hostname'],
  ['domain', 'space', 'domain 10.0.0.1', 'is not a full hostname'],
  ['domain', 'alerts', 'domain hooli a.sourcegraph.com b.sourcegraph.com', '`domain` takes the new hostname and nothing else'],
  ['status', 'alerts', 'status hooli extra', '`status` takes at most one argument'],
];

describe('/trial: every subcommand answers bad input clearly, to the caller only, and changes nothing', () => {
  it.each(table)('%s in %s: %j', async (_sub, where, text, expected) => {
    const before = {
      row: trialRow(t, trial.id),
      milestones: milestonesOf(t, trial.id),
      outbox: outboxCount(t),
      audit: t.count('audit'),
      issues: t.github.issues(REPO).length,
    };
    const res = await t.command(team.ce1.id, where === 'space' ? trial.space : t.alertsChannel, text);
    expect(res.status).toBe(200);
    expect(res.body.response_type).toBe('ephemeral');
    expect(res.body.text).toContain(expected);
    await t.settle();
    expect({
      row: trialRow(t, trial.id),
      milestones: milestonesOf(t, trial.id),
      outbox: outboxCount(t),
      audit: t.count('audit'),
      issues: t.github.issues(REPO).length,
    }).toEqual(before);
  });
});
