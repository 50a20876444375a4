import { trialsAwaitingInstance } from '../stores/trial-store.js';
import { parseTeamLogins } from '../core/cloud-team.js';
import { markInstanceReady, noteInstanceUrl, readyLabels } from '../flows/instance-ready.js';
import type { Job } from './job.js';

/**
 * GitHub never redelivers a webhook that failed (the bot was down, the
 * network blinked), so every 10 minutes and at start this asks GitHub about
 * each instance request still waiting, and starts the trials whose issue was
 * closed or labelled ready.
 */
export const reconcileInstances: Job = {
  name: 'reconcile-instances',
  schedule: '*/10 * * * *',
  async run({ db, config, github, logger }, now) {
    const waiting = trialsAwaitingInstance(db);
    const [owner, repo] = config.GITHUB_REPO.split('/') as [string, string];
    let started = 0;
    for (const trial of waiting) {
      try {
        const { data: issue } = await github.rest.issues.get({ owner, repo, issue_number: trial.request_issue_number });
        const labelled = issue.labels.some((l) => readyLabels.includes(typeof l === 'string' ? l : (l.name ?? '')));
        if (!labelled && issue.state !== 'closed') continue;
        if (issue.comments > 0) {
          const comments = await github.paginate(github.rest.issues.listComments, { owner, repo, issue_number: issue.number, per_page: 100 });
          const team = parseTeamLogins(config.GITHUB_CLOUD_TEAM);
          for (const c of comments) {
            if (!c.body || c.body.includes('<!-- trialbot:')) continue;
            noteInstanceUrl(db, issue.number, c.body, now, { login: c.user?.login, association: c.author_association }, team);
          }
        }
        // Closed: GitHub says when, so a webhook lost while the bot was down does not start the trial late.
        // Labelled only: the issue carries no time for the label (that is in its events), so the poll's time.
        const readyAt = issue.state === 'closed' && issue.closed_at ? new Date(issue.closed_at) : undefined;
        if (markInstanceReady(db, config, { number: issue.number, body: issue.body, state: issue.state }, 'poll', now, readyAt) === 'started') started++;
      } catch (error) {
        logger.warn({ trial: trial.id, err: (error as Error).message }, 'could not check the instance request');
      }
    }
    return `checked ${waiting.length} instance request(s), ${started} ready`;
  },
};
