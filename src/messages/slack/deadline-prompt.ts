import { ActionId } from './ids.js';
import { humanDay } from '../../core/human-date.js';
import { decisionButtons } from './decision-buttons.js';
import type { MilestoneKind } from '../../core/deadlines.js';
import type { Grade } from '../../core/activity-grade.js';
import { channelLink, link, mention, userText } from '../../core/mrkdwn.js';
import { actions, context, fields, header, message, section, slackDate, type Block, type Button, type SlackMessage } from './block-kit.js';

export interface DeadlineUsage {
  grade: Grade;
  /** A search, or a code host and a repository added: the seed's "usage", the same moment the space was told of. */
  realUse?: boolean;
  description: string;
  searches: number;
  daysActive: number;
}

/** Everything a deadline prompt or its escalation shows. */
export interface DeadlinePromptView {
  trialId: string;
  milestoneId: number;
  kind: MilestoneKind;
  /** "Day N" of the trial the decision falls on. */
  dayNumber: number;
  /** Local date (YYYY-MM-DD) the decision was due. */
  dueOn: string;
  company: string | null;
  domain: string;
  instanceUrl: string | null;
  spaceChannelId: string | null;
  aeId: string | null;
  ceId: string | null;
  /** Null when usage cannot be measured (see `unmeasured`). */
  usage: DeadlineUsage | null;
  /**
   * Why there is no usage: no instance URL was ever recorded, or the instance has
   * reported no activity at all (not even a visit), so "inactive" cannot be told
   * from "not reporting".
   */
  unmeasured?: 'no_instance' | 'no_reports';
  /** Snoozes still allowed (two in all): the button shows only while one is. */
  snoozesLeft?: number;
}

export type Recommendation = 'extend' | 'terminate' | 'check';

/**
 * Day 15 only: an active trial (grade C or better) is extended, an inactive one
 * terminated; with usage unknown the CE checks with the prospect first, since
 * terminating a trial nobody could measure may end a live one.
 */
export function recommendation(kind: MilestoneKind, usage: DeadlineUsage | null): Recommendation | null {
  if (kind !== 'day15') return null;
  if (!usage) return 'check';
  return usage.grade !== 'D' || usage.realUse ? 'extend' : 'terminate';
}

const unmeasuredText = (v: Pick<DeadlinePromptView, 'unmeasured' | 'instanceUrl'>) =>
  v.unmeasured === 'no_reports' || (v.unmeasured === undefined && v.instanceUrl)
    ? 'the instance has reported no activity to trialbot'
    : 'no instance URL is recorded for this trial';

/** Who is asked: the CE, else the AE; null means nobody owns the trial (the alerts channel is asked). */
export function deadlineAsks(v: Pick<DeadlinePromptView, 'ceId' | 'aeId'>): string | null {
  return v.ceId ?? v.aeId ?? null;
}

const stage = (v: DeadlinePromptView) => (v.kind === 'day15' ? 'Day 15' : v.kind === 'day30' ? 'Day 30' : `End of the extension (day ${v.dayNumber})`);

// A prospect may buy at any decision, day 15 included (README: extend, convert or terminate, one click each).
const question = (_kind: MilestoneKind) => 'extend, convert or terminate?';

function promptButtons(v: DeadlinePromptView): Button[] {
  const rec = recommendation(v.kind, v.usage);
  const decide = decisionButtons({
    trialId: v.trialId,
    company: v.company ?? v.domain,
    running: true,
    recommend: rec === 'extend' || rec === 'terminate' ? rec : null,
  });
  return (v.snoozesLeft ?? 0) > 0 ? [...decide, { actionId: ActionId.Snooze, text: 'Snooze 2 days', value: v.trialId }] : decide;
}

function usageText(v: DeadlinePromptView): string {
  const usage = v.usage;
  if (!usage) return `_unknown: ${unmeasuredText(v)}_`;
  const searches = `${usage.searches} search${usage.searches === 1 ? '' : 'es'}`;
  const days = `${usage.daysActive} day${usage.daysActive === 1 ? '' : 's'} active`;
  return `*${usage.grade}* · ${usage.description}\n${searches} · ${days}`;
}

