import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TestBot, secrets } from '../support/test-bot.js';
import { seedAccount, seedInstance, seedPool, seedTeam, team } from '../support/seed.js';
import { webhookSignature } from '../support/sign.js';
import { ActionId } from '../../src/messages/slack/ids.js';

let t: TestBot;
beforeEach(async () => {
  t = await TestBot.start();
  seedTeam(t.db);
});
afterEach(async () => t.close());

const alertJson = (n = 0) => JSON.stringify(t.alerts()[n]);
const buttons = (n = 0) =>
  (t.alerts()[n]!.blocks as any[]).filter((b) => b.type === 'actions').flatMap((b) => b.elements.map((e: any) => ({ action: e.action_id, value: e.value })));

describe('routing a signup', () => {
  it('Case 3: an unknown domain waits for an SDR, with qualify and disqualify buttons naming the trial', async () => {
    const res = await t.signup({ id: 's1', email: 'Bob@Initech.com ', name: 'Bob', company: 'Initech' });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['case', 'trialId']);
    expect(res.body.case).toBe('3');
    await t.settle();
    expect(t.alerts()).toHaveLength(1);
    expect(buttons()).toEqual([
      { action: ActionId.Qualify, value: res.body.trialId },
      { action: ActionId.Disqualify, value: res.body.trialId },
    ]);
    expect(alertJson()).toContain('bob@initech.com');
    expect(alertJson()).toContain('initech.com');
    expect(t.alerts()[0]!.text).toContain('Case 3');
  });

  it('personal mail is always Case 3, flagged, even when an account or instance claims the domain', async () => {
    seedAccount(t.db, { domain: 'gmail.com', name: 'Google Mail', prequalified: true, named: false });
    seedInstance(t.db, { url: 'https://gm.sourcegraph.test', domain: 'gmail.com', adminEmail: 'x@gmail.com' });
    seedPool(t.db, 2);
    for (const [id, email] of [
      ['p1', 'jo@gmail.com'],
      ['p2', 'jo@googlemail.com'],
      ['p3', 'kim@gmx.de'],
      ['p4', 'li@yahoo.co.uk'],
    ]) {
      const res = await t.signup({ id: id!, email: email! });
      expect(res.body).toEqual({ case: '3', trialId: expect.any(String) });
    }
    await t.settle();
    expect(t.alerts()).toHaveLength(4);
    for (let n = 0; n < 4; n++) expect(alertJson(n).toLowerCase()).toContain('personal email');
    expect(t.count('instances', 'domain IS NULL')).toBe(2);
  });

  it('Case 1: a domain that owns a live instance is sent there, subdomains included', async () => {
    seedInstance(t.db, { url: 'https://acme.sourcegraph.test', domain: 'acme.co.uk', adminEmail: 'admin@acme.co.uk' });
    const res = await t.signup({ id: 's1', email: 'bob@eng.acme.co.uk' });
    expect(res.body).toEqual({ case: '1', trialId: expect.any(String), instanceUrl: 'https://acme.sourcegraph.test' });
    const again = await t.signup({ id: 's2', email: 'eve@acme.co.uk' });
    expect(again.body).toEqual(res.body);
    await t.settle();
    expect(t.alerts()).toHaveLength(2);
    expect(alertJson(1)).toContain('https://acme.sourcegraph.test');
    expect(buttons(1)).toEqual([]);
  });

  it('Case 2.1: a named account gets a pool instance, the named SDR is mentioned, and the domain is Case 1 next time', async () => {
    seedAccount(t.db, {
      domain: 'globex.com',
      name: 'Globex',
      prequalified: true,
      named: true,
      namedSdr: team.namedSdr.email,
      ae: team.ae1.email,
      ce: team.ce1.email,
    });
    const [first] = seedPool(t.db, 3);
    const res = await t.signup({ id: 's1', email: 'hank@globex.com', name: 'Hank' });
    expect(res.body).toEqual({ case: '2.1', trialId: expect.any(String), instanceUrl: first });
    const next = await t.signup({ id: 's2', email: 'marge@globex.com' });
    expect(next.body).toEqual({ case: '1', trialId: res.body.trialId, instanceUrl: first });
    await t.settle();
    expect(alertJson(0)).toContain(`<@${team.namedSdr.id}>`);
    expect(alertJson(0)).toContain('Globex');
    expect(t.count('instances', 'domain IS NULL')).toBe(2);
  });

  it('Case 2.2: a pre-qualified account that is not named gets a pool instance', async () => {
    seedAccount(t.db, { domain: 'hooli.com', name: 'Hooli', prequalified: true, named: false });
    const [first] = seedPool(t.db, 1);
    const res = await t.signup({ id: 's1', email: 'gavin@hooli.com' });
    expect(res.body).toEqual({ case: '2.2', trialId: expect.any(String), instanceUrl: first });
  });

  it('an empty pool still routes 2.x, without an instance, and the alert says so', async () => {
    seedAccount(t.db, { domain: 'hooli.com', name: 'Hooli', prequalified: true, named: false });
    const res = await t.signup({ id: 's1', email: 'gavin@hooli.com' });
    expect(res.body).toEqual({ case: '2.2', trialId: expect.any(String) });
    await t.settle();
    expect(alertJson().toLowerCase()).toContain('pool empty');
  });

  it('a non-prequalified account is Case 3', async () => {
    seedAccount(t.db, { domain: 'vandelay.com', name: 'Vandelay', prequalified: false, named: false });
    seedPool(t.db, 1);
    expect((await t.signup({ id: 's1', email: 'art@vandelay.com' })).body.case).toBe('3');
  });
});

