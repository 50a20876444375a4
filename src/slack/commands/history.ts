import { emailDomain } from '../../core/email-domain.js';
import { companyHistory } from '../../messages/slack/company-history.js';
import { REPORT_ROSTER_ONLY } from '../../messages/slack/report-answer.js';
import { personById } from '../../stores/people-store.js';
import { trialBySpaceChannel, trialsOfDomain } from '../../stores/trial-store.js';
import type { CommandAnswer, CommandContext } from './command-context.js';
import type { TrialCommand } from './parse-trial-command.js';

/** `/trial history [domain]`: a company's every trial, for the people in the roster. */
export function historyCommand(ctx: CommandContext, cmd: Extract<TrialCommand, { kind: 'history' }>): CommandAnswer {
  if (!personById(ctx.db, ctx.user)) return { text: REPORT_ROSTER_ONLY.replace('The trial funnel is', 'A company’s trials are') };
  // A domain as typed (`acme.com`, `www.acme.com`, an address): its registrable domain, as signups are filed.
  const domain = cmd.domain ? emailDomain(cmd.domain.includes('@') ? cmd.domain : `x@${cmd.domain}`)?.domain : trialBySpaceChannel(ctx.db, ctx.channel)?.domain;
  if (!domain) return { text: ':grey_question: Name the company by its domain, e.g. `/trial history acme.com`. Nothing was changed.' };
  return companyHistory({ domain, zone: ctx.config.TIMEZONE, trials: trialsOfDomain(ctx.db, domain) });
}
