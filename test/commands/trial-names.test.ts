import { afterEach, describe, expect, it } from 'vitest';
import { TestBot } from '../support/test-bot.js';
import { activeTrial, outboxCount, team, trialRow } from '../support/active-trial.js';

let t: TestBot;
afterEach(async () => t?.close());

const rows = (...ids: string[]) => ids.map((id) => trialRow(t, id));

describe('naming a trial by a domain that names several', () => {
  it('a personal-mail domain names no trial: the candidates are listed and nothing changes', async () => {
    t = await TestBot.start({ options: { schedule: false } });
    await activeTrial(t);
    const a = await t.signup({ id: 's-g1', email: 'ann@gmail.com', name: 'Ann' });
    const b = await t.signup({ id: 's-g2', email: 'bob@gmail.com', name: 'Bob' });
    await t.settle();
    const before = { rows: rows(a.body.trialId, b.body.trialId), outbox: outboxCount(t) };

    for (const text of ['terminate gmail.com', 'status gmail.com', 'convert gmail.com', 'extend gmail.com 15']) {
      const res = await t.command(team.admin.id, t.alertsChannel, text);
      expect(res.body.response_type, text).toBe('ephemeral');
      expect(res.body.text, text).toContain('“gmail.com” is a personal-mail domain');
      expect(res.body.text, text).toContain(a.body.trialId);
      expect(res.body.text, text).toContain(b.body.trialId);
      expect(res.body.text, text).toContain('ann@gmail.com');
      expect(res.body.text, text).toContain('Nothing was changed');
    }
    expect({ rows: rows(a.body.trialId, b.body.trialId), outbox: outboxCount(t) }).toEqual(before);

    // By id it is plain which one is meant.
    const byId = await t.command(team.admin.id, t.alertsChannel, `status ${a.body.trialId}`);
    expect(JSON.stringify(byId.body.blocks)).toContain('ann@gmail.com');
  });

  it('a personal-mail domain with a single trial is still not a name for it', async () => {
    t = await TestBot.start({ options: { schedule: false } });
    await activeTrial(t);
    const a = await t.signup({ id: 's-g1', email: 'ann@gmail.com', name: 'Ann' });
    await t.settle();
    const res = await t.command(team.admin.id, t.alertsChannel, 'terminate gmail.com');
    expect(res.body.text).toContain('personal-mail domain');
    expect(res.body.text).toContain(`/trial terminate ${a.body.trialId}`);
    expect(trialRow(t, a.body.trialId).status).toBe('triage');
  });

  it('a company domain with several open trials: candidates with their channels, nothing changes; an ended one does not count', async () => {
    t = await TestBot.start({ options: { schedule: false } });
    const first = await activeTrial(t);
    const second = await activeTrial(t, { domain: 'hooli-eu.com', company: 'Hooli Europe', seed: false, email: 'jian@hooli-eu.com' });
    // Two open trials on one domain (imported, or from before signups joined the open one).
    t.db.prepare(`UPDATE trials SET domain = 'hooli.com' WHERE id = ?`).run(second.id);
    const before = { rows: rows(first.id, second.id), outbox: outboxCount(t) };

    const res = await t.command(team.ce1.id, t.alertsChannel, 'terminate hooli.com no usage');
    expect(res.body.response_type).toBe('ephemeral');
    expect(res.body.text).toContain('Several open trials have the domain “hooli.com”');
    for (const trial of [first, second]) {
      expect(res.body.text).toContain(trial.id);
      expect(res.body.text).toContain(`<#${trial.space}>`);
    }
    expect({ rows: rows(first.id, second.id), outbox: outboxCount(t) }).toEqual(before);

    // Once one has ended, the domain names the other.
    await t.command(team.ce1.id, first.space, 'terminate');
    const status = await t.command(team.sdr.id, t.alertsChannel, 'status hooli.com');
    expect(status.body.text).toContain('Trial Hooli Europe');
  });

  it('the newer of two trials ended: the domain names the older one, still open', async () => {
    t = await TestBot.start({ options: { schedule: false } });
    await activeTrial(t);
    const newer = await activeTrial(t, { domain: 'hooli-eu.com', company: 'Hooli Europe', seed: false, email: 'jian@hooli-eu.com' });
    t.db.prepare(`UPDATE trials SET domain = 'hooli.com' WHERE id = ?`).run(newer.id);
    await t.command(team.ce2.id, newer.space, 'terminate');
    expect(trialRow(t, newer.id).status).toBe('terminated');
    const status = await t.command(team.sdr.id, t.alertsChannel, 'status hooli.com');
    expect(status.body.text).toContain('Trial Hooli:');
    expect(status.body.text).not.toContain('Hooli Europe');
  });
});
