// The sandbox signs requests on the bot's behalf and shows everyone's data, so it must start
// only where it is safe, answer only its own page on this machine, and leave nothing running
// after close.
import { request } from 'node:http';
import { existsSync, writeFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open-database.js';
import { createLogger } from '../../src/logger.js';
import { SandboxRefused } from '../../src/sandbox/sandbox-guard.js';
import { standInStatePath } from '../../src/sandbox/sandbox-paths.js';
import { startTestSandbox, testDir } from '../support/sandbox.js';

/** Where a new sandbox database would go, in a directory of this test's own. */
const fresh = () => join(testDir('trialbot-sandbox-safety-'), 'sandbox.db');
const start = (env: NodeJS.ProcessEnv) => startTestSandbox(env);

interface Sent {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** Connect to this address instead of loopback (as another machine on the network would). */
  to?: string;
}

/** A raw HTTP request, so the test chooses Host, Origin and Content-Type as a browser or an attacker would. */
function send(port: number, s: Sent): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: s.to ?? '127.0.0.1', port, path: s.path, method: s.method ?? 'GET', headers: s.headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (text += d));
      res.on('end', () => {
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          /* not JSON: keep the text */
        }
        resolve({ status: res.statusCode ?? 0, body });
      });
    });
    req.on('error', reject);
    req.end(s.body);
  });
}

const lanAddress = Object.values(networkInterfaces())
  .flat()
  .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;

describe('the sandbox starts only where it is safe', () => {
  // README "Local sandbox", written out here: a setting dropped from the guard fails this.
  const documentedProductionSettings = [
    'SLACK_SIGNING_SECRET',
    'SLACK_API_URL',
    'ALERTS_CHANNEL',
    'GITHUB_TOKEN',
    'GITHUB_API_URL',
    'GITHUB_REPO',
    'GITHUB_WEBHOOK_SECRET',
    'WEBHOOK_SECRET',
    'SMTP_URL',
    'EMAIL_FROM',
  ];

  it.each(documentedProductionSettings)('refuses an environment where %s is set, naming it', async (name) => {
    const attempt = start({ DATABASE_PATH: fresh(), [name]: 'set-in-production' });
    await expect(attempt).rejects.toBeInstanceOf(SandboxRefused);
    await expect(attempt).rejects.toThrow(`SLACK_BOT_TOKEN is not set, but ${name} is set (production settings)`);
  });

  it('refuses an environment with production settings, naming them', async () => {
    const path = fresh();
    const attempt = start({ DATABASE_PATH: path, SLACK_SIGNING_SECRET: 'real-secret', GITHUB_TOKEN: 'ghp_real', SMTP_URL: '' });
    await expect(attempt).rejects.toBeInstanceOf(SandboxRefused);
    await expect(attempt).rejects.toThrow(/SLACK_SIGNING_SECRET, GITHUB_TOKEN are set .*set SLACK_BOT_TOKEN/);
    // An empty setting is no setting (as in loadConfig): it does not say "production".
    await expect(attempt).rejects.not.toThrow(/SMTP_URL/);
  });

  it('refuses a database it did not make, and leaves it as it was', async () => {
    const path = fresh();
    const prod = openDatabase(path);
    prod.prepare(`INSERT INTO bot_state (name, value) VALUES ('pool_low_since', '2025-01-01')`).run();
    prod.close();
    await expect(start({ DATABASE_PATH: path })).rejects.toThrow(/DATABASE_PATH=.* holds data the sandbox did not make/);
    expect(existsSync(standInStatePath(path))).toBe(false);
    const after = openDatabase(path);
    expect(after.prepare('SELECT count(*) AS n FROM people').get()).toEqual({ n: 0 });
    expect(after.prepare('SELECT name FROM bot_state').all()).toEqual([{ name: 'pool_low_since' }]);
    after.close();
  });

  it('refuses a file that is not a database', async () => {
    const path = fresh();
    writeFileSync(path, 'not sqlite at all, but long enough to be read as a header........');
    await expect(start({ DATABASE_PATH: path })).rejects.toThrow(/is not a database the sandbox made/);
  });

  it('uses an empty database, and its own again after a restart', async () => {
    const path = fresh();
    openDatabase(path).close();
    const first = await start({ DATABASE_PATH: path });
    expect(first.seeded).toBe(true);
    await first.close();
    expect((await start({ DATABASE_PATH: path })).seeded).toBe(false);
  });

  it('leaves nothing calling the Slack stand-in after it closed', async () => {
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    // Every line the bot logs: a call still out when the stand-in closes fails and is logged.
    const lines: string[] = [];
    const logger = createLogger('debug', { write: (line: string) => void lines.push(line) });
    process.on('unhandledRejection', onRejection);
    try {
      // Closed at once: the bot's start-up auth.test may not have been answered yet.
      const box = await startTestSandbox({ DATABASE_PATH: fresh() }, { logger });
      const atClose = lines.length;
      await box.close();
      // Past any retry the Slack client could still make (it makes none here; Bolt's interactive client, two within 600 ms).
      await new Promise((r) => setTimeout(r, 1500));
      expect(lines.slice(atClose)).toEqual([]);
    } finally {
      process.off('unhandledRejection', onRejection);
    }
    expect(rejections.map(String)).toEqual([]);
  });
});

