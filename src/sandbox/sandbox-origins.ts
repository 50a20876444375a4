// Which pages may drive the sandbox's API: the one it printed, and nothing a DNS name can reach.
import { networkInterfaces } from 'node:os';

/** This machine's own names: a Host header (port stripped) or a SANDBOX_HOST that keeps the sandbox to loopback. */
export const LOOPBACK_NAMES: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

const ALL_INTERFACES = new Set(['0.0.0.0', '::', '[::]']);

/** This machine's addresses, as a URL writes them (IPv6 in brackets). */
function interfaceAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((a): a is NonNullable<typeof a> => !!a)
    .map((a) => (a.family === 'IPv6' ? `[${a.address.replace(/%.*$/, '')}]` : a.address));
}

/**
 * The origins the sandbox page is served from: the URL it printed (`http://127.0.0.1:PORT/`, or
 * `http://<SANDBOX_HOST>:PORT/`) and, on loopback, its `localhost` twin; with SANDBOX_HOST=0.0.0.0
 * each of this machine's own addresses. Never a name that DNS resolves: a rebound name
 * (evil.example → 127.0.0.1) arrives with that name in Host and Origin, and is refused.
 */
export function sandboxOrigins(listenHost: string | undefined, port: number, addresses: () => string[] = interfaceAddresses): string[] {
  const host = listenHost && !LOOPBACK_NAMES.has(listenHost) ? listenHost : '127.0.0.1';
  const hosts = ALL_INTERFACES.has(host) ? ['127.0.0.1', 'localhost', ...addresses()] : host === '127.0.0.1' ? ['127.0.0.1', 'localhost'] : [host];
  return [...new Set(hosts)].map((h) => `http://${h}:${port}`);
}

/**
 * Why a request may not use the sandbox API, or null. Its Host must be one of the printed
 * origins' (a proxy on this machine forwarding `Host: 127.0.0.1`, without the port, is not the
 * page), and a browser's Origin, when sent, one of them exactly: not merely `http://<Host>`,
 * which a rebound name satisfies. A page elsewhere cannot send JSON without an Origin.
 */
export function originRefusal(headers: { host?: string; origin?: string }, origins: readonly string[]): string | null {
  const host = (headers.host ?? '').toLowerCase();
  if (!origins.some((o) => o === `http://${host}`)) {
    return `the sandbox answers ${origins[0]}/ only, not ${host || 'a request without Host'}`;
  }
  const origin = headers.origin;
  if (origin !== undefined && !origins.includes(origin.toLowerCase())) {
    return `requests from ${origin} are refused: only the sandbox page itself (${origins[0]}/) may use its API`;
  }
  return null;
}
