import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { ActionId } from '../../src/messages/slack/ids.js';
import { TestBot } from '../support/test-bot.js';
import { seedTeam, team } from '../support/seed.js';

// Issue 16.2: a click whose work cannot be recorded (here: another process holds the database's
// write lock past the server's wait) is answered, not left in silence, and changes nothing.
let t: TestBot;
let other: Database.Database | undefined;
afterEach(async () => {
  if (other?.inTransaction) other.exec('ROLLBACK');
  other?.close();
  other = undefined;
  await t?.close();
});

describe('a click that cannot be recorded', () => {
  it('Qualify while the database is locked: the SDR hears it was not recorded; clicking again once it is free qualifies', async () => {
    t = await TestBot.start({ smtp: true });
    seedTeam(t.db);
    const { trialId } = await t.signUp({ id: 's1', email: 'bob@initech.com', company: 'Initech' });

    other = new Database(t.env.DATABASE_PATH!);
    other.exec('BEGIN IMMEDIATE');
    await t.clickButton(team.sdr.id, ActionId.Qualify, trialId, t.alertOf(trialId));
    expect(await t.lastEphemeral(team.sdr.id)).toMatch(/could not record that, so nothing was changed/);
    other.exec('ROLLBACK');
    expect(t.trial(trialId).decision).toBeNull();

    expect(await t.qualify(team.sdr.id, trialId)).toMatch(/Qualified/);
    expect(t.trial(trialId).decision).toBe('qualified');
  });

  it('Opportunity created while the database is locked: answered the same way, nothing recorded', async () => {
    t = await TestBot.start();
    seedTeam(t.db);
    const { trialId } = await t.signUp({ id: 's1', email: 'bob@initech.com', company: 'Initech' });
    const audits = t.count('audit');
    other = new Database(t.env.DATABASE_PATH!);
    other.exec('BEGIN IMMEDIATE');
    await t.clickButton(team.sdr.id, ActionId.OpportunityCreated, trialId, t.alertOf(trialId));
    expect(await t.lastEphemeral(team.sdr.id)).toMatch(/could not record that/);
    other.exec('ROLLBACK');
    expect(t.count('audit')).toBe(audits);
  });

  it('a Qualify click on a lead already decided is answered "already decided" even while the database is locked: a refusal needs no write', async () => {
    t = await TestBot.start();
    seedTeam(t.db);
    const { trialId } = await t.signUp({ id: 's1', email: 'bob@initech.com', company: 'Initech' });
    expect(await t.qualify(team.sdr.id, trialId)).toMatch(/Qualified/);
    await t.settle();

    other = new Database(t.env.DATABASE_PATH!);
    other.exec('BEGIN IMMEDIATE');
    await t.clickButton(team.sdr2.id, ActionId.Qualify, trialId, t.alertOf(trialId));
    const answer = await t.lastEphemeral(team.sdr2.id);
    expect(answer).not.toMatch(/could not record/);
    expect(answer).toMatch(/already/i);
  });
});
