import { defineEffect, type EffectContext } from '../effect-handler.js';
import { issueMarker, type IssueDraft } from '../../github/issue-bodies.js';
import { recordEffect } from '../record-effect.js';
import { audit } from '../../trials/audit-log.js';

export type TrialIssueKind = 'instance-request' | 'extend' | 'terminate' | 'domain-change' | 'pool-low';

export interface GitHubIssuePayload {
  trialId: string | null;
  kind: TrialIssueKind;
  draft: IssueDraft;
}

function repo(ctx: { config: { GITHUB_REPO: string } }) {
  const [owner, name] = ctx.config.GITHUB_REPO.split('/') as [string, string];
  return { owner, repo: name };
}

/** An issue this effect opened earlier, found by the marker in its body. */
async function findIssueByMarker(ctx: EffectContext, marker: string, labels: string[]) {
  const since = new Date(new Date(ctx.effect.created_at).getTime() - 60 * 60_000).toISOString();
  const iterator = ctx.github.paginate.iterator(ctx.github.rest.issues.listForRepo, {
    ...repo(ctx),
    state: 'all',
    labels: labels.includes('trialbot') ? 'trialbot' : undefined,
    since,
    per_page: 100,
  });
  let pages = 0;
  for await (const page of iterator) {
    const found = page.data.find((issue) => issue.body?.includes(marker));
    if (found) return found;
    if (++pages >= 10) break;
  }
  return undefined;
}

/** Opens an issue in GITHUB_REPO once, even when an answer is lost on the way back. */
export const openGitHubIssue = defineEffect<GitHubIssuePayload, { number: number; url: string; title: string }>({
  kind: 'github.issue',
  rateKey: () => 'github:create',
  async perform(p, ctx) {
    const marker = issueMarker(ctx.effect.key);
    const body = p.draft.body.includes(marker) ? p.draft.body : `${marker}\n${p.draft.body}`;
    if (ctx.retrying) {
      const earlier = await findIssueByMarker(ctx, marker, p.draft.labels);
      if (earlier) return { number: earlier.number, url: earlier.html_url, title: earlier.title };
    }
    // No client-side retry of a create: a lost answer must come back here, to look before creating again.
    const created = await ctx.github.rest.issues.create({ ...repo(ctx), title: p.draft.title, body, labels: p.draft.labels, request: { retries: 0 } });
    return { number: created.data.number, url: created.data.html_url, title: created.data.title };
  },
  after(p, issue, ctx) {
    const { db } = ctx;
    const now = ctx.now();
    db.prepare(
      `INSERT INTO trial_issues (trial_id, kind, number, url, title, created_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT(number) DO NOTHING`,
    ).run(p.trialId, p.kind, issue.number, issue.url, issue.title, now.toISOString());
    if (!p.trialId) return;
    audit(db, { trialId: p.trialId, actor: 'trialbot', action: `opened ${p.kind} issue`, detail: `#${issue.number} ${issue.url}` }, now);
    if (p.kind === 'instance-request') {
      db.prepare('UPDATE trials SET request_issue_number = ?, request_issue_url = ?, updated_at = ? WHERE id = ?').run(
        issue.number,
        issue.url,
        now.toISOString(),
        p.trialId,
      );
    }
    const text = `:ticket: ${issueNoun[p.kind]} <${issue.url}|#${issue.number}> is open for the cloud team.`;
    // An issue runs in its own lane and can be done before the trial's space is open. Then the
    // card, the space's first message, is still to be posted and will carry the link: a post now
    // would land in the space ahead of it.
    const spaceOpening = db.prepare(`SELECT 1 FROM outbox WHERE key = ? AND status IN ('pending','running')`).get(`space:${p.trialId}`);
    if (!spaceOpening) {
      recordEffect(db, { key: `${ctx.effect.key}:link-space`, kind: 'slack.post', trialId: p.trialId, payload: { to: { trialSpace: p.trialId }, text } }, now);
    }
    if (p.kind === 'instance-request') {
      // In thread mode the space is the alert's thread: one link there is enough. (Asked of the
      // setting, not of the trial: the issue may be done before its channel is.)
      if (ctx.config.TRIAL_SPACE !== 'thread') {
        recordEffect(db, { key: `${ctx.effect.key}:link-alert`, kind: 'slack.post', trialId: p.trialId, payload: { to: { trialAlertThread: p.trialId }, text } }, now);
      }
    }
    recordEffect(db, { key: `card-refresh:${ctx.effect.key}`, kind: 'trial.card.refresh', trialId: p.trialId, payload: { trialId: p.trialId } }, now);
  },
});

const issueNoun: Record<TrialIssueKind, string> = {
  'instance-request': 'Instance request',
  extend: 'Trial extend request',
  terminate: 'Termination request',
  'domain-change': 'Domain change request',
  'pool-low': 'Pool-low issue',
};

/** A comment on one of the bot's issues, once. */
export const commentOnGitHubIssue = defineEffect<{ issueNumber: number; body: string }, { id: number }>({
  kind: 'github.comment',
  rateKey: () => 'github:create',
  async perform(p, ctx) {
    const marker = issueMarker(ctx.effect.key);
    if (ctx.retrying) {
      const comments = await ctx.github.paginate(ctx.github.rest.issues.listComments, { ...repo(ctx), issue_number: p.issueNumber, per_page: 100 });
      const earlier = comments.find((c) => c.body?.includes(marker));
      if (earlier) return { id: earlier.id };
    }
    const created = await ctx.github.rest.issues.createComment({ ...repo(ctx), issue_number: p.issueNumber, body: `${marker}\n${p.body}`, request: { retries: 0 } });
    return { id: created.data.id };
  },
});
