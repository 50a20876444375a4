import type { FunnelRow } from '../../core/funnel.js';
import { conversionRate, pqlRate } from '../../core/funnel.js';
import { weekLabel } from '../../core/funnel-weeks.js';
import { percent, plural } from '../funnel-wording.js';
import { context, message, section, type SlackMessage } from './block-kit.js';
import { triageLine } from './weekly-digest.js';

export const REPORT_ROSTER_ONLY = ':no_entry_sign: The trial funnel is for people in the trialbot roster: ask a trialbot admin to add you.';

/** `/trial report`: this week so far, in the words of the Monday digest. */
export function reportAnswer(r: FunnelRow | null, week: string): SlackMessage {
  const title = `*Trial funnel, ${weekLabel(week)} (so far)*`;
  if (!r || r.signups === 0) return message(`Trial funnel, ${weekLabel(week)}: no signups yet this week.`, [section(`${title}\nNo signups yet this week.`)]);
  const pql = pqlRate(r);
  const conversion = conversionRate(r);
  const lines = [
    `• *Signups:* ${plural(r.signups, 'trial')} opened`,
    triageLine(r),
    `• *Instances ready:* ${r.ready} · *activated* by day 7: ${r.activatedByDay7}, by day 15: ${r.activatedByDay15}`,
    `• *PQL (grade A or B):* ${r.pql}${pql === null ? '' : ` (${percent(pql)} of ready)`}`,
    `• *Extended* ${r.extended} · *converted* ${r.converted}${conversion === null ? '' : ` (${percent(conversion)} of ready)`} · *terminated* ${r.terminated}`,
  ];
  return message(`Trial funnel, ${weekLabel(week)}: ${plural(r.signups, 'signup')}, ${r.qualified} qualified, ${r.converted} converted.`, [
    section(`${title}\n${lines.join('\n')}`),
    context('Counted by signup week: a trial counts in the week it signed up. Every Monday the weekly digest compares the week with the ones before.'),
  ]);
}
