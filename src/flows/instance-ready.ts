import { welcomeAsk } from '../messages/slack/loop-reminders.js';
import { humanDay, humanDayWithYear } from '../core/human-date.js';
import { localDate } from '../core/deadlines.js';
import { linkTrialInstance } from '../stores/instance-store.js';
import type { Config } from '../config.js';
import type { Db } from '../db/open-database.js';
import { writeTransaction } from '../db/open-database.js';
import { link, mention, userText } from '../core/mrkdwn.js';
import { isCloudTeam, type CommentAuthor } from '../core/cloud-team.js';
import { recordEffect } from '../stores/record-effect.js';
import { personById } from '../stores/people-store.js';
import { audit } from '../stores/audit-log.js';
import type { TrialRow } from '../core/trial.js';
import { setIssueState, trialByRequestIssue, trialNow, updateTrial } from '../stores/trial-store.js';
import { recordAlertRefresh, recordCardRefresh } from './record-messages.js';
import { startTrialClock } from './start-trial-clock.js';

export const readyLabels = ['cloud-trial/instance-ready', 'instance-ready'];

/** The first http(s) URL in a text written by the cloud team (an issue body or comment). */
export function instanceUrlIn(text: string | null | undefined): string | null {
  const match = text?.match(/https?:\/\/[a-z0-9.-]+\.[a-z]{2,}(?::\d+)?(?:\/[^\s)>\]]*)?/i);
  if (!match) return null;
  try {
    const url = new URL(match[0]);
    return `${url.protocol}//${url.host.toLowerCase()}`;
  } catch {
    return null;
  }
}

/** Makes `url` the trial's live instance, so its domain routes there (Case 1) and usage counts. */
export function linkInstance(db: Db, trial: TrialRow, url: string, now: Date): void {
  linkTrialInstance(db, url, { id: trial.id, domain: trial.domain, personalEmail: trial.personal_email === 1, prospectEmail: trial.prospect_email }, now);
}

/** What became of a comment that may name the instance URL. */
export type NoteOutcome = 'noted' | 'ignored' | 'not-cloud-team';

/**
 * The cloud team said where the instance lives (in a comment on the request):
 * remembered before it is marked ready, linked at once after. Only the cloud
 * team's word counts (`isCloudTeam`): the URL routes the domain and is where
 * prospects are sent. The first such URL wins; `admin -- set-instance-url`
 * corrects it.
 */
export function noteInstanceUrl(db: Db, issueNumber: number, text: string, now: Date, author: CommentAuthor, team: readonly string[] | undefined): NoteOutcome {
  return writeTransaction(db, () => {
    const trial = trialByRequestIssue(db, issueNumber);
    const url = instanceUrlIn(text);
    if (!trial || !url || trial.instance_url || url.includes('github.com')) return 'ignored';
    if (!isCloudTeam(author, team)) return 'not-cloud-team';
    updateTrial(db, trial.id, { instance_url: url }, now);
    audit(
      db,
      { trialId: trial.id, actor: 'github', action: 'instance URL noted', detail: `${url} (comment by ${author.login}, ${author.association ?? 'NONE'})` },
      now,
    );
    if (trial.status === 'active') announceInstanceUrl(db, trial, url, now);
    return 'noted';
  });
}

/** The live trial's instance is at `url`: linked, its card refreshed, its space told. */
export function announceInstanceUrl(db: Db, trial: TrialRow, url: string, now: Date): void {
  linkInstance(db, trial, url, now);
  recordCardRefresh(db, trial.id, 'instance-url', now);
  recordEffect(
    db,
    {
      key: `instance-url:${trial.id}:${url}`,
      kind: 'slack.post',
      trialId: trial.id,
      payload: { to: { trialSpace: trial.id }, text: `:link: The instance is at ${link(url, url)}.` },
    },
    now,
  );
}

/**
 * The instance-request issue was closed or labelled ready: the trial clock
 * starts at that moment (`readyAt`, when GitHub says when it was; else now),
 * the domain routes to the instance, and the CE is told how to hand it over.
 * Repeats (webhook and poll both seeing it) change nothing.
 */
