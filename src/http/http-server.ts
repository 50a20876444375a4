import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { Logger } from '../logger.js';
import { BodyTooLargeError, readBody } from './read-body.js';
import { sendError, sendJson } from './respond.js';
import { gateSlackRequest, withBody, type ListenedIds } from './slack-gate.js';

export type Route = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

export interface HttpServerOptions {
  logger: Logger;
  slackListener: RequestListener;
  slackSigningSecret: string;
  /** The ids the Slack listeners answer; any other Slack request is acknowledged and dropped here. */
  slackIds: ListenedIds;
  /** `METHOD /path` → handler. */
  routes: Record<string, Route>;
  isHealthy: () => boolean;
  now: () => Date;
}

/** One port for Slack, the webhooks, the health check (and the sandbox). */
export function createHttpServer(options: HttpServerOptions): Server {
  const { logger } = options;
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const handle = async () => {
      if (path === '/slack/events') {
        if (req.method !== 'POST') return sendError(res, 405, 'POST only');
        let raw: Buffer;
        try {
          raw = await readBody(req);
        } catch (error) {
          if (error instanceof BodyTooLargeError) return sendError(res, 413, 'request body is over 64 KiB');
          throw error;
        }
        // Slack signs with the real time, whatever clock the trial logic runs on.
        const verdict = gateSlackRequest(req, raw, options.slackSigningSecret, Date.now(), options.slackIds);
        if (!verdict.pass) {
          if (verdict.status === 200) {
            res.writeHead(200).end();
            return;
          }
          return sendError(res, verdict.status, verdict.error);
        }
        return options.slackListener(withBody(req, raw), res);
      }
      if (path === '/healthz' && req.method === 'GET') {
        return options.isHealthy() ? sendJson(res, 200, { ok: true }) : sendJson(res, 503, { ok: false });
      }
      const route = options.routes[`${req.method} ${path}`];
      if (route) return route(req, res);
      const known = Object.keys(options.routes).some((r) => r.endsWith(` ${path}`));
      return known ? sendError(res, 405, 'method not allowed') : sendError(res, 404, 'not found');
    };
    Promise.resolve()
      .then(handle)
      .catch((error: unknown) => {
        logger.error({ err: error, path }, 'request failed');
        if (!res.headersSent) sendError(res, 500, 'internal error');
        else res.end();
      });
  });
  server.keepAliveTimeout = 65_000;
  return server;
}
