import { afterEach, describe, expect, it } from 'vitest';
import { ActionId, ViewId } from '../../src/messages/slack/ids.js';
import { TestBot } from '../support/test-bot.js';
import { seedTeam, team } from '../support/seed.js';

// Issue 17.5: a company back after a "no" shows that history on its new alert.
let t: TestBot;
afterEach(async () => t?.close());

describe('a repeat signup', () => {
  it('from a domain whose earlier trial was disqualified shows when, why and by whom on the new alert', async () => {
    t = await TestBot.start({ options: { schedule: false } });
    seedTeam(t.db);
    const first = await t.signUp({ id: 'r1', email: 'sam@spammy-co.com', company: 'Spammy Co' });
    await t.clickButton(team.sdr.id, ActionId.Disqualify, first.trialId, first.alert);
    await t.eventually(() => expect(t.slack.views.length).toBeGreaterThan(0));
    const view = t.slack.views.at(-1)!.view as any;
    await t.submitView(team.sdr.id, {
      callback_id: ViewId.DisqualifyReason,
      private_metadata: view.private_metadata,
      values: {
        reason: { value: { type: 'static_select', selected_option: { value: 'spam' } } },
        detail: { value: { type: 'plain_text_input', value: null } },
      },
    });
    await t.eventually(() => expect(t.trial(first.trialId).status).toBe('disqualified'));
    await t.settle();

    const again = await t.signUp({ id: 'r2', email: 'kim@spammy-co.com', company: 'Spammy Co' });
    expect(again.trialId).not.toBe(first.trialId);
    const alert = JSON.stringify(t.alerts().find((m) => m.ts === again.alert.ts)!.blocks);
    expect(alert).toMatch(
      new RegExp(
        `:repeat: This company had a trial before: disqualified (Mon|Tue|Wed|Thu|Fri|Sat|Sun) \\d{1,2} [A-Z][a-z]{2}, \\d{2}:\\d{2} by <@${team.sdr.id}> — Spam`,
      ),
    );
    // The first alert, about a company new to it, says nothing of the kind.
    expect(JSON.stringify(t.alerts().find((m) => m.ts === first.alert.ts)!.blocks)).not.toContain(':repeat:');
  });
});

describe('/trial history DOMAIN', () => {
  it('lists every trial the company ever had, ended ones included, newest first; only for the roster; unknown domains say so', async () => {
    t = await TestBot.start({ options: { schedule: false } });
    seedTeam(t.db);
    const first = await t.signUp({ id: 'h1', email: 'sam@againco.com', company: 'Again Co' });
    t.db.prepare(`UPDATE trials SET status = 'disqualified', ended_at = created_at, end_reason = 'Spam / bad data' WHERE id = ?`).run(first.trialId);
    const second = await t.signUp({ id: 'h2', email: 'kim@againco.com', company: 'Again Co' });
    const res = await t.command(team.ce1.id, t.alertsChannel, 'history www.againco.com');
    const text = JSON.stringify(res.body.blocks);
    expect(text).toContain('Trials of Again Co');
    expect(text.indexOf(second.trialId)).toBeLessThan(text.indexOf(first.trialId));
    expect(text).toContain('disqualified');
    expect(text).toContain('Spam / bad data');
    expect((await t.command(team.outsider.id, t.alertsChannel, 'history againco.com')).body.text).toContain('for people in the trialbot roster');
    expect(JSON.stringify((await t.command(team.ce1.id, t.alertsChannel, 'history nobody-here.com')).body.blocks)).toContain(
      'No trial in trialbot for *nobody-here.com*',
    );
  });
});
