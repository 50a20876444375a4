import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { BUSY_RETRY_AFTER_SECONDS, isDatabaseBusy } from '../db/busy.js';
import type { Logger } from '../logger.js';
import { BodyTooLargeError, readBody } from './read-body.js';
import { sendError, sendJson } from './respond.js';
import { hasValidSignature } from './verify-webhook-signature.js';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A signed JSON webhook: size limit (413), signature (401), JSON and schema
 * (400), then the handler. Nothing reaches the handler, and so nothing is
 * stored, unless every check passed.
 */
export function signedJsonRoute<S extends z.ZodType>(options: {
  secret: string;
  signatureHeader: string;
  schema: S;
  logger: Logger;
  handle: (body: z.infer<S>, req: IncomingMessage) => Promise<{ status: number; body: unknown }> | { status: number; body: unknown };
}) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    let raw: Buffer;
    try {
      raw = await readBody(req);
    } catch (error) {
      if (error instanceof BodyTooLargeError) return sendError(res, 413, 'request body is over 64 KiB');
      throw error;
    }
    if (!(await hasValidSignature(options.secret, raw, req.headers[options.signatureHeader]))) {
      return sendError(res, 401, `missing or invalid ${options.signatureHeader} signature`);
    }
    let json: unknown;
    let text: string;
    try {
      // fatal: bytes that are not UTF-8 are a malformed body, not text with U+FFFD in it.
      text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
    } catch {
      return sendError(res, 400, 'body is not valid UTF-8');
    }
    try {
      json = JSON.parse(text);
    } catch {
      return sendError(res, 400, 'body is not valid JSON');
    }
    const parsed = options.schema.safeParse(json);
    if (!parsed.success) return sendError(res, 400, describeIssue(parsed.error.issues[0]));
    try {
      const answer = await options.handle(parsed.data, req);
      sendJson(res, answer.status, answer.body);
    } catch (error) {
      if (error instanceof HttpError) return sendError(res, error.status, error.message);
      // Another process holds the write lock: nothing was stored; the sender retries (issue 16.1).
      if (isDatabaseBusy(error)) {
        options.logger.warn({ code: (error as { code?: string }).code }, 'database locked by another process: answered 503');
        res.setHeader('retry-after', String(BUSY_RETRY_AFTER_SECONDS));
        return sendError(res, 503, 'the database is busy; retry shortly');
      }
      throw error;
    }
  };
}

function describeIssue(issue: z.core.$ZodIssue | undefined): string {
  if (!issue) return 'invalid body';
  const path = issue.path.join('.');
  if (issue.code === 'invalid_type' && (issue as { input?: unknown }).input === undefined) return `${path} is required`;
  return path ? `${path}: ${issue.message}` : issue.message;
}