describe('the pool under concurrent signups', () => {
  it('two domains never share an instance', async () => {
    const domains = Array.from({ length: 20 }, (_, n) => `company${n}.com`);
    for (const d of domains) seedAccount(t.db, { domain: d, name: d, prequalified: true, named: false });
    seedPool(t.db, 15);
    const answers = await Promise.all(domains.map((d, n) => t.signup({ id: `s${n}`, email: `x@${d}` })));
    const urls = answers.map((a) => a.body.instanceUrl).filter(Boolean);
    expect(urls).toHaveLength(15);
    expect(new Set(urls).size).toBe(15);
    expect(answers.filter((a) => !a.body.instanceUrl).every((a) => a.body.case === '2.2')).toBe(true);
    const linked = t.db.prepare('SELECT domain, count(*) AS n FROM instances WHERE domain IS NOT NULL GROUP BY domain').all() as any[];
    expect(linked.every((r) => r.n === 1)).toBe(true);
  });

  it('one domain signing up many times at once gets one instance', async () => {
    seedAccount(t.db, { domain: 'initrode.com', name: 'Initrode', prequalified: true, named: false });
    seedPool(t.db, 5);
    const answers = await Promise.all(Array.from({ length: 12 }, (_, n) => t.signup({ id: `s${n}`, email: `p${n}@initrode.com` })));
    expect(new Set(answers.map((a) => a.body.instanceUrl)).size).toBe(1);
    expect(new Set(answers.map((a) => a.body.trialId)).size).toBe(1);
    expect(answers.filter((a) => a.body.case === '2.2')).toHaveLength(1);
    expect(t.count('instances', 'domain IS NULL')).toBe(4);
  });
});

describe('the same signup sent twice', () => {
  it('answers the same JSON and causes nothing new', async () => {
    seedAccount(t.db, { domain: 'hooli.com', name: 'Hooli', prequalified: true, named: false });
    seedPool(t.db, 3);
    const first = await t.signup({ id: 'dup', email: 'gavin@hooli.com' });
    await t.settle();
    const second = await t.signup({ id: 'dup', email: 'gavin@hooli.com' });
    const third = await t.signup({ id: 'dup', email: 'someone-else@other.com' });
    await t.settle();
    expect(second.text).toBe(first.text);
    expect(third.text).toBe(first.text);
    expect(t.alerts()).toHaveLength(1);
    expect(t.count('signups')).toBe(1);
    expect(t.count('trials')).toBe(1);
    expect(t.count('instances', 'domain IS NULL')).toBe(2);
  });
});

