import { weekOf } from '../../core/funnel-weeks.js';
import { reportAnswer, REPORT_ROSTER_ONLY } from '../../messages/slack/report-answer.js';
import { recentFunnelRows } from '../../stores/funnel-store.js';
import { personById } from '../../stores/people-store.js';
import type { CommandAnswer, CommandContext } from './command-context.js';

/** `/trial report`: this week's funnel line, for anyone in the roster. */
export function reportCommand(ctx: CommandContext): CommandAnswer {
  if (!personById(ctx.db, ctx.user)) return { text: REPORT_ROSTER_ONLY };
  const zone = ctx.config.TIMEZONE;
  const row = recentFunnelRows(ctx.db, 1, zone, ctx.now).find((r) => r.caseCode === 'all');
  return reportAnswer(row ?? null, weekOf(ctx.now, zone));
}