function recommendationText(v: DeadlinePromptView): string | null {
  const rec = recommendation(v.kind, v.usage);
  if (rec === 'extend') {
    return `:arrow_right: *Recommended: extend by 15 days.* The trial is active (usage grade ${v.usage?.grade ?? 'unknown'}${v.usage?.grade === 'D' ? ', with code connected' : ''}).`;
  }
  if (rec === 'terminate') {
    return `:arrow_right: *Recommended: terminate.* The trial is inactive (usage grade ${v.usage?.grade ?? 'unknown'}: no search since sign-up).`;
  }
  if (rec === 'check') {
    return `:grey_question: *Usage unknown:* ${unmeasuredText(v)}. Check with the prospect how the trial is going before extending or terminating.`;
  }
  return null;
}

function factBlocks(v: DeadlinePromptView): Block[] {
  return [
    fields([
      ['Instance', v.instanceUrl ? link(v.instanceUrl, v.instanceUrl) : '—'],
      ['Usage', usageText(v)],
      ['CE', mention(v.ceId)],
      ['AE', mention(v.aeId)],
      ['Due', humanDay(v.dueOn)],
      ...(v.spaceChannelId ? ([['Trial space', channelLink(v.spaceChannelId)]] as Array<[string, string]>) : []),
    ]),
  ];
}

const footer = (v: DeadlinePromptView) =>
  context(`Trial \`${v.trialId}\` · or type \`/trial extend\`, \`/trial convert\`, \`/trial terminate\` in the trial space`);

const fallbackAdvice: Record<Recommendation, string> = {
  extend: 'Recommended: extend by 15 days.',
  terminate: 'Recommended: terminate.',
  check: 'Usage unknown: check with the prospect.',
};

/** The decision prompt: posted in the trial space (mentioning whoever is asked) and sent to them by DM. */
export function deadlinePrompt(v: DeadlinePromptView): SlackMessage {
  const company = userText(v.company ?? v.domain, 150);
  const asked = deadlineAsks(v);
  const who = asked ? `${mention(asked)}: ` : ':warning: This trial has no CE or AE, so the alerts channel is asked. ';
  const rec = recommendationText(v);
  const blocks: Block[] = [
    header(`${stage(v)}: ${question(v.kind)} — ${v.company ?? v.domain}`),
    section(
      `${who}the cloud trial for *${company}* (${userText(v.domain, 200)}) reached *${stage(v).toLowerCase()}* on ${humanDay(v.dueOn)}. What happens next?`,
    ),
    ...factBlocks(v),
    ...(rec ? [section(rec)] : []),
    actions(`deadline:${v.milestoneId}`, promptButtons(v)),
    footer(v),
  ];
  const advice = recommendation(v.kind, v.usage);
  const fallback = `${asked ? `${mention(asked)} ` : ''}${stage(v)} of the cloud trial for ${company}: ${question(v.kind)}${advice ? ` ${fallbackAdvice[advice]}` : ''}`;
  return message(fallback, blocks);
}

/** Unanswered two days later: to the AE and #cloud-trial-alerts, with the same buttons. */
export function deadlineEscalation(v: DeadlinePromptView & { promptedAt: string }): SlackMessage {
  const company = userText(v.company ?? v.domain, 150);
  const asked = deadlineAsks(v);
  const overdue = `the ${stage(v).toLowerCase()} decision (${question(v.kind)})`;
  const rec = recommendationText(v);
  const blocks: Block[] = [
    header(`Overdue: ${stage(v).toLowerCase()} decision — ${v.company ?? v.domain}`),
    section(
      `:rotating_light: ${overdue.charAt(0).toUpperCase()}${overdue.slice(1)} for *${company}* (${userText(v.domain, 200)}, trial \`${v.trialId}\`) was asked of ${asked ? mention(asked) : 'the alerts channel'} ${slackDate(v.promptedAt, '{date_short_pretty}')} and is still unanswered.${v.aeId ? ` ${mention(v.aeId)}, please follow up.` : ''}`,
    ),
    ...factBlocks(v),
    ...(rec ? [section(rec)] : []),
    actions(`deadline:${v.milestoneId}`, promptButtons(v)),
    footer(v),
  ];
  return message(`Overdue: ${overdue} for ${company} is unanswered${asked ? ` (asked of ${mention(asked)})` : ''}.`, blocks);
}
