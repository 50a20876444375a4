import type { MilestoneKind } from '../../core/deadlines.js';
import { humanDay, humanTime } from '../../core/human-date.js';
import { userText } from '../../core/mrkdwn.js';
import { actorText } from './audit-entry.js';
import { context, header, message, section, type SlackMessage } from './block-kit.js';

export interface AnsweredPromptView {
  trialId: string;
  kind: MilestoneKind;
  dayNumber: number;
  company: string | null;
  domain: string;
  /** The trial's latest decision; null when the prompt closed without one (a later decision took its place). */
  decision: { actor: string; action: 'extended' | 'converted' | 'terminated'; at: string } | null;
  endsOn: string | null;
  zone: string;
}

const stage = (v: AnsweredPromptView) => (v.kind === 'day15' ? 'Day 15' : v.kind === 'day30' ? 'Day 30' : `End of the extension (day ${v.dayNumber})`);

/**
 * What a decision prompt becomes once answered, in every copy (the trial's channel, the DM, the
 * escalation in #cloud-trial-alerts): who decided what, and no buttons left to click.
 */
export function answeredPrompt(v: AnsweredPromptView): SlackMessage {
  const company = userText(v.company ?? v.domain, 150);
  const d = v.decision;
  const what = !d
    ? 'No longer needed: a later decision took its place.'
    : d.action === 'extended'
      ? `:calendar: ${actorText(d.actor)} extended the trial${v.endsOn ? ` to *${humanDay(v.endsOn)}*` : ''} (${humanTime(d.at, v.zone)}).`
      : d.action === 'converted'
        ? `:tada: ${actorText(d.actor)} marked it converted (${humanTime(d.at, v.zone)}).`
        : `:red_circle: ${actorText(d.actor)} terminated it (${humanTime(d.at, v.zone)}).`;
  return message(`${stage(v)} decision for ${company}: answered. ${what}`, [
    header(`${stage(v)}: answered — ${v.company ?? v.domain}`),
    section(`The ${stage(v).toLowerCase()} decision for *${company}* (${userText(v.domain, 200)}) is taken. ${what}`),
    context('Nothing left to decide here: `/trial status` in the trial’s channel shows where it stands.'),
  ]);
}
