import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createMailer, SMTP_TIMEOUTS } from '../../src/clients/mailer.js';
import { createLogger } from '../../src/logger.js';
import { classifyError } from '../../src/outbox/effect-error.js';
import { startSmtpSink } from '../support/smtp-sink.js';

const logger = createLogger('silent');
const email = { to: ['bob@initech.com'], subject: 'Welcome', text: 'hi', html: '<p>hi</p>', messageId: '<welcome.tr_1@trialbot>' };

/** A TCP server on loopback that accepts connections and never says a word (a hung mail server). */
async function silentServer(): Promise<{ url: string; connections: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const state = { connections: 0 };
  const server: Server = createServer((socket) => {
    state.connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `smtp://user:secret@127.0.0.1:${port}`,
    get connections() {
      return state.connections;
    },
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

describe('the mailer against a mail server that never answers', () => {
  it('gives up after its greeting timeout, and the outbox treats that as worth retrying', async () => {
    const silent = await silentServer();
    cleanups.push(() => silent.close());
    const mailer = createMailer({
      smtpUrl: silent.url,
      from: 'trials@trialbot.test',
      logger,
      timeouts: { connectionTimeout: 300, greetingTimeout: 300, socketTimeout: 300 },
    });
    cleanups.push(() => mailer.close());
    const error = await mailer.send(email).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(silent.connections).toBe(1);
    expect(error).toMatchObject({ code: 'ETIMEDOUT' });
    expect(classifyError(error).kind).toBe('retry');
  });

  it('has bounded timeouts in production: seconds, not nodemailer’s minutes', () => {
    expect(SMTP_TIMEOUTS.connectionTimeout).toBeLessThanOrEqual(30_000);
    expect(SMTP_TIMEOUTS.greetingTimeout).toBeLessThanOrEqual(30_000);
    expect(SMTP_TIMEOUTS.socketTimeout).toBeLessThanOrEqual(60_000);
  });

  it('still delivers through a server that answers (the timeouts ride on SMTP_URL, its password intact)', async () => {
    const sink = await startSmtpSink({ password: 'p@ss:word' });
    cleanups.push(() => sink.close());
    const mailer = createMailer({ smtpUrl: sink.url, from: 'trials@trialbot.test', logger });
    cleanups.push(() => mailer.close());
    expect(await mailer.send(email)).toEqual({ sent: true, messageId: email.messageId });
    expect(sink.messages.map((m) => m.messageId)).toEqual([email.messageId]);
  });
});
