import type { Db } from '../db/open-database.js';
import { escapeGitHubMarkdown, verbatimGitHub } from '../core/github-markdown.js';
import type { TrialRow } from '../core/trial.js';
import { personById } from '../stores/people-store.js';
import { recordEffect } from '../stores/record-effect.js';

/**
 * Tells the cloud team on the instance-request issue who the trial's CE is now, so the
 * instance's CE field gets the right address. Once per CE change (`now` in the key).
 */
export function recordCeComment(db: Db, trial: Pick<TrialRow, 'id' | 'ce_id' | 'request_issue_number'>, now: Date): boolean {
  const ce = personById(db, trial.ce_id);
  if (!ce || !trial.request_issue_number) return false;
  return recordEffect(
    db,
    {
      key: `ce-comment:${trial.id}:${ce.slack_user_id}:${now.getTime()}`,
      kind: 'github.comment',
      trialId: trial.id,
      lane: `github:${trial.id}`,
      payload: {
        issueNumber: trial.request_issue_number,
        body: `trialbot: this trial's CE is now ${escapeGitHubMarkdown(ce.name)}. CE email: ${verbatimGitHub(ce.email)}. Please use it in the instance's CE field.`,
      },
    },
    now,
  );
}