describe('bad input changes nothing', () => {
  const nothingStored = () => {
    expect(t.count('signups')).toBe(0);
    expect(t.count('trials')).toBe(0);
    expect(t.count('outbox')).toBe(0);
  };

  it('401 for a missing, malformed, wrong-secret or altered signature', async () => {
    const body = JSON.stringify({ id: 's1', email: 'bob@initech.com' });
    const headers = { 'content-type': 'application/json' };
    expect((await t.request('POST', '/webhooks/signup', body, headers)).status).toBe(401);
    expect((await t.request('POST', '/webhooks/signup', body, { ...headers, 'x-signature-256': 'sha256=abc' })).status).toBe(401);
    expect((await t.request('POST', '/webhooks/signup', body, { ...headers, 'x-signature-256': webhookSignature('wrong', body) })).status).toBe(401);
    const altered = body.replace('bob', 'eve');
    const res = await t.request('POST', '/webhooks/signup', altered, { ...headers, 'x-signature-256': webhookSignature(secrets.webhook, body) });
    expect(res.status).toBe(401);
    expect(res.body.error).toMatch(/signature/);
    nothingStored();
  });

  /** Raw bytes, signed over exactly those bytes. */
  const sendBytes = async (bytes: Buffer, signature = `sha256=${createHmac('sha256', secrets.webhook).update(bytes).digest('hex')}`) => {
    const res = await fetch(`${t.bot.url}/webhooks/signup`, {
      method: 'POST',
      body: new Uint8Array(bytes),
      headers: { 'content-type': 'application/json', 'x-signature-256': signature },
    });
    return { status: res.status, body: (await res.json()) as { error?: string } };
  };

  it('accepts the signature in upper-case hex, and refuses a signature of the right length that is wrong', async () => {
    const body = Buffer.from(JSON.stringify({ id: 's1', email: 'bob@initech.com' }));
    const hex = createHmac('sha256', secrets.webhook).update(body).digest('hex');
    expect((await sendBytes(body, `sha256=${hex.toUpperCase()}`)).status).toBe(200);
    const wrong = `sha256=${hex.slice(0, -1)}${hex.endsWith('0') ? '1' : '0'}`;
    expect((await sendBytes(Buffer.from(JSON.stringify({ id: 's2', email: 'eve@initech.com' })), wrong)).status).toBe(401);
    expect(t.count('signups')).toBe(1);
  });

  it.each([
    ['an empty body', Buffer.alloc(0), /JSON/],
    ['bytes that are not UTF-8', Buffer.from([0xff, 0xfe, 0xfd, 0x00, 0x80]), /UTF-8/],
    [
      'JSON with a byte that is not UTF-8 inside a string',
      Buffer.concat([Buffer.from('{"id":"s1","email":"bob@initech.com","name":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]),
      /UTF-8/,
    ],
  ])('a correctly signed body that is %s is a 400, not a 401, and stores nothing', async (_label, bytes, message) => {
    const res = await sendBytes(bytes);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(message);
    nothingStored();
  });

  it.each([
    ['not JSON', '{"id": "s1", "email": ', /JSON/],
    ['no email', { id: 's1' }, /email/],
    ['no id', { email: 'bob@initech.com' }, /id/],
    ['a malformed email', { id: 's1', email: 'bob at initech' }, /email/],
    ['an email without a real domain', { id: 's1', email: 'bob@localhost' }, /email/],
    ['an IP address domain', { id: 's1', email: 'bob@[127.0.0.1]' }, /email/],
    ['a bad date', { id: 's1', email: 'bob@initech.com', signedUpAt: 'yesterday' }, /signedUpAt/],
    ['a number for a name', { id: 's1', email: 'bob@initech.com', name: 42 }, /name/],
    ['an array', [], /./],
  ])('400 for %s', async (_label, payload, message) => {
    const res = await t.webhook('/webhooks/signup', payload);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(message);
    nothingStored();
  });

  it('413 over 64 KiB', async () => {
    const res = await t.signup({ id: 's1', email: 'bob@initech.com', company: 'x'.repeat(70 * 1024) } as any);
    expect(res.status).toBe(413);
    nothingStored();
    expect((await t.request('GET', '/healthz', undefined)).status).toBe(200);
  });
});

describe('the alert', () => {
  it('renders hostile input as text: no broadcast, mention or link', async () => {
    const evil = '<!channel> <@U123> <http://evil|click>';
    await t.signup({ id: 's1', email: 'x@evil.com', name: evil, company: evil });
    await t.settle();
    const posted = t.alerts()[0]!;
    const everything = JSON.stringify([posted.text, posted.blocks]);
    expect(everything).not.toContain('<!channel>');
    expect(everything).not.toContain('<@U123>');
    expect(everything).not.toContain('<http://evil|click>');
    expect(everything).toContain('&lt;!channel&gt;');
  });

  it('a company named like a URL or a channel is sent as verbatim text, so Slack links nothing', async () => {
    await t.signup({ id: 's1', email: 'x@evil.com', name: '#general', company: 'https://evil.example/login' });
    await t.settle();
    const posted = t.alerts()[0]!;
    const json = JSON.stringify(posted.blocks);
    expect(json).not.toContain('<https://evil.example');
    expect(json).not.toContain('<#general');
    const carrying = (posted.blocks as any[])
      .flatMap((b) => [b.text, ...(b.fields ?? []), ...(b.elements ?? [])])
      .filter((o) => o?.type === 'mrkdwn' && /evil\.example|#general/.test(o.text));
    expect(carrying.length).toBeGreaterThan(0);
    expect(carrying.every((o) => o.verbatim === true)).toBe(true);
  });

  it('a 200-character company name still posts', async () => {
    const res = await t.signup({ id: 's1', email: 'x@longco.com', name: 'N'.repeat(200), company: 'C'.repeat(200) });
    expect(res.status).toBe(200);
    await t.settle();
    expect(t.alerts()).toHaveLength(1);
    expect(t.count('outbox', "status = 'failed'")).toBe(0);
  });
});

describe('health', () => {
  it('answers ok when the database answers', async () => {
    const res = await t.request('GET', '/healthz', undefined);
    expect(res).toMatchObject({ status: 200, body: { ok: true } });
  });
});
