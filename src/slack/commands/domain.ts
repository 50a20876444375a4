import { userText } from '../../core/mrkdwn.js';
import { requestDomainChange } from '../../flows/request-domain-change.js';
import { lifecycleRefusalText } from '../../messages/slack/lifecycle-answers.js';
import type { CommandAnswer, CommandContext } from './command-context.js';
import type { TrialCommand } from './parse-trial-command.js';
import { resolveTrial } from './resolve-trial.js';

/** `/trial domain [trial] <hostname>` */
export function domainCommand(ctx: CommandContext, cmd: Extract<TrialCommand, { kind: 'domain' }>): CommandAnswer {
  const resolved = resolveTrial(ctx.db, ctx.channel, cmd.trialRef, 'domain acme acme.sourcegraph.com');
  if ('answer' in resolved) return resolved.answer;
  const outcome = requestDomainChange(ctx.db, ctx.config, resolved.trial.id, ctx.user, { vanity: cmd.vanity }, ctx.now);
  if ('refused' in outcome) return { text: lifecycleRefusalText(outcome, 'domain') };
  return {
    text:
      `:white_check_mark: Asked the cloud team to move the instance of *${userText(outcome.trial.company ?? outcome.trial.domain, 100)}* to *${userText(outcome.vanity, 253)}*. ` +
      'Their issue carries the checklist: the auth provider (SSO), permission syncing, webhooks and hard-coded links all break with the old address.',
  };
}
