import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TestBot, secrets } from '../support/test-bot.js';
import { seedTeam, team } from '../support/seed.js';
import { slackSignature } from '../support/sign.js';
import { ActionId } from '../../src/messages/slack/ids.js';

let t: TestBot;
beforeEach(async () => {
  t = await TestBot.start({ options: { schedule: false } });
  seedTeam(t.db);
});
afterEach(async () => t.close());

const click = (user: string, trialId: string) =>
  JSON.stringify({
    type: 'block_actions',
    user: { id: user },
    team: { id: 'T1' },
    trigger_id: 't',
    container: { type: 'message', channel_id: t.alertsChannel, message_ts: '1.1' },
    actions: [{ type: 'button', action_id: ActionId.Qualify, block_id: 'b', value: trialId, action_ts: '1' }],
  });

describe('requests on /slack/events', () => {
  it.each([
    ['no signature headers', () => ({})],
    ['the wrong secret', (body: string) => slackSignature('not-the-secret', body)],
    ['a timestamp six minutes old', (body: string) => slackSignature(secrets.signing, body, Math.floor(Date.now() / 1000) - 360)],
    ['a timestamp six minutes in the future', (body: string) => slackSignature(secrets.signing, body, Math.floor(Date.now() / 1000) + 360)],
    ['a malformed timestamp', (body: string) => ({ ...slackSignature(secrets.signing, body), 'x-slack-request-timestamp': 'soon' })],
  ])('%s → 401 and nothing changes', async (_label, headers) => {
    const signup = await t.signup({ id: 's1', email: 'bob@initech.com' });
    await t.settle();
    const outbox = t.count('outbox');
    const body = `payload=${encodeURIComponent(click(team.sdr.id, signup.body.trialId))}`;
    const res = await t.request('POST', '/slack/events', body, { 'content-type': 'application/x-www-form-urlencoded', ...headers(body) });
    expect(res.status).toBe(401);
    expect(t.count('outbox')).toBe(outbox);
    expect((t.db.prepare('SELECT decision FROM trials').get() as any).decision).toBeNull();
  });

  it('a body altered after signing → 401', async () => {
    const signup = await t.signup({ id: 's1', email: 'bob@initech.com' });
    const signed = `payload=${encodeURIComponent(click(team.outsider.id, signup.body.trialId))}`;
    const sent = `payload=${encodeURIComponent(click(team.sdr.id, signup.body.trialId))}`;
    const res = await t.request('POST', '/slack/events', sent, {
      'content-type': 'application/x-www-form-urlencoded',
      ...slackSignature(secrets.signing, signed),
    });
    expect(res.status).toBe(401);
    expect((t.db.prepare('SELECT decision FROM trials').get() as any).decision).toBeNull();
  });

  it('over 64 KiB → 413', async () => {
    const body = `payload=${'x'.repeat(70 * 1024)}`;
    const res = await t.request('POST', '/slack/events', body, {
      'content-type': 'application/x-www-form-urlencoded',
      ...slackSignature(secrets.signing, body),
    });
    expect(res.status).toBe(413);
  });

  it('Slack re-sending an event (X-Slack-Retry-Num) is handled once, even across a restart', async () => {
    const event = { type: 'app_home_opened', user: team.ce1.id, channel: 'D1', tab: 'home', event_ts: '1.1' };
    expect((await t.slackEvent(event, 'Ev001')).status).toBe(200);
    await t.eventually(() => expect(t.slack.callsTo('views.publish')).toHaveLength(1));
    expect((await t.slackEvent(event, 'Ev001', 1)).status).toBe(200);
    await t.restart();
    expect((await t.slackEvent(event, 'Ev001', 2)).status).toBe(200);
    expect((await t.slackEvent({ ...event, event_ts: '1.2' }, 'Ev002')).status).toBe(200);
    await t.eventually(() => expect(t.slack.callsTo('views.publish')).toHaveLength(2));
    expect(t.slack.homes.get(team.ce1.id)).toBeDefined();
  });

  it('the URL verification handshake is answered', async () => {
    const body = JSON.stringify({ type: 'url_verification', challenge: 'abc123', token: 'legacy' });
    const res = await t.request('POST', '/slack/events', body, { 'content-type': 'application/json', ...slackSignature(secrets.signing, body) });
    expect(res.status).toBe(200);
    expect(res.text).toContain('abc123');
  });
});
