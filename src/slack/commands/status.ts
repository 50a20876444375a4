import { trialStatus } from '../../messages/slack/trial-status.js';
import { trialStatusView } from '../../stores/views/load-trial-status.js';
import type { CommandAnswer, CommandContext } from './command-context.js';
import type { TrialCommand } from './parse-trial-command.js';
import { resolveTrial } from './resolve-trial.js';

/** `/trial status [trial]`: anyone may look. */
export function statusCommand(ctx: CommandContext, cmd: Extract<TrialCommand, { kind: 'status' }>): CommandAnswer {
  const resolved = resolveTrial(ctx.db, ctx.channel, cmd.trialRef, 'status acme');
  if ('answer' in resolved) return resolved.answer;
  return trialStatus(trialStatusView(ctx.db, resolved.trial, ctx.config.TIMEZONE, ctx.now));
}