export function markInstanceReady(
  db: Db,
  config: Config,
  issue: { number: number; body?: string | null; state?: string },
  source: 'webhook' | 'poll',
  now: Date,
  readyAt?: Date,
): 'started' | 'unknown' | 'already' {
  // A moment in the future (clocks disagree) would start a trial that has not begun.
  const start = readyAt && !Number.isNaN(readyAt.getTime()) && readyAt.getTime() < now.getTime() ? readyAt : now;
  return writeTransaction(db, () => {
    const trial = trialByRequestIssue(db, issue.number);
    if (!trial) return 'unknown';
    setIssueState(db, issue.number, issue.state === 'closed' ? 'closed' : 'open');
    if (trial.status !== 'provisioning') return 'already';
    const url = trial.instance_url ?? instanceUrlIn(issue.body?.split('<!--')[0]?.includes('Instance URL') ? issue.body : null);
    if (url && !trial.instance_url) updateTrial(db, trial.id, { instance_url: url }, now);
    if (url) linkInstance(db, trial, url, now);
    startTrialClock(db, trial.id, start, config.TIMEZONE, now);
    audit(
      db,
      {
        trialId: trial.id,
        actor: 'github',
        action: 'instance ready',
        detail: `issue #${issue.number} (${source}); trial clock started ${start.toISOString()}`,
      },
      now,
    );

    const t = trialNow(db, trial.id);
    const ce = personById(db, t.ce_id);
    // Without a URL yet (the issue was closed before anyone wrote it), say where it will be, not a placeholder.
    const signIn = t.instance_url
      ? link(`${t.instance_url}/sign-in?sourcegraph-operator`, `${t.instance_url}/sign-in?sourcegraph-operator`)
      : 'the instance’s sign-in page (its address is on the instance request issue)';
    const text =
      `:rocket: The instance for *${userText(t.company ?? t.domain, 150)}* is ready${t.instance_url ? `: ${link(t.instance_url, t.instance_url)}` : ''}. ` +
      `${mention(t.ce_id)}: log in with ${config.COMPANY_NAME} employee SSO at ${signIn}, create a password-reset link for ${userText(t.prospect_email, 254)} and send it in reply to the welcome email (AE ${mention(t.ae_id)} in cc), then click *Sent the welcome*. ` +
      (t.ends_at ? `The trial runs until ${humanDay(t.ends_at)}.` : '');
    const ask = welcomeAsk(text, t.id);
    recordEffect(
      db,
      { key: `ready:space:${t.id}`, kind: 'slack.post', trialId: t.id, payload: { to: { trialSpace: t.id }, text: ask.text, blocks: ask.blocks } },
      now,
    );
    if (t.space_channel_id) {
      const notice = `:rocket: Instance ready for *${userText(t.company ?? t.domain, 150)}* (<#${t.space_channel_id}>), CE ${mention(t.ce_id)}.`;
      recordEffect(db, { key: `ready:alerts:${t.id}`, kind: 'slack.post', trialId: t.id, payload: { to: { alerts: true }, text: notice } }, now);
    }
    recordEffect(
      db,
      {
        key: `ready:comment:${t.id}`,
        kind: 'github.comment',
        trialId: t.id,
        payload: {
          issueNumber: issue.number,
          body:
            `trialbot: the instance is marked ready and the trial clock started on ${humanDayWithYear(localDate(start, config.TIMEZONE))}${t.ends_at ? `; it runs until ${humanDayWithYear(t.ends_at)}` : ''}. The CE${ce ? ` (${ce.email})` : ''} has been asked to send the password-reset link.` +
            (t.instance_url ? '' : '\n\nPlease reply with the instance URL: until then the domain does not route to it and its usage is not counted.'),
        },
      },
      now,
    );
    recordAlertRefresh(db, t.id, 'ready', now);
    recordCardRefresh(db, t.id, 'ready', now);
    return 'started';
  });
}
