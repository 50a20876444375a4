import { localDate } from '../../core/deadlines.js';
import { trialList, type TrialListItem } from '../../messages/slack/trial-list.js';
import { trialsOwnedBy } from '../../stores/views/load-trial-status.js';
import type { CommandAnswer, CommandContext } from './command-context.js';

/** `/trial list`: the caller's open trials as AE or CE, soonest deadline first. */
export function listCommand(ctx: CommandContext): CommandAnswer {
  const items: TrialListItem[] = trialsOwnedBy(ctx.db, ctx.user).map((t) => ({
    id: t.id,
    company: t.company,
    domain: t.domain,
    status: t.status,
    endsOn: t.ends_at,
    spaceChannelId: t.space_channel_id,
    role: t.ae_id === ctx.user && t.ce_id === ctx.user ? 'AE and CE' : t.ce_id === ctx.user ? 'CE' : t.ae_id === ctx.user ? 'AE' : 'SDR',
  }));
  return trialList(items, localDate(ctx.now, ctx.config.TIMEZONE));
}
