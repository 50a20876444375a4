import { userText } from '../../core/mrkdwn.js';
import { requestDomainChange } from '../../flows/request-domain-change.js';
import { completeDomainChange } from '../../flows/complete-domain-change.js';
import { mayManageTrial } from '../../flows/trial-permissions.js';
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

/** `/trial domain [trial] done`: the instance moved; its new address is recorded (as when the cloud team closes the issue). */
export function domainDoneCommand(ctx: CommandContext, cmd: Extract<TrialCommand, { kind: 'domainDone' }>): CommandAnswer {
  const resolved = resolveTrial(ctx.db, ctx.channel, cmd.trialRef, 'domain acme done');
  if ('answer' in resolved) return resolved.answer;
  if (!mayManageTrial(ctx.db, resolved.trial, ctx.user))
    return { text: ':no_entry_sign: Only the trial’s CE or AE, or an admin, confirms its domain change. Nothing was changed.' };
  const outcome = completeDomainChange(ctx.db, resolved.trial.id, ctx.user, ctx.now);
  const name = userText(resolved.trial.company ?? resolved.trial.domain, 100);
  const text: Record<typeof outcome, string> = {
    moved: `:white_check_mark: Recorded: the instance of *${name}* answers at its new address now. Its card shows it, and usage from the old address still counts for 30 days.`,
    already: `The instance of *${name}* is already recorded at its new address. Nothing was changed.`,
    no_request: `:grey_question: No domain change was asked for *${name}*: ask with \`/trial domain <hostname>\` first. Nothing was changed.`,
    unknown: `:grey_question: *${name}* has no instance address to move. Nothing was changed.`,
  };
  return { text: text[outcome] };
}
