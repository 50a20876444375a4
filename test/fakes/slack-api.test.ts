import { LogLevel, WebClient, type Logger, type WebClientOptions } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeSlack } from '../../src/fakes/slack-api.js';

const silent: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  setLevel() {},
  getLevel: () => LogLevel.ERROR,
  setName() {},
};

const quickRetries: WebClientOptions = {
  logger: silent,
  retryConfig: { retries: 2, factor: 1, minTimeout: 10, maxTimeout: 20 },
  rejectRateLimitedCalls: false,
};

function clientFor(fake: FakeSlack, token = 'xoxb-test', extra: WebClientOptions = {}): WebClient {
  return new WebClient(token, { slackApiUrl: `${fake.url}/api/`, ...quickRetries, ...extra });
}

function slackError(err: unknown): string | undefined {
  return (err as { data?: { error?: string } }).data?.error;
}

async function expectSlackError(p: Promise<unknown>, code: string): Promise<Record<string, unknown>> {
  try {
    await p;
  } catch (err) {
    expect(slackError(err)).toBe(code);
    return (err as { data: Record<string, unknown> }).data;
  }
  throw new Error(`expected ${code}`);
}

/** A clock the tests move by hand. */
function manualClock(start = new Date('2025-03-01T12:00:00Z')) {
  let t = start.getTime();
  return { now: () => new Date(t), advance: (ms: number) => (t += ms) };
}

