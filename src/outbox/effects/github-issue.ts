import { issueKindName } from '../../messages/issue-kinds.js';
import { PermanentEffectError } from '../effect-error.js';
import { defineEffect, type EffectContext } from '../effect-handler.js';
import { issueMarker, type IssueDraft } from '../../messages/github/issue-bodies.js';
import { personById } from '../../stores/people-store.js';
import { recordEffect, spaceOpening } from '../../stores/record-effect.js';
import { audit } from '../../stores/audit-log.js';
import { instanceRequestDraft } from '../../stores/views/load-instance-request.js';
import { getTrial, recordTrialIssue, updateTrial } from '../../stores/trial-store.js';
import { recordCeComment } from '../../flows/ce-comment.js';

export type TrialIssueKind = 'instance-request' | 'extend' | 'terminate' | 'domain-change' | 'pool-low' | 'convert';

export type GitHubIssuePayload =
  | { trialId: string | null; kind: TrialIssueKind; draft: IssueDraft }
  /**
   * An instance request names only its trial: it is drawn from the trial when opened (see
   * draftNow). Its labels narrow the look-up for an earlier attempt's issue.
   */
  | { trialId: string; kind: 'instance-request'; labels: readonly string[] };

const labelsOf = (p: GitHubIssuePayload) => ('draft' in p ? p.draft.labels : p.labels);

function repo(ctx: { config: { GITHUB_REPO: string } }) {
  const [owner, name] = ctx.config.GITHUB_REPO.split('/') as [string, string];
  return { owner, repo: name };
}

/** An issue this effect opened earlier, found by the marker in its body. */
async function findIssueByMarker(ctx: EffectContext, marker: string, labels: readonly string[]) {
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

type OpenedIssue = {
  number: number;
  url: string;
  title: string;
  /** Instance request: the CE named in the body (this attempt's, or the earlier attempt's issue found by its marker). */
  ceId?: string | null;
};

/**
 * What to open. An instance request is drawn from the trial as it is now rather than when it
 * was recorded: it runs in a lane of its own, and by now the space may be open (the draft's
 * "Trial space" was unknown then) or an admin may have assigned the CE nobody eligible could be.
 */
function draftNow(p: GitHubIssuePayload, ctx: EffectContext): { draft: IssueDraft; ceId?: string | null } {
  const trial = p.kind === 'instance-request' && p.trialId ? getTrial(ctx.db, p.trialId) : undefined;
  if (trial) return { draft: instanceRequestDraft(ctx.db, trial, ctx.config.TRIAL_SPACE), ceId: trial.ce_id };
  if ('draft' in p) return { draft: p.draft };
  throw new PermanentEffectError(`trial ${p.trialId} no longer exists`);
}

/**
 * The CE an earlier attempt's instance request names: the trial's CE if its email is in the
 * found body, else null, so that `after` comments the CE assigned while that attempt was on
 * its way (its body was drawn up before).
 */
function ceNamedIn(body: string, p: GitHubIssuePayload, ctx: EffectContext): { ceId?: string | null } {
  const trial = p.kind === 'instance-request' && p.trialId ? getTrial(ctx.db, p.trialId) : undefined;
  if (!trial) return {};
  const ce = personById(ctx.db, trial.ce_id);
  return { ceId: ce && body.toLowerCase().includes(ce.email.toLowerCase()) ? trial.ce_id : null };
}

/** Opens an issue in GITHUB_REPO once, even when an answer is lost on the way back. */
export const openGitHubIssue = defineEffect<GitHubIssuePayload, OpenedIssue>({
  kind: 'github.issue',
  rateKey: () => 'github:create',
  async perform(p, ctx) {
    const marker = issueMarker(ctx.effect.key);
    if (ctx.retrying) {
      const earlier = await findIssueByMarker(ctx, marker, labelsOf(p));
      if (earlier) return { number: earlier.number, url: earlier.html_url, title: earlier.title, ...ceNamedIn(earlier.body ?? '', p, ctx) };
    }
    const { draft, ceId } = draftNow(p, ctx);
    const body = draft.body.includes(marker) ? draft.body : `${marker}\n${draft.body}`;
    // No client-side retry of a create: a lost answer must come back here, to look before creating again.
    const created = await ctx.github.rest.issues.create({ ...repo(ctx), title: draft.title, body, labels: draft.labels, request: { retries: 0 } });
    return { number: created.data.number, url: created.data.html_url, title: created.data.title, ...(ceId !== undefined ? { ceId } : {}) };
  },
  after(p, issue, ctx) {
    const { db } = ctx;
    const now = ctx.now();
    recordTrialIssue(db, { trialId: p.trialId, kind: p.kind, number: issue.number, url: issue.url, title: issue.title }, now);
    if (!p.trialId) return;
    audit(db, { trialId: p.trialId, actor: 'trialbot', action: `opened the ${issueKindName(p.kind)} issue`, detail: `#${issue.number} ${issue.url}` }, now);
    if (p.kind === 'instance-request') {
      updateTrial(db, p.trialId, { request_issue_number: issue.number, request_issue_url: issue.url }, now);
      // The CE changed while the issue was being opened (an admin assigned one): say so on it.
      const trial = getTrial(db, p.trialId);
      if (trial && issue.ceId !== undefined && trial.ce_id && trial.ce_id !== issue.ceId) recordCeComment(db, trial, now);
    }
    const text = `:ticket: ${issueNoun[p.kind]} <${issue.url}|#${issue.number}> is open for the cloud team.`;
    // An issue runs in its own lane and can be done before the trial's space is open. Then the
    // card, the space's first message, is still to be posted and will carry the link: a post now
    // would land in the space ahead of it.
    if (!spaceOpening(db, p.trialId)) {
      recordEffect(db, { key: `${ctx.effect.key}:link-space`, kind: 'slack.post', trialId: p.trialId, payload: { to: { trialSpace: p.trialId }, text } }, now);
    }
    if (p.kind === 'instance-request') {
      // In thread mode the space is the alert's thread: one link there is enough. (Asked of the
      // setting, not of the trial: the issue may be done before its channel is.)
      if (ctx.config.TRIAL_SPACE !== 'thread') {
        recordEffect(
          db,
          { key: `${ctx.effect.key}:link-alert`, kind: 'slack.post', trialId: p.trialId, payload: { to: { trialAlertThread: p.trialId }, text } },
          now,
        );
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
  convert: 'License change for the converted instance',
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
    const created = await ctx.github.rest.issues.createComment({
      ...repo(ctx),
      issue_number: p.issueNumber,
      body: `${marker}\n${p.body}`,
      request: { retries: 0 },
    });
    return { id: created.data.id };
  },
});
