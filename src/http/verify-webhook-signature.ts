import { verify } from '@octokit/webhooks-methods';

/**
 * `X-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>` — the same
 * scheme GitHub uses, so the same constant-time check serves both.
 */
export async function hasValidSignature(secret: string, rawBody: Buffer, header: string | string[] | undefined): Promise<boolean> {
  if (typeof header !== 'string' || !/^sha256=[0-9a-f]{64}$/i.test(header)) return false;
  try {
    return await verify(secret, rawBody.toString('utf8'), header);
  } catch {
    return false;
  }
}
