// How the sandbox's JSON API takes requests: only from its own page on this machine, JSON bodies in,
// JSON answers out, a clear 400 for a bad request.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Route } from '../http/http-server.js';
import { BodyTooLargeError, readBody } from '../http/read-body.js';
import { sendError, sendJson } from '../http/respond.js';
import { TZDate } from '@date-fns/tz';
import { originRefusal } from './sandbox-origins.js';
import type { SandboxClock } from './sandbox-clock.js';

export type Json = Record<string, unknown>;

export class BadRequest extends Error {}

/**
 * Why this request may not use the sandbox, or null. A web page the person visits can send
 * a form or a `text/plain` fetch to 127.0.0.1 without asking; it cannot send JSON or forge
 * Origin, and a DNS-rebound name shows in Host and Origin: both must be the printed URL's.
 */
function refusal(req: IncomingMessage, origins: readonly string[]): string | null {
  const refused = originRefusal({ host: req.headers.host, origin: req.headers.origin }, origins);
  if (refused) return refused;
  if (req.method === 'POST') {
    const [type = ''] = (req.headers['content-type'] ?? '')
      .toLowerCase()
      .split(';')
      .map((p) => p.trim());
    if (type !== 'application/json') return 'the sandbox API takes Content-Type: application/json only';
  }
  return null;
}

async function jsonBody(req: IncomingMessage): Promise<Json> {
  let raw: Buffer;
  try {
    raw = await readBody(req);
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw new BadRequest('body over 64 KiB');
    throw error;
  }
  if (raw.length === 0) return {};
  try {
    const parsed: unknown = JSON.parse(raw.toString('utf8'));
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Json;
  } catch {
    /* answered below */
  }
  throw new BadRequest('body must be a JSON object');
}

export const text = (body: Json, key: string, required = true): string => {
  const v = body[key];
  if (typeof v === 'string' && (v.trim() !== '' || !required)) return v;
  if (!required && (v === undefined || v === null)) return '';
  throw new BadRequest(`${key} is required`);
};

/** Only the sandbox's own page, on this machine, gets past here. */
export function guarded(origins: () => readonly string[], handler: Route): Route {
  return (req, res) => {
    const refused = refusal(req, origins());
    if (refused) return sendError(res, 403, refused);
    return handler(req, res);
  };
}

export function route(handler: (body: Json, url: URL) => Promise<unknown> | unknown): Route {
  return async (req: IncomingMessage, res: ServerResponse) => {
    try {
      const url = new URL(req.url ?? '/', 'http://sandbox');
      const body = req.method === 'POST' ? await jsonBody(req) : {};
      sendJson(res, 200, await handler(body, url));
    } catch (error) {
      if (error instanceof BadRequest) return sendError(res, 400, error.message);
      throw error;
    }
  };
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The page's clock control: days forward, a date (09:00 local, when the daily jobs run), or back to now. */
export function moveClock(clock: SandboxClock, body: Json, timezone: string): void {
  if (typeof body.advanceDays === 'number' && Number.isFinite(body.advanceDays)) {
    clock.advance(body.advanceDays * DAY_MS);
  } else if (typeof body.date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(body.date)) {
    const [y, m, d] = body.date.split('-').map(Number) as [number, number, number];
    clock.set(new Date(new TZDate(y, m - 1, d, 9, 0, 0, timezone).getTime()));
  } else if (body.reset === true) {
    clock.set(new Date());
  } else {
    throw new BadRequest('give advanceDays, date (YYYY-MM-DD) or reset');
  }
}
