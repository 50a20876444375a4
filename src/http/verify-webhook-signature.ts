import { createHmac, timingSafeEqual } from 'node:crypto';

const header = /^sha256=([0-9a-f]{64})$/i;

/**
 * `X-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>`, the scheme
 * GitHub uses. The HMAC is over the bytes as received (an empty body or one
 * that is not UTF-8 is signed like any other, and gets its 400 later), hex
 * in either case is accepted, and the comparison takes constant time.
 */
export async function hasValidSignature(secret: string, rawBody: Buffer, signature: string | string[] | undefined): Promise<boolean> {
  const match = typeof signature === 'string' ? header.exec(signature) : null;
  if (!match) return false;
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  const given = Buffer.from(match[1] ?? '', 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
