// A real SMTP server on loopback that keeps every message it receives, parsed, so tests can
// assert on what the bot emailed through an ordinary SMTP_URL.
import type { AddressInfo } from 'node:net';
import PostalMime from 'postal-mime';
import { SMTPServer } from 'smtp-server';

export interface SunkMessage {
  from: string;
  to: string[];
  cc: string[];
  replyTo: string[];
  /** RCPT TO addresses, Bcc included. */
  envelopeTo: string[];
  subject: string;
  text: string;
  html: string;
  messageId: string;
  raw: string;
  /** The user the sending session authenticated as. */
  authUser: string;
}

export interface SmtpSink {
  /** smtp://USER:PASSWORD@127.0.0.1:PORT with the credentials it accepts now. */
  url: string;
  messages: SunkMessage[];
  /** Accepts these credentials from now on (and no others); returns the url that carries them. */
  useCredentials(user: string, password: string): string;
  waitFor(predicate: (m: SunkMessage) => boolean, timeoutMs?: number): Promise<SunkMessage>;
  close(): Promise<void>;
}

type ParsedAddress = { address?: string; group?: Array<{ address: string }> };

function addresses(list: ParsedAddress[] | undefined): string[] {
  return (list ?? []).flatMap((a) => (a.group ? a.group.map((g) => g.address) : a.address ? [a.address] : []));
}

/** A sink that takes mail only from a session that logged in with `user` and `password` (default user:pass). */
export async function startSmtpSink(options: { user?: string; password?: string } = {}): Promise<SmtpSink> {
  const messages: SunkMessage[] = [];
  const waiters = new Set<() => void>();
  let accepted = { user: options.user ?? 'user', password: options.password ?? 'pass' };

  const server = new SMTPServer({
    secure: false,
    // Like a real relay: no login, no mail. A bot that dropped or mangled its credentials fails here.
    authOptional: false,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === accepted.user && auth.password === accepted.password) callback(null, { user: auth.username });
      else callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
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
              replyTo: addresses(email.replyTo as ParsedAddress[] | undefined),
              envelopeTo: session.envelope.rcptTo.map((r) => r.address),
              subject: email.subject ?? '',
              text: email.text ?? '',
              html: email.html ?? '',
              messageId: email.messageId ?? '',
              raw,
              authUser: String(session.user ?? ''),
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
  const urlOf = () => `smtp://${encodeURIComponent(accepted.user)}:${encodeURIComponent(accepted.password)}@127.0.0.1:${port}`;

  return {
    get url() {
      return urlOf();
    },
    messages,
    useCredentials(user, password) {
      accepted = { user, password };
      return urlOf();
    },
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