describe('FakeSlack through @slack/web-api', () => {
  let fake: FakeSlack;
  let web: WebClient;

  beforeEach(async () => {
    fake = await FakeSlack.start({
      users: [
        { id: 'UAE', name: 'ada', email: 'ada@corp.test' },
        { id: 'UCE', name: 'cy', email: 'cy@corp.test' },
        { id: 'USDR', name: 'sam', email: 'sam@corp.test' },
      ],
    });
    web = clientFor(fake);
  });
  afterEach(async () => {
    await fake.close();
  });

  describe('auth', () => {
    it('auth.test names the bot', async () => {
      const r = await web.auth.test();
      expect(r).toMatchObject({ ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T0FAKE', user: 'trialbot' });
    });

    it('a wrong token is invalid_auth, none is not_authed', async () => {
      await expectSlackError(clientFor(fake, 'xoxb-wrong').auth.test(), 'invalid_auth');
      await expectSlackError(new WebClient(undefined, { slackApiUrl: `${fake.url}/api/`, ...quickRetries }).auth.test(), 'not_authed');
    });

    it('accepts a configured token, also in the body of a JSON request', async () => {
      const other = await FakeSlack.start({ token: 'xoxb-other' });
      try {
        expect((await clientFor(other, 'xoxb-other').auth.test()).ok).toBe(true);
        const res = await fetch(`${other.url}/api/auth.test`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ token: 'xoxb-other' }),
        });
        expect(await res.json()).toMatchObject({ ok: true, user_id: 'UBOT' });
      } finally {
        await other.close();
      }
    });

    it('an unknown method answers unknown_method', async () => {
      await expectSlackError(web.apiCall('chat.teleport', {}), 'unknown_method');
    });
  });

  describe('chat.postMessage', () => {
    it('posts to a channel with blocks and metadata, and records the call', async () => {
      const { channel } = await web.conversations.create({ name: 'cloud-trial-acme' });
      const changes: unknown[] = [];
      fake.on('change', (c) => changes.push(c));
      const r = await web.chat.postMessage({
        channel: channel!.id!,
        text: 'hello',
        blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*hello*' } }],
        metadata: { event_type: 'trial_alert', event_payload: { trial: 't1' } },
      });
      expect(r.ok).toBe(true);
      expect(r.ts).toMatch(/^\d{10}\.\d{6}$/);
      const [m] = fake.messagesIn(channel!.id!);
      expect(m).toMatchObject({ ts: r.ts, text: 'hello', user: 'UBOT', metadata: { event_type: 'trial_alert', event_payload: { trial: 't1' } } });
      expect(m.blocks).toEqual([{ type: 'section', text: { type: 'mrkdwn', text: '*hello*' } }]);
      expect(changes).toContainEqual({ kind: 'message', channel: channel!.id, ts: r.ts });
      expect(fake.callsTo('chat.postMessage')[0].args).toMatchObject({ channel: channel!.id, text: 'hello' });
    });

    it('gives every message a unique, increasing ts', async () => {
      const { channel } = await web.conversations.create({ name: 'ts-check' });
      const tss: string[] = [];
      for (let i = 0; i < 5; i++) tss.push((await web.chat.postMessage({ channel: channel!.id!, text: `m${i}` })).ts!);
      expect(new Set(tss).size).toBe(5);
      expect([...tss].sort()).toEqual(tss);
    });

    it("a user id posts to that user's DM, the same one conversations.open returns", async () => {
      const r = await web.chat.postMessage({ channel: 'UCE', text: 'psst' });
      const dm = fake.dmWith('UCE');
      expect(dm).toMatch(/^D/);
      expect(r.channel).toBe(dm);
      expect(fake.messagesIn(dm!).map((m) => m.text)).toEqual(['psst']);
      const opened = await web.conversations.open({ users: 'UCE' });
      expect(opened.channel?.id).toBe(dm);
      await web.chat.postMessage({ channel: dm!, text: 'again' });
      expect(fake.messagesIn(dm!).map((m) => m.text)).toEqual(['psst', 'again']);
    });

    it('threads replies under their parent', async () => {
      const { channel } = await web.conversations.create({ name: 'threads' });
      const parent = await web.chat.postMessage({ channel: channel!.id!, text: 'parent' });
      await web.chat.postMessage({ channel: channel!.id!, text: 'reply', thread_ts: parent.ts });
      const replies = await web.conversations.replies({ channel: channel!.id!, ts: parent.ts! });
      expect(replies.messages?.map((m) => m.text)).toEqual(['parent', 'reply']);
      expect(replies.messages?.[1].thread_ts).toBe(parent.ts);
      const history = await web.conversations.history({ channel: channel!.id! });
      expect(history.messages?.map((m) => m.text)).toEqual(['parent']);
      expect(history.messages?.[0].reply_count).toBe(1);
      await expectSlackError(web.conversations.replies({ channel: channel!.id!, ts: '1.000001' }), 'thread_not_found');
    });

    it('answers the documented errors', async () => {
      const { channel } = await web.conversations.create({ name: 'errors' });
      const id = channel!.id!;
      await expectSlackError(web.chat.postMessage({ channel: 'CNOPE', text: 'x' }), 'channel_not_found');
      await expectSlackError(web.chat.postMessage({ channel: id } as never), 'no_text');
      await expectSlackError(web.chat.postMessage({ channel: id, text: 'x'.repeat(40001) }), 'msg_too_long');
      const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
      const tooMany = Array.from({ length: 51 }, () => section('x'));
      await expectSlackError(web.chat.postMessage({ channel: id, text: 'x', blocks: tooMany }), 'invalid_blocks');
      await expectSlackError(web.chat.postMessage({ channel: id, text: 'x', blocks: [section('y'.repeat(3001))] }), 'invalid_blocks');
      const button = { type: 'button', action_id: 'a', text: { type: 'plain_text', text: 'b'.repeat(76) } };
      await expectSlackError(web.chat.postMessage({ channel: id, text: 'x', blocks: [{ type: 'actions', elements: [button] } as never] }), 'invalid_blocks');
      await expectSlackError(
        web.chat.postMessage({ channel: id, text: 'x', blocks: [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }] }),
        'invalid_blocks',
      );
      await expectSlackError(web.chat.postMessage({ channel: id, text: 'x', blocks: [{ text: 'no type' } as never] }), 'invalid_blocks');
      // at the limits: fine
      const okButton = { type: 'button', action_id: 'a', text: { type: 'plain_text', text: 'b'.repeat(75) } };
      const atLimits: never[] = [
        section('y'.repeat(3000)),
        { type: 'actions', elements: [okButton] },
        ...Array.from({ length: 48 }, () => section('x')),
      ] as never[];
      expect((await web.chat.postMessage({ channel: id, text: 'x', blocks: atLimits })).ok).toBe(true);

      const hidden = fake.createChannel({ name: 'not-for-bots', botIsMember: false, members: ['UAE'] });
      await expectSlackError(web.chat.postMessage({ channel: hidden.id, text: 'x' }), 'not_in_channel');
      await web.conversations.archive({ channel: id });
      await expectSlackError(web.chat.postMessage({ channel: id, text: 'x' }), 'is_archived');
      expect(fake.messagesIn(id)).toHaveLength(1);
    });
  });

  describe('chat.update, chat.postEphemeral, chat.getPermalink', () => {
    it('update replaces text and blocks and keeps the ts', async () => {
      const { channel } = await web.conversations.create({ name: 'edits' });
      const posted = await web.chat.postMessage({ channel: channel!.id!, text: 'v1', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'v1' } }] });
      const updated = await web.chat.update({
        channel: channel!.id!,
        ts: posted.ts!,
        text: 'v2',
        blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'v2' } }],
      });
      expect(updated.ts).toBe(posted.ts);
      const [m] = fake.messagesIn(channel!.id!);
      expect(m).toMatchObject({ ts: posted.ts, text: 'v2', edits: 1 });
      expect(m.blocks).toEqual([{ type: 'section', text: { type: 'mrkdwn', text: 'v2' } }]);
    });

    it('update errors: message_not_found, cant_update_message', async () => {
      const { channel } = await web.conversations.create({ name: 'edit-errors' });
      await expectSlackError(web.chat.update({ channel: channel!.id!, ts: '1700000000.000001', text: 'x' }), 'message_not_found');
      const theirs = fake.postAs('UAE', channel!.id!, 'mine');
      await expectSlackError(web.chat.update({ channel: channel!.id!, ts: theirs.ts, text: 'x' }), 'cant_update_message');
    });

    it('ephemerals are kept apart, for the user they were shown to', async () => {
      const { channel } = await web.conversations.create({ name: 'eph' });
      const r = await web.chat.postEphemeral({ channel: channel!.id!, user: 'USDR', text: 'only you can see this' });
      expect(r.message_ts).toBeTruthy();
      expect(fake.ephemeralsFor('USDR')).toMatchObject([{ channel: channel!.id, text: 'only you can see this' }]);
      expect(fake.ephemeralsFor('UAE')).toEqual([]);
      expect(fake.messagesIn(channel!.id!)).toEqual([]);
      await expectSlackError(web.chat.postEphemeral({ channel: channel!.id!, user: 'UNOBODY', text: 'x' }), 'user_not_found');
    });

    it('getPermalink links a message and knows unknown ones', async () => {
      const { channel } = await web.conversations.create({ name: 'links' });
      const posted = await web.chat.postMessage({ channel: channel!.id!, text: 'x' });
      const r = await web.chat.getPermalink({ channel: channel!.id!, message_ts: posted.ts! });
      expect(r.permalink).toContain(`/archives/${channel!.id}/p${posted.ts!.replace('.', '')}`);
      await expectSlackError(web.chat.getPermalink({ channel: channel!.id!, message_ts: '1.000002' }), 'message_not_found');
    });
  });

  describe('conversations', () => {
    it('create checks names and returns the channel', async () => {
      const r = await web.conversations.create({ name: 'cloud-trial-acme_1' });
      expect(r.channel).toMatchObject({ name: 'cloud-trial-acme_1', creator: 'UBOT', is_archived: false, is_private: false });
      expect(r.channel?.id).toMatch(/^C/);
      expect(fake.channelByName('cloud-trial-acme_1')?.members).toEqual(['UBOT']);
      await expectSlackError(web.conversations.create({ name: 'Upper' }), 'invalid_name_specials');
      await expectSlackError(web.conversations.create({ name: 'has space' }), 'invalid_name_specials');
      await expectSlackError(web.conversations.create({ name: 'x'.repeat(81) }), 'invalid_name_maxlength');
      await expectSlackError(web.conversations.create({ name: '' }), 'invalid_name_required');
      await expectSlackError(web.conversations.create({ name: 'cloud-trial-acme_1' }), 'name_taken');
      await web.conversations.archive({ channel: r.channel!.id! });
      await expectSlackError(web.conversations.create({ name: 'cloud-trial-acme_1' }), 'name_taken');
      const priv = await web.conversations.create({ name: 'secret', is_private: true });
      expect(priv.channel).toMatchObject({ is_private: true });
    });

    it('invite adds members and answers its errors', async () => {
      const { channel } = await web.conversations.create({ name: 'invites' });
      const id = channel!.id!;
      await web.conversations.invite({ channel: id, users: 'UAE,UCE' });
      expect(fake.channel(id)?.members).toEqual(['UBOT', 'UAE', 'UCE']);
      const missing = await expectSlackError(web.conversations.invite({ channel: id, users: 'UAE,UGHOST' }), 'users_not_found');
      expect(missing.errors).toEqual([{ user: 'UGHOST', ok: false, error: 'users_not_found' }]);
      await expectSlackError(web.conversations.invite({ channel: id, users: 'UAE,UCE' }), 'already_in_channel');
      await web.conversations.invite({ channel: id, users: 'UAE,USDR' }); // partly new: fine
      expect(fake.channel(id)?.members).toContain('USDR');
      await expectSlackError(web.conversations.invite({ channel: id, users: 'UBOT' }), 'cant_invite_self');
      await expectSlackError(web.conversations.invite({ channel: 'CNOPE', users: 'UAE' }), 'channel_not_found');
      const members = await web.conversations.members({ channel: id });
      expect(members.members).toEqual(['UBOT', 'UAE', 'UCE', 'USDR']);
    });

    it('info, setPurpose, setTopic, archive', async () => {
      const { channel } = await web.conversations.create({ name: 'info' });
      const id = channel!.id!;
      await web.conversations.setPurpose({ channel: id, purpose: 'Trial of Acme' });
      await web.conversations.setTopic({ channel: id, topic: 'ends 2025-04-01' });
      const info = await web.conversations.info({ channel: id, include_num_members: true });
      expect(info.channel).toMatchObject({ purpose: { value: 'Trial of Acme' }, topic: { value: 'ends 2025-04-01' }, num_members: 1 });
      await web.conversations.archive({ channel: id });
      expect((await web.conversations.info({ channel: id })).channel?.is_archived).toBe(true);
      await expectSlackError(web.conversations.archive({ channel: id }), 'already_archived');
      await expectSlackError(web.conversations.info({ channel: 'CNOPE' }), 'channel_not_found');
    });

    it('list filters by type and archive state and pages with a cursor', async () => {
      for (let i = 0; i < 5; i++) await web.conversations.create({ name: `c${i}` });
      await web.conversations.create({ name: 'private-one', is_private: true });
      const archived = await web.conversations.create({ name: 'old' });
      await web.conversations.archive({ channel: archived.channel!.id! });

      const names: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const r = await web.conversations.list({ limit: 2, cursor, exclude_archived: true });
        names.push(...(r.channels ?? []).map((c) => c.name!));
        cursor = r.response_metadata?.next_cursor || undefined;
        pages++;
      } while (cursor);
      expect(names).toEqual(['c0', 'c1', 'c2', 'c3', 'c4']);
      expect(pages).toBe(3);

      const all = await web.conversations.list({ types: 'public_channel,private_channel' });
      expect(all.channels?.map((c) => c.name)).toEqual(['c0', 'c1', 'c2', 'c3', 'c4', 'private-one', 'old']);
    });

    it('history is newest first, honours oldest/latest/limit/cursor, and metadata only on request', async () => {
      const { channel } = await web.conversations.create({ name: 'history' });
      const id = channel!.id!;
      const ts: string[] = [];
      for (let i = 0; i < 5; i++) {
        ts.push((await web.chat.postMessage({ channel: id, text: `m${i}`, metadata: { event_type: 'n', event_payload: { i } } })).ts!);
      }
      const newest = await web.conversations.history({ channel: id, limit: 2 });
      expect(newest.messages?.map((m) => m.text)).toEqual(['m4', 'm3']);
      expect(newest.has_more).toBe(true);
      expect(newest.messages?.[0].metadata).toBeUndefined();
      const next = await web.conversations.history({ channel: id, limit: 2, cursor: newest.response_metadata?.next_cursor });
      expect(next.messages?.map((m) => m.text)).toEqual(['m2', 'm1']);
      const window = await web.conversations.history({ channel: id, oldest: ts[1], latest: ts[3] });
      expect(window.messages?.map((m) => m.text)).toEqual(['m2']);
      const inclusive = await web.conversations.history({ channel: id, oldest: ts[1], latest: ts[3], inclusive: true });
      expect(inclusive.messages?.map((m) => m.text)).toEqual(['m3', 'm2', 'm1']);
      const withMeta = await web.conversations.history({ channel: id, limit: 1, include_all_metadata: true });
      expect(withMeta.messages?.[0].metadata).toEqual({ event_type: 'n', event_payload: { i: 4 } });
    });

    it('join puts the bot in a public channel it was not in', async () => {
      const ch = fake.createChannel({ name: 'general', botIsMember: false, members: ['UAE'] });
      await expectSlackError(web.conversations.history({ channel: ch.id }), 'not_in_channel');
      const r = await web.conversations.join({ channel: ch.id });
      expect(r.channel?.id).toBe(ch.id);
      expect(fake.channel(ch.id)?.members).toContain('UBOT');
      expect((await web.chat.postMessage({ channel: ch.id, text: 'hi' })).ok).toBe(true);
    });

    it('open gives one stable DM per user', async () => {
      const a = await web.conversations.open({ users: 'UAE' });
      const b = await web.conversations.open({ users: 'UAE' });
      expect(a.channel?.id).toMatch(/^D/);
      expect(b.channel?.id).toBe(a.channel?.id);
      expect(fake.dmWith('UAE')).toBe(a.channel?.id);
      expect(fake.dmWith('UCE')).toBeUndefined();
      await expectSlackError(web.conversations.open({ users: 'UGHOST' }), 'user_not_found');
    });
  });

  describe('users', () => {
    it('info and lookupByEmail', async () => {
      const info = await web.users.info({ user: 'UAE' });
      expect(info.user).toMatchObject({ id: 'UAE', name: 'ada', profile: { email: 'ada@corp.test' } });
      await expectSlackError(web.users.info({ user: 'UGHOST' }), 'user_not_found');
      const found = await web.users.lookupByEmail({ email: 'CY@corp.test' });
      expect(found.user?.id).toBe('UCE');
      await expectSlackError(web.users.lookupByEmail({ email: 'nobody@corp.test' }), 'users_not_found');
    });
  });

  describe('views', () => {
    const modal = { type: 'modal' as const, callback_id: 'qualify', title: { type: 'plain_text' as const, text: 'Qualify' }, blocks: [] };

    it("open records the modal for the trigger's user; update and push work on it", async () => {
      const trigger = fake.newTriggerId('USDR');
      const opened = await web.views.open({ trigger_id: trigger, view: modal });
      expect(opened.view?.id).toMatch(/^V/);
      expect(fake.views).toMatchObject([{ id: opened.view!.id, trigger_id: trigger, user: 'USDR', view: { callback_id: 'qualify' } }]);

      const updated = await web.views.update({ view_id: opened.view!.id!, view: { ...modal, callback_id: 'qualify-2' } });
      expect(updated.view?.callback_id).toBe('qualify-2');
      expect(fake.view(opened.view!.id!)?.view.callback_id).toBe('qualify-2');
      await expectSlackError(web.views.update({ view_id: 'VNOPE', view: modal }), 'not_found');
      await expectSlackError(web.views.update({ view_id: opened.view!.id!, hash: 'stale', view: modal }), 'hash_conflict');

      const pushed = await web.views.push({ trigger_id: fake.newTriggerId('USDR'), view: { ...modal, callback_id: 'step-2' } });
      expect(pushed.view?.previous_view_id).toBe(opened.view!.id);
      expect(pushed.view?.root_view_id).toBe(opened.view!.id);
    });

    it('refuses expired, unknown and reused triggers', async () => {
      const clock = manualClock();
      const timed = await FakeSlack.start({ now: clock.now });
      try {
        const client = clientFor(timed);
        const late = timed.newTriggerId('U1');
        clock.advance(3000);
        await expectSlackError(client.views.open({ trigger_id: late, view: modal }), 'expired_trigger_id');
        const fresh = timed.newTriggerId('U1');
        clock.advance(2999);
        expect((await client.views.open({ trigger_id: fresh, view: modal })).ok).toBe(true);
        await expectSlackError(client.views.open({ trigger_id: fresh, view: modal }), 'exchanged_trigger_id');
        const expired = timed.newTriggerId();
        timed.expireTriggers();
        await expectSlackError(client.views.open({ trigger_id: expired, view: modal }), 'expired_trigger_id');
        await expectSlackError(client.views.open({ trigger_id: 'made.up.trigger', view: modal }), 'invalid_trigger_id');
        expect(timed.views).toHaveLength(1);
      } finally {
        await timed.close();
      }
    });
  });

  describe('faults and rate limits', () => {
    it('a 429 with Retry-After is retried by WebClient', async () => {
      const { channel } = await web.conversations.create({ name: 'ratelimited' });
      fake.fail('chat.postMessage', { status: 429, retryAfter: 0 });
      const r = await web.chat.postMessage({ channel: channel!.id!, text: 'eventually' });
      expect(r.ok).toBe(true);
      expect(fake.messagesIn(channel!.id!)).toHaveLength(1);
      expect(fake.stats().rateLimited).toBe(1);
      expect(fake.callsTo('chat.postMessage')).toHaveLength(2);
    });

    it('a 5xx is retried; an injected ok:false error is not', async () => {
      const { channel } = await web.conversations.create({ name: 'flaky' });
      fake.fail('chat.postMessage', { status: 503 });
      expect((await web.chat.postMessage({ channel: channel!.id!, text: 'x' })).ok).toBe(true);
      fake.fail('chat.postMessage', { error: 'channel_not_found' });
      await expectSlackError(web.chat.postMessage({ channel: channel!.id!, text: 'y' }), 'channel_not_found');
      expect(fake.messagesIn(channel!.id!).map((m) => m.text)).toEqual(['x']);
    });

    it('a non-JSON answer surfaces as an error', async () => {
      fake.fail('auth.test', { badJson: true });
      await expect(web.auth.test()).rejects.toThrow();
      expect((await web.auth.test()).ok).toBe(true);
    });

    it('dropAfterProcessing changes state while the client sees an error', async () => {
      const { channel } = await web.conversations.create({ name: 'lost-answers' });
      fake.fail('chat.postMessage', { dropAfterProcessing: true });
      const noRetry = clientFor(fake, 'xoxb-test', { retryConfig: { retries: 0 } });
      await expect(noRetry.chat.postMessage({ channel: channel!.id!, text: 'did it go?' })).rejects.toThrow();
      expect(fake.messagesIn(channel!.id!).map((m) => m.text)).toEqual(['did it go?']);
    });

    it('a retrying client repeats a call whose answer was lost', async () => {
      const { channel } = await web.conversations.create({ name: 'duplicates' });
      fake.fail('chat.postMessage', { dropAfterProcessing: true });
      await web.chat.postMessage({ channel: channel!.id!, text: 'twice' });
      expect(fake.messagesIn(channel!.id!).map((m) => m.text)).toEqual(['twice', 'twice']);
    });

    it('hang answers late; a client timeout gives up while the call still happens', async () => {
      const { channel } = await web.conversations.create({ name: 'slow' });
      fake.fail('chat.postMessage', { hang: 300 });
      const impatient = clientFor(fake, 'xoxb-test', { retryConfig: { retries: 0 }, timeout: 50 });
      const posted = new Promise((resolve) => fake.once('change', resolve));
      await expect(impatient.chat.postMessage({ channel: channel!.id!, text: 'slow' })).rejects.toThrow();
      await posted;
      expect(fake.messagesIn(channel!.id!).map((m) => m.text)).toEqual(['slow']);
    });

    it('faults apply the given number of times', async () => {
      fake.fail('auth.test', { error: 'fatal_error' }, 2);
      await expectSlackError(web.auth.test(), 'fatal_error');
      await expectSlackError(web.auth.test(), 'fatal_error');
      expect((await web.auth.test()).ok).toBe(true);
    });

    it('a token bucket per method and channel answers 429 with whole-second Retry-After', async () => {
      const clock = manualClock();
      const limited = await FakeSlack.start({ now: clock.now });
      try {
        const a = limited.createChannel({ name: 'a' });
        const b = limited.createChannel({ name: 'b' });
        limited.setRateLimit('chat.postMessage', { perChannel: true, ratePerSecond: 1, burst: 2 });
        const noRetry = clientFor(limited, 'xoxb-test', { retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });
        await noRetry.chat.postMessage({ channel: a.id, text: '1' });
        await noRetry.chat.postMessage({ channel: a.id, text: '2' });
        const third = await noRetry.chat.postMessage({ channel: a.id, text: '3' }).catch((e: unknown) => e);
        expect(third).toMatchObject({ code: 'slack_webapi_rate_limited_error', retryAfter: 1 });
        await noRetry.chat.postMessage({ channel: b.id, text: 'other channel' });
        clock.advance(1000);
        await noRetry.chat.postMessage({ channel: a.id, text: '3 again' });
        expect(limited.messagesIn(a.id).map((m) => m.text)).toEqual(['1', '2', '3 again']);
        expect(limited.stats()).toEqual({ calls: 5, rateLimited: 1 });
      } finally {
        await limited.close();
      }
    });
  });
});
