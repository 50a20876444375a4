import { afterEach, describe, expect, it } from 'vitest';
import { TestBot, secrets } from '../support/test-bot.js';
import { webhookSignature } from '../support/sign.js';
import { seedInstance } from '../support/seed.js';
import { activeTrial, trialRow } from '../support/active-trial.js';

let t: TestBot;
afterEach(async () => t?.close());

const URL = 'https://acme.sourcegraph.test';
let n = 0;
const event = (over: Record<string, unknown> = {}) => ({ id: `e${++n}`, instanceUrl: URL, event: 'search', at: '2026-03-02T10:00:00Z', ...over });

async function bot() {
  t = await TestBot.start({ options: { schedule: false } });
  seedInstance(t.db, { url: URL, domain: 'acme.com', adminEmail: 'admin@acme.com' });
}

describe('POST /webhooks/activity', () => {
  it('stores a signed event and answers the grade', async () => {
    await bot();
    const res = await t.webhook('/webhooks/activity', event());
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, grade: 'C', duplicate: false });
    expect(t.count('activity_events')).toBe(1);
  });

  it('refuses an unsigned or badly signed event and stores nothing', async () => {
    await bot();
    const body = JSON.stringify(event());
    const unsigned = await t.request('POST', '/webhooks/activity', body, { 'content-type': 'application/json' });
    expect(unsigned.status).toBe(401);
    const wrong = await t.webhook('/webhooks/activity', event(), 'not-the-secret');
    expect(wrong.status).toBe(401);
    expect(t.count('activity_events')).toBe(0);
  });

  it('refuses a body altered after signing and stores nothing', async () => {
    await bot();
    const signed = JSON.stringify(event({ event: 'visit' }));
    const altered = signed.replace('"visit"', '"search"');
    const res = await t.request('POST', '/webhooks/activity', altered, {
      'content-type': 'application/json',
      'x-signature-256': webhookSignature(secrets.webhook, signed),
    });
    expect(res.status).toBe(401);
    expect(t.count('activity_events')).toBe(0);
    // The same signature with the body it was made for is accepted: only the change was refused.
    const original = await t.request('POST', '/webhooks/activity', signed, {
      'content-type': 'application/json',
      'x-signature-256': webhookSignature(secrets.webhook, signed),
    });
    expect(original.status).toBe(200);
  });

  it.each([
    ['not JSON', '{"id": "e1",', /not valid JSON/],
    ['no id', { instanceUrl: URL, event: 'search', at: '2026-03-02T10:00:00Z' }, /^id/],
    ['empty id', { id: '  ', instanceUrl: URL, event: 'search', at: '2026-03-02T10:00:00Z' }, /^id/],
    ['no instanceUrl', { id: 'e1', event: 'search', at: '2026-03-02T10:00:00Z' }, /^instanceUrl/],
    ['instanceUrl not a URL', { id: 'e1', instanceUrl: 'acme', event: 'search', at: '2026-03-02T10:00:00Z' }, /^instanceUrl/],
    ['instanceUrl not http(s)', { id: 'e1', instanceUrl: 'ftp://acme.sourcegraph.test', event: 'search', at: '2026-03-02T10:00:00Z' }, /^instanceUrl/],
    ['unknown event', { id: 'e1', instanceUrl: URL, event: 'login', at: '2026-03-02T10:00:00Z' }, /^event/],
    ['private not a boolean', { id: 'e1', instanceUrl: URL, event: 'repo_added', private: 'yes', at: '2026-03-02T10:00:00Z' }, /^private/],
    ['no at', { id: 'e1', instanceUrl: URL, event: 'search' }, /^at/],
    ['at not ISO-8601', { id: 'e1', instanceUrl: URL, event: 'search', at: 'yesterday' }, /^at/],
    ['an array', [], /./],
  ])('400 for %s, nothing stored', async (_name, payload, message) => {
    await bot();
    const res = await t.webhook('/webhooks/activity', payload);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(message);
    expect(t.count('activity_events')).toBe(0);
  });

  it('413 over 64 KiB, nothing stored', async () => {
    await bot();
    const res = await t.webhook('/webhooks/activity', event({ id: 'x'.repeat(70 * 1024) }));
    expect(res.status).toBe(413);
    expect(t.count('activity_events')).toBe(0);
  });

  it('404 for an unknown instance, nothing stored', async () => {
    await bot();
    const res = await t.webhook('/webhooks/activity', event({ instanceUrl: 'https://nobody.sourcegraph.test' }));
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: 'unknown instance' });
    expect(t.count('activity_events')).toBe(0);
  });

  it('matches the instance URL the way the import stores it (host case, trailing slash)', async () => {
    await bot();
    const res = await t.webhook('/webhooks/activity', event({ instanceUrl: 'https://ACME.Sourcegraph.test/' }));
    expect(res.status).toBe(200);
    expect(t.db.prepare('SELECT instance_url FROM activity_events').get()).toEqual({ instance_url: URL });
  });

  it('a duplicate id counts once', async () => {
    await bot();
    const e = event();
    expect((await t.webhook('/webhooks/activity', e)).body).toEqual({ ok: true, grade: 'C', duplicate: false });
    const again = await t.webhook('/webhooks/activity', { ...e, at: '2026-03-05T10:00:00Z' });
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ ok: true, grade: 'C', duplicate: true });
    expect(t.count('activity_events')).toBe(1);
  });

  it('the grade climbs D → C → B → A as usage grows', async () => {
    await bot();
    const day = (d: number) => `2026-03-0${d}T10:00:00Z`;
    const grades: string[] = [];
    const send = async (e: Record<string, unknown>) => {
      const res = await t.webhook('/webhooks/activity', event(e));
      expect(res.status).toBe(200);
      grades.push(res.body.grade);
    };
    await send({ event: 'visit', at: day(1) });
    await send({ event: 'search', at: day(1) });
    await send({ event: 'repo_added', private: false, at: day(2) });
    await send({ event: 'code_host_added', at: day(3) });
    await send({ event: 'visit', at: day(4) });
    await send({ event: 'repo_added', private: true, at: day(5) });
    expect(grades).toEqual(['D', 'C', 'B', 'B', 'B', 'A']);
  });

  it('a grade change re-renders the trial card; an event that changes nothing does not', async () => {
    t = await TestBot.start({ options: { schedule: false } });
    const trial = await activeTrial(t);
    const row = trialRow(t, trial.id);
    const card = () => t.slack.messagesIn(row.card_channel).find((m) => m.ts === row.card_ts)!;
    expect(JSON.stringify(card().blocks)).toContain('unknown: no activity reported yet');
    const edits = card().edits;

    await t.webhook('/webhooks/activity', event({ instanceUrl: trial.instanceUrl, event: 'visit' }));
    await t.settle();
    expect(card().edits).toBe(edits);

    const res = await t.webhook('/webhooks/activity', event({ instanceUrl: trial.instanceUrl, event: 'search' }));
    expect(res.body.grade).toBe('C');
    await t.settle();
    expect(card().edits).toBe(edits + 1);
    expect(JSON.stringify(card().blocks)).toContain('C · Minimally active');

    await t.webhook('/webhooks/activity', event({ instanceUrl: trial.instanceUrl, event: 'search' }));
    await t.settle();
    expect(card().edits).toBe(edits + 1);
  });
});
