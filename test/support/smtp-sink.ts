// A real SMTP server on loopback that keeps every message it receives, parsed, so tests can
// assert on what the bot emailed through an ordinary SMTP_URL.
import type { AddressInfo } from 'node:net';
import PostalMime from 'postal-mime';
import { SMTPServer } from 'smtp-server';

export interface SunkMessage {
  from: string;
  to: string[];
  cc: string[];
  /** RCPT TO addresses, Bcc included. */
  envelopeTo: string[];
  subject: string;
  text: string;
  html: string;
  messageId: string;
  raw: string;
}

export interface SmtpSink {
  url: string;
  messages: SunkMessage[];
  waitFor(predicate: (m: SunkMessage) => boolean, timeoutMs?: number): Promise<SunkMessage>;
  close(): Promise<void>;
}

type ParsedAddress = { address?: string; group?: Array<{ address: string }> };

function addresses(list: ParsedAddress[] | undefined): string[] {
  return (list ?? []).flatMap((a) => (a.group ? a.group.map((g) => g.address) : a.address ? [a.address] : []));
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const messages: SunkMessage[] = [];
  const waiters = new Set<() => void>();

  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, callback) {
      callback(null, { user: auth.username ?? 'anonymous' });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('error', callback);
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        PostalMime.parse(raw)
          .then((email) => {
            messages.push({
              from: email.from?.address ?? (session.envelope.mailFrom ? session.envelope.mailFrom.address : ''),
              to: addresses(email.to as ParsedAddress[] | undefined),
              cc: addresses(email.cc as ParsedAddress[] | undefined),
              envelopeTo: session.envelope.rcptTo.map((r) => r.address),
              subject: email.subject ?? '',
              text: email.text ?? '',
              html: email.html ?? '',
              messageId: email.messageId ?? '',
              raw,
            });
            for (const wake of [...waiters]) wake();
            callback();
          })
          .catch((err: unknown) => callback(err instanceof Error ? err : new Error(String(err))));
      });
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;

  return {
    url: `smtp://user:pass@127.0.0.1:${port}`,
    messages,
    waitFor(predicate, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = (): boolean => {
          const found = messages.find(predicate);
          if (!found) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching email within ${timeoutMs} ms (${messages.length} received)`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close() {
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
