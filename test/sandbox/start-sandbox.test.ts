import { join } from 'node:path';
import { WebClient } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/start-sandbox.js';
import { eventually } from '../support/eventually.js';
import { startTestSandbox, testDir } from '../support/sandbox.js';
import { ActionId } from '../../src/messages/slack/ids.js';

/** The current test's sandbox, for `call` and `count`; each test's own is closed when it ends. */
let box: Sandbox | undefined;

const start = (databasePath: string) => startTestSandbox({ DATABASE_PATH: databasePath });
const fresh = () => join(testDir(), 'sandbox.db');

async function call(path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${box!.bot.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

/** The buttons in a rendered message, as the page would send them back. */
function actionsIn(html: string): Array<{ action_id: string; block_id: string; value?: string; text: string }> {
  const unescape = (v: string) =>
    v
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
  return [...html.matchAll(/data-action="([^"]*)"/g)].map((m) => JSON.parse(unescape(m[1]!)));
}

const count = (table: string) => (box!.bot.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('the local sandbox', () => {
  it('seeds the demo data on the first start only, and keeps its channels and issues across a restart', async () => {
    const db = fresh();
    box = await start(db);
    expect(box.seeded).toBe(true);
    const people = count('people');
    expect(people).toBeGreaterThanOrEqual(10);
    expect(count('accounts')).toBeGreaterThanOrEqual(3);
    expect((box.bot.db.prepare(`SELECT count(*) AS n FROM instances WHERE domain IS NULL`).get() as { n: number }).n).toBe(5);
    expect((box.bot.db.prepare(`SELECT count(*) AS n FROM instances WHERE domain IS NOT NULL`).get() as { n: number }).n).toBe(1);
    // Every roster member is a Slack user with the same id and email.
    const roster = box.bot.db.prepare('SELECT DISTINCT slack_user_id AS id, email FROM people').all() as Array<{ id: string; email: string }>;
    for (const p of roster) expect(box.slack.user(p.id)?.email).toBe(p.email);
    expect(box.config.ALERTS_CHANNEL).toBe(box.slack.channelByName('cloud-trial-alerts')!.id);
    expect(box.config.SMTP_URL).toBeUndefined();

    const signup = await call('/sandbox/signup', { email: 'ann@hooli-labs.com', company: 'Hooli Labs' });
    expect(signup.body.answer).toMatchObject({ status: 200, body: { case: '3' } });
    await eventually(() => expect(box!.slack.messagesIn(box!.config.ALERTS_CHANNEL)).toHaveLength(1));
    box.clock.advance(3 * 24 * 60 * 60 * 1000);
    await box.close();

    box = await start(db);
    expect(box.seeded).toBe(false);
    expect(count('people')).toBe(people);
    expect(count('instances')).toBe(6);
    // The stand-ins come back as they were: the alert, its channel id, the clock.
    expect(box.slack.messagesIn(box.config.ALERTS_CHANNEL)).toHaveLength(1);
    expect(box.clock.offsetMs).toBeGreaterThanOrEqual(3 * 24 * 60 * 60 * 1000 - 1000);
  });

  it('serves the page and a JSON API that acts through the bot’s real signed endpoints', async () => {
    box = await start(fresh());

    const page = await fetch(box.url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>trialbot sandbox</title>');

    const sdr = 'U0SDR0001';
    const initial = await call(`/sandbox/state?as=${sdr}`);
    expect(initial.status).toBe(200);
    expect(initial.body.channel.name).toBe('cloud-trial-alerts');
    expect(initial.body.people.map((p: any) => p.id)).toContain('U0OUTSIDE');
    expect(initial.body.jobs.length).toBeGreaterThan(0);

    const signup = await call('/sandbox/signup', { email: 'dana@pied-piper.com', name: 'Dana <script>', company: 'Pied Piper' });
    expect(signup.body.answer.status).toBe(200);
    const trialId = signup.body.answer.body.trialId as string;

    const alert = await eventually(async () => {
      const s = (await call(`/sandbox/state?as=${sdr}`)).body;
      const m = s.messages.find((x: any) => x.html.includes('data-action'));
      if (!m) throw new Error('no alert yet');
      return m;
    });
    expect(alert.html).toContain('Dana &lt;script&gt;');
    expect(alert.html).not.toContain('<script>');

    // An outsider's click is refused, privately.
    const refused = await call('/sandbox/click', {
      as: 'U0OUTSIDE',
      channel: box.config.ALERTS_CHANNEL,
      ts: alert.ts,
      action: { action_id: ActionId.Qualify, block_id: `triage:${trialId}`, value: trialId, text: 'Qualify' },
    });
    expect(refused.body.answer.status).toBe(200);
    await eventually(async () => {
      const s = (await call(`/sandbox/state?as=U0OUTSIDE`)).body;
      expect(s.messages.some((m: any) => m.ephemeral && m.html.includes('Only inbound SDRs'))).toBe(true);
    });
    expect((await call(`/sandbox/state?as=${sdr}`)).body.messages.some((m: any) => m.ephemeral)).toBe(false);

    // The SDR's click qualifies: a trial channel and an instance request appear.
    await call('/sandbox/click', {
      as: sdr,
      channel: box.config.ALERTS_CHANNEL,
      ts: alert.ts,
      action: { action_id: ActionId.Qualify, block_id: `triage:${trialId}`, value: trialId, text: 'Qualify' },
    });
    const state = await eventually(async () => {
      const s = (await call(`/sandbox/state?as=${sdr}`)).body;
      expect(s.channels.map((c: any) => c.name)).toContain('cloud-trial-pied-piper');
      expect(s.github.issues).toHaveLength(1);
      expect(s.emails).toHaveLength(1);
      return s;
    });
    expect(state.github.issues[0].title).toContain('instance request');
    expect(state.emails[0].to).toEqual(['dana@pied-piper.com']);
    // Bolt's answers and the channel the outbox created asked who the bot is once between them.
    expect(box.slack.callsTo('auth.test')).toHaveLength(1);

    // Labelling the issue reaches the bot as a signed webhook, which starts the trial.
    const labelled = await call('/sandbox/github/label', { number: state.github.issues[0].number });
    expect(labelled.body.deliveries.map((d: any) => d.status)).toContain(200);
    await eventually(() => expect(box!.bot.db.prepare('SELECT status FROM trials WHERE id = ?').get(trialId)).toEqual({ status: 'active' }));

    // The clock moves the bot's now; jobs run with it and report their summary.
    const before = Date.parse((await call(`/sandbox/state?as=${sdr}`)).body.now);
    await call('/sandbox/clock', { advanceDays: 15 });
    expect(box.bot.now().getTime() - before).toBeGreaterThanOrEqual(15 * 24 * 60 * 60 * 1000 - 5000);
    const job = await call('/sandbox/jobs/run', { name: 'reconcile-instances' });
    expect(job.body).toMatchObject({ job: 'reconcile-instances', ok: true });
    // `admin -- check` against the stand-ins: every line ✓.
    const checked = await call('/sandbox/check', {});
    expect(checked.body.text.split('\n').filter((l: string) => !l.startsWith('✓'))).toEqual([]);
    expect(checked.body.ok).toBe(true);

    // Typing `/trial status` in the trial channel: the answer appears there for the caller only.
    const channel = state.channels.find((c: any) => c.name === 'cloud-trial-pied-piper').id;
    const typed = await call('/sandbox/command', { as: sdr, channel, text: '/trial status' });
    expect(typed.body.answer.status).toBe(200);
    const seenBy = async (who: string) =>
      (await call(`/sandbox/state?as=${who}&channel=${channel}`)).body.messages.filter((m: any) => m.ephemeral && m.html.includes('dana@pied-piper.com'));
    expect(await seenBy(sdr)).toHaveLength(1);
    expect(await seenBy('U0OUTSIDE')).toHaveLength(0);
    expect(await seenBy(state.people.find((p: any) => p.roles.includes('ce')).id)).toHaveLength(0);

    expect((await call('/sandbox/click', { as: 'UNOBODY', action: { action_id: 'x' } })).status).toBe(400);
  });

  it('opens the Disqualify modal for the SDR who clicked, and its submission disqualifies the lead', async () => {
    box = await start(fresh());
    const sdr = 'U0SDR0002';
    const signup = await call('/sandbox/signup', { email: 'kim@tiny-shop.io', company: 'Tiny Shop' });
    const trialId = signup.body.answer.body.trialId as string;
    const alert = await eventually(async () => {
      const m = (await call(`/sandbox/state?as=${sdr}`)).body.messages.find((x: any) => x.html.includes('Tiny Shop') && x.html.includes('data-action'));
      if (!m) throw new Error('no alert yet');
      return m;
    });
    const disqualify = actionsIn(alert.html).find((a) => a.text === 'Disqualify')!;
    expect(disqualify).toBeDefined();
    await call('/sandbox/click', { as: sdr, channel: box.config.ALERTS_CHANNEL, ts: alert.ts, action: disqualify });

    const modal = await eventually(async () => {
      const m = (await call(`/sandbox/state?as=${sdr}`)).body.modal;
      if (!m) throw new Error('no modal yet');
      return m;
    });
    expect(modal.title).toBe('Disqualify lead');
    expect(modal.html).toContain('kim@tiny-shop.io');
    // Nobody else sees that person's modal.
    expect((await call('/sandbox/state?as=U0SDR0001')).body.modal).toBeNull();

    // Submitting without a reason keeps it open with the bot's error.
    const empty = await call('/sandbox/view/submit', { as: sdr, viewId: modal.id, values: {} });
    expect(empty.body.answer.body).toMatchObject({ response_action: 'errors' });
    expect((await call(`/sandbox/state?as=${sdr}`)).body.modal).not.toBeNull();

    const block = /data-block="([^"]+)" data-action-id="([^"]+)" data-type="static_select"/.exec(modal.html)!;
    const submitted = await call('/sandbox/view/submit', {
      as: sdr,
      viewId: modal.id,
      values: {
        [block[1]!]: {
          [block[2]!]: { type: 'static_select', selected_option: { text: { type: 'plain_text', text: 'Too small / not a fit' }, value: 'not_a_fit' } },
        },
      },
    });
    expect(submitted.body.answer.status).toBe(200);
    const after = await eventually(async () => {
      const s = (await call(`/sandbox/state?as=${sdr}`)).body;
      expect(s.modal).toBeNull();
      expect(s.messages.find((m: any) => m.ts === alert.ts).html).toContain('Disqualified');
      expect(s.messages.some((m: any) => m.ephemeral && m.html.includes('Disqualified'))).toBe(true);
      expect(s.emails.map((e: any) => e.to)).toContainEqual(['kim@tiny-shop.io']);
      return s;
    });
    expect(after.emails.find((e: any) => e.to[0] === 'kim@tiny-shop.io').subject).toMatch(/self-hosted/);
    expect(box.bot.db.prepare('SELECT status FROM trials WHERE id = ?').get(trialId)).toEqual({ status: 'disqualified' });
  });

  it('shows each person their own DM with the bot and nobody else’s', async () => {
    box = await start(fresh());
    const owner = 'U0LIC0001';
    // The bot DMs the license owner the way it does in production: chat.postMessage to a user id.
    const web = new WebClient(box.config.SLACK_BOT_TOKEN, { slackApiUrl: box.config.SLACK_API_URL });
    await web.chat.postMessage({ channel: owner, text: 'Time to rotate the trial license key' });
    const dm = box.slack.dmWith(owner)!;

    const mine = (await call(`/sandbox/state?as=${owner}&channel=${dm}`)).body;
    expect(mine.dms.map((c: any) => c.id)).toEqual([dm]);
    expect(mine.channel.id).toBe(dm);
    expect(mine.messages.map((m: any) => m.html).join()).toContain('rotate the trial license key');

    for (const other of ['U0OUTSIDE', 'U0AE00001']) {
      const theirs = (await call(`/sandbox/state?as=${other}&channel=${dm}`)).body;
      expect(theirs.dms).toEqual([]);
      expect(theirs.channel.id).toBe(box.config.ALERTS_CHANNEL);
      expect(JSON.stringify(theirs)).not.toContain('rotate the trial license key');
      expect((await call('/sandbox/message', { as: other, channel: dm, text: 'hi' })).status).toBe(400);
    }
    expect(box.slack.messagesIn(dm)).toHaveLength(1);
  });

  it('shows replies under their parent, and a person’s ephemerals only to them', async () => {
    box = await start(fresh());
    const alerts = box.config.ALERTS_CHANNEL;
    const parent = box.slack.postAs('U0AE00001', alerts, 'parent *message*');
    box.slack.postAs('U0CE00001', alerts, 'a reply', { thread_ts: parent.ts });
    await call('/sandbox/message', { as: 'U0CE00002', channel: alerts, text: 'another reply', threadTs: parent.ts });
    const s = (await call(`/sandbox/state?as=U0AE00001&channel=${alerts}`)).body;
    expect(s.messages).toHaveLength(1);
    expect(s.messages[0]).toMatchObject({ author: 'Alice Martin', html: expect.stringContaining('parent <b>message</b>') });
    expect(s.messages[0].replies.map((r: any) => r.author)).toEqual(['Carol Diaz', 'Chris Novak']);

    // What the bot posts to a response_url is shown to the person who acted, and only to them.
    await call(`/sandbox/response?user=U0AE00001&channel=${alerts}`, { text: 'answer via *response_url*' });
    const only = (who: string) => call(`/sandbox/state?as=${who}&channel=${alerts}`).then((r) => r.body.messages.filter((m: any) => m.ephemeral));
    expect((await only('U0AE00001')).map((m: any) => m.html)).toEqual([expect.stringContaining('answer via <b>response_url</b>')]);
    expect(await only('U0CE00001')).toEqual([]);
  });
});
