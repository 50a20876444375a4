import { recordWelcomeSent } from '../../flows/record-welcome.js';
import { welcomeAnswerText } from '../../messages/slack/loop-answers.js';
import type { CommandAnswer, CommandContext } from './command-context.js';
import type { TrialCommand } from './parse-trial-command.js';
import { resolveTrial } from './resolve-trial.js';

/** `/trial welcomed [trial]`: the CE sent the welcome with the login link (as the button says). */
export function welcomedCommand(ctx: CommandContext, cmd: Extract<TrialCommand, { kind: 'welcomed' }>): CommandAnswer {
  const resolved = resolveTrial(ctx.db, ctx.channel, cmd.trialRef, 'welcomed acme');
  if ('answer' in resolved) return resolved.answer;
  return { text: welcomeAnswerText(recordWelcomeSent(ctx.db, resolved.trial.id, ctx.user, ctx.config.TIMEZONE, ctx.now), ctx.config.TIMEZONE) };
}
