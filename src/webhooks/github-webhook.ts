import { completeDomainChangeByIssue } from '../flows/complete-domain-change.js';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Webhooks } from '@octokit/webhooks';
import type { Config } from '../config.js';
import type { Db } from '../db/open-database.js';
import { parseTeamLogins } from '../core/cloud-team.js';
import { markInstanceReady, noteInstanceUrl, readyLabels } from '../flows/instance-ready.js';
import { BodyTooLargeError, readBody } from '../http/read-body.js';
import { sendError, sendJson } from '../http/respond.js';
import type { Logger } from '../logger.js';

interface IssuePayload {
  action?: string;
  issue?: { number?: number; body?: string | null; state?: string; labels?: Array<{ name?: string }> };
  label?: { name?: string };
  comment?: { body?: string; user?: { login?: string }; author_association?: string };
  repository?: { full_name?: string };
}

/**
 * `POST /webhooks/github`. GitHub never redelivers a failed delivery, so this
 * answers 200 to anything well-signed it does not care about, and the
 * reconciliation job polls for what a lost delivery would have said.
 */
export function githubWebhook(deps: { db: Db; config: Config; logger: Logger; now: () => Date }) {
  const webhooks = new Webhooks({ secret: deps.config.GITHUB_WEBHOOK_SECRET });
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    let raw: string;
    try {
      raw = (await readBody(req, 1024 * 1024)).toString('utf8');
    } catch (error) {
      if (error instanceof BodyTooLargeError) return sendError(res, 413, 'request body is too large');
      throw error;
    }
    const signature = req.headers['x-hub-signature-256'];
    const valid = typeof signature === 'string' && (await webhooks.verify(raw, signature).catch(() => false));
    if (!valid) return sendError(res, 401, 'missing or invalid X-Hub-Signature-256 signature');
    let payload: IssuePayload;
    try {
      payload = JSON.parse(raw) as IssuePayload;
    } catch {
      return sendError(res, 400, 'body is not valid JSON');
    }
    const event = req.headers['x-github-event'];
    if (payload.repository?.full_name?.toLowerCase() !== deps.config.GITHUB_REPO.toLowerCase()) {
      return sendJson(res, 200, { ignored: 'another repository' });
    }
    const number = payload.issue?.number;
    if (typeof number !== 'number') return sendJson(res, 200, { ignored: 'no issue' });
    const now = deps.now();
    if (event === 'issue_comment' && payload.action === 'created' && payload.comment?.body) {
      const author = { login: payload.comment.user?.login, association: payload.comment.author_association };
      const noted = noteInstanceUrl(deps.db, number, payload.comment.body, now, author, parseTeamLogins(deps.config.GITHUB_CLOUD_TEAM));
      if (noted === 'not-cloud-team')
        deps.logger.warn({ issue: number, login: author.login, association: author.association }, 'instance URL from outside the cloud team ignored');
      return sendJson(res, 200, { noted });
    }
    if (event !== 'issues') return sendJson(res, 200, { ignored: String(event) });
    if (payload.action === 'closed') {
      const moved = completeDomainChangeByIssue(deps.db, number, now);
      if (moved !== null) return sendJson(res, 200, { domainChange: moved });
    }
    const ready =
      payload.action === 'closed' ||
      (payload.action === 'labeled' && readyLabels.includes(payload.label?.name ?? '')) ||
      (payload.action === 'edited' && (payload.issue?.labels ?? []).some((l) => readyLabels.includes(l.name ?? '')));
    if (!ready) return sendJson(res, 200, { ignored: payload.action });
    const outcome = markInstanceReady(deps.db, deps.config, { number, body: payload.issue?.body, state: payload.issue?.state }, 'webhook', now);
    deps.logger.info({ issue: number, outcome }, 'instance-ready webhook');
    return sendJson(res, 200, { outcome });
  };
}