describe('the sandbox answers only its own page, on this machine', () => {
  it('refuses JSON API calls another web site could make, and changes nothing', async () => {
    const box = await start({ DATABASE_PATH: fresh() });
    const port = box.bot.port;
    const alerts = box.config.ALERTS_CHANNEL;
    const body = JSON.stringify({ as: 'U0OUTSIDE', channel: alerts, text: 'posted from elsewhere' });
    const json = { 'content-type': 'application/json' };

    // A cross-site form or a "simple" fetch cannot send JSON.
    const plain = await send(port, { method: 'POST', path: '/sandbox/message', headers: { 'content-type': 'text/plain' }, body });
    expect(plain).toMatchObject({ status: 403, body: { error: expect.stringContaining('Content-Type: application/json') } });
    const form = await send(port, { method: 'POST', path: '/sandbox/message', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    expect(form.status).toBe(403);
    // Another origin is refused even with JSON.
    const foreign = await send(port, { method: 'POST', path: '/sandbox/message', headers: { ...json, origin: 'https://evil.example' }, body });
    expect(foreign).toMatchObject({ status: 403, body: { error: expect.stringContaining('https://evil.example') } });
    // A name rebound to 127.0.0.1 shows in Host.
    const rebound = await send(port, { path: '/sandbox/state?as=U0OUTSIDE', headers: { host: `evil.example:${port}` } });
    expect(rebound.status).toBe(403);
    expect(box.slack.messagesIn(alerts)).toHaveLength(0);

    // The page itself (same origin, JSON) is served.
    const own = await send(port, { method: 'POST', path: '/sandbox/message', headers: { ...json, origin: `http://127.0.0.1:${port}` }, body });
    expect(own.status).toBe(200);
    const viaLocalhost = await send(port, {
      method: 'POST',
      path: '/sandbox/message',
      headers: { ...json, host: `localhost:${port}`, origin: `http://localhost:${port}` },
      body,
    });
    expect(viaLocalhost.status).toBe(200);
    expect(box.slack.messagesIn(alerts)).toHaveLength(2);
  });

  it('pins the allowed origin to the URL it printed: a proxy’s bare Host: 127.0.0.1 and its origin are not the page', async () => {
    const box = await start({ DATABASE_PATH: fresh() });
    const port = box.bot.port;
    expect(box.url).toBe(`http://127.0.0.1:${port}/`);
    const alerts = box.config.ALERTS_CHANNEL;
    const body = JSON.stringify({ as: 'U0OUTSIDE', channel: alerts, text: 'posted from elsewhere' });
    const json = { 'content-type': 'application/json' };
    // What a reverse proxy on this machine forwards (Host without the port), with the page behind it as Origin.
    const proxied = await send(port, { method: 'POST', path: '/sandbox/message', headers: { ...json, host: '127.0.0.1', origin: 'http://127.0.0.1' }, body });
    expect(proxied.status).toBe(403);
    // Host 127.0.0.1 with an evil Origin.
    const evil = await send(port, { method: 'POST', path: '/sandbox/message', headers: { ...json, host: '127.0.0.1', origin: 'https://evil.example' }, body });
    expect(evil).toMatchObject({ status: 403, body: { error: expect.stringContaining(`the sandbox answers http://127.0.0.1:${port}/ only`) } });
    // Another port on this machine is another origin.
    const otherPort = await send(port, { method: 'POST', path: '/sandbox/message', headers: { ...json, origin: `http://127.0.0.1:${port + 1}` }, body });
    expect(otherPort.status).toBe(403);
    expect(box.slack.messagesIn(alerts)).toHaveLength(0);
  });

  it('with SANDBOX_HOST set, a DNS-rebound name is refused even when Origin is http://<Host>', async () => {
    const box = await start({ DATABASE_PATH: fresh(), SANDBOX_HOST: '0.0.0.0' });
    const port = box.bot.port;
    const alerts = box.config.ALERTS_CHANNEL;
    const body = JSON.stringify({ as: 'U0OUTSIDE', channel: alerts, text: 'posted from elsewhere' });
    const rebound = { 'content-type': 'application/json', host: `evil.example:${port}`, origin: `http://evil.example:${port}` };
    expect((await send(port, { method: 'POST', path: '/sandbox/message', headers: rebound, body })).status).toBe(403);
    expect((await send(port, { path: '/sandbox/state?as=U0OUTSIDE', headers: { host: `evil.example:${port}` } })).status).toBe(403);
    expect(box.slack.messagesIn(alerts)).toHaveLength(0);
    // The printed URL is still the page.
    const own = await send(port, {
      method: 'POST',
      path: '/sandbox/message',
      headers: { 'content-type': 'application/json', origin: `http://127.0.0.1:${port}` },
      body,
    });
    expect(own.status).toBe(200);
  });

  it('answers a wrong method on a production path as production does', async () => {
    const box = await start({ DATABASE_PATH: fresh() });
    const port = box.bot.port;
    expect((await send(port, { path: '/webhooks/signup' })).status).toBe(405);
    expect((await send(port, { path: '/sandbox/signup' })).status).toBe(405);
    expect((await send(port, { path: '/no/such/path' })).status).toBe(404);
    expect((await send(port, { path: '/sandbox' })).status).toBe(200);
  });

  it.skipIf(!lanAddress)('refuses other machines unless SANDBOX_HOST opens it', async () => {
    const path = fresh();
    let box = await start({ DATABASE_PATH: path });
    // Not even listening there: the sandbox binds loopback only.
    await expect(send(box.bot.port, { path: '/sandbox/state?as=U0OUTSIDE', to: lanAddress, headers: { host: `127.0.0.1:${box.bot.port}` } })).rejects.toThrow(
      /ECONNREFUSED/,
    );
    await expect(send(box.bot.port, { path: '/webhooks/signup', method: 'POST', to: lanAddress })).rejects.toThrow(/ECONNREFUSED/);
    await box.close();

    box = await start({ DATABASE_PATH: path, SANDBOX_HOST: '0.0.0.0' });
    expect(box.openToNetwork).toBe(true);
    const opened = await send(box.bot.port, { path: '/sandbox/state?as=U0OUTSIDE', to: lanAddress, headers: { host: `${lanAddress}:${box.bot.port}` } });
    expect(opened.status).toBe(200);
    expect(opened.body.people.length).toBeGreaterThan(0);
  });

  it.skipIf(!lanAddress)('with SANDBOX_HOST set to one interface, is reached and acts through that address', async () => {
    const box = await start({ DATABASE_PATH: fresh(), SANDBOX_HOST: lanAddress });
    const port = box.bot.port;
    const json = { 'content-type': 'application/json', host: `${lanAddress}:${port}`, origin: `http://${lanAddress}:${port}` };
    const signup = await send(port, {
      method: 'POST',
      path: '/sandbox/signup',
      to: lanAddress,
      headers: json,
      body: JSON.stringify({ email: 'ann@hooli-labs.com', company: 'Hooli Labs' }),
    });
    expect(signup).toMatchObject({ status: 200, body: { answer: { status: 200 } } });
    // It listens there only, so the address it prints (and signs its own calls to) is that one.
    expect(box.url).toBe(`http://${lanAddress}:${port}/`);
  });
});
