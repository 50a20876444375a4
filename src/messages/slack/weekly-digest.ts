// The weekly digest in #cloud-trial-alerts: last week's funnel against the weeks before, the
// decisions left unanswered and the instances slow to come, with the funnel chart attached.
import { milestoneName } from '../../core/deadlines.js';
import { conversionRate, pqlRate, type FunnelRow } from '../../core/funnel.js';
import { dayLabel, weekLabel } from '../../core/funnel-weeks.js';
import { channelLink, link, mention, userText } from '../../core/mrkdwn.js';
import { triageSlaLabel } from '../../core/triage-sla.js';
import { context, Limits, message, section, type SlackMessage } from './block-kit.js';
import type { WeeklyDigestView } from '../../core/weekly-digest.js';
import type { FunnelChartInput } from '../charts/funnel-chart.js';
import { average, caseName, duration, percent, plural } from '../funnel-wording.js';

function total(rows: FunnelRow[]): FunnelRow {
  const all = rows.find((r) => r.caseCode === 'all');
  if (!all) throw new Error('funnel rows always include the all-cases row');
  return all;
}

/** The chart's five steps, in funnel order. */
const stages: Array<[string, (r: FunnelRow) => number]> = [
  ['Signups', (r) => r.signups],
  ['Qualified', (r) => r.qualified],
  ['Instance ready', (r) => r.ready],
  ['Activated', (r) => r.activatedByDay15],
  ['Converted', (r) => r.converted],
];

function mean(rows: FunnelRow[], pick: (r: FunnelRow) => number): number | null {
  return rows.length === 0 ? null : rows.reduce((sum, r) => sum + pick(r), 0) / rows.length;
}

const averageLabel = (v: WeeklyDigestView) => (v.previous.length === 1 ? 'the week before' : `${v.previous.length}-week average`);

/** The chart: this week's funnel against the average of the weeks before (when there were any). */
export function weeklyDigestChart(v: WeeklyDigestView): FunnelChartInput {
  const week = total(v.rows);
  const compare = v.previous.length > 0;
  return {
    title: `Trial funnel, ${weekLabel(v.week)}`,
    series: compare ? ['This week', averageLabel(v)] : ['This week'],
    stages: stages.map(([label, pick]) => ({ label, values: compare ? [pick(week), mean(v.previous, pick) ?? 0] : [pick(week)] })),
  };
}

/** What the chart shows, for people who cannot see it (the image's alt text). */
export function weeklyDigestChartAltText(v: WeeklyDigestView): string {
  const week = total(v.rows);
  const parts = stages.map(([label, pick]) => {
    const avg = mean(v.previous, pick);
    return `${label.toLowerCase()} ${pick(week)}${avg === null ? '' : ` (average ${average(avg)})`}`;
  });
  return `Bar chart of the trial funnel for ${weekLabel(v.week)}: ${parts.join(', ')}.`;
}

function headline(v: WeeklyDigestView): string {
  const week = total(v.rows);
  const avg = mean(v.previous, (r) => r.signups);
  const compared = avg === null ? '' : ` (${averageLabel(v)}: ${average(avg)})`;
  return (
    `*Weekly trial digest: ${weekLabel(v.week)}*\n` +
    `${plural(week.signups, 'signup')}${compared} · ${week.qualified} qualified · ${week.ready} with their instance ready · ` +
    `${week.activatedByDay15} activated · ${week.converted} converted`
  );
}

export function triageLine(r: FunnelRow): string {
  const decided = r.qualified + r.disqualified;
  const triaged = r.triage.count > 0 || r.triageSlaSettled > 0;
  if (!triaged && decided === 0) return '• *Triage:* no leads to triage';
  const reasons = r.disqualifiedByReason.map(([label, n]) => `${userText(label, 60)} ${n}`).join(', ');
  const parts = [`${r.qualified} qualified, ${r.disqualified} disqualified${reasons ? ` (${reasons})` : ''}`];
  if (r.triage.count > 0) parts.push(`first decision in ${duration(r.triage.p50Ms ?? 0)} (median), ${duration(r.triage.p90Ms ?? 0)} (90th percentile)`);
  if (r.triageSlaSettled > 0) parts.push(`${r.triageWithinSla} of ${plural(r.triageSlaSettled, 'lead')} decided ${triageSlaLabel}`);
  return `• *Triage:* ${parts.join('; ')}`;
}

function funnelLines(v: WeeklyDigestView): string {
  const r = total(v.rows);
  const ready =
    r.qualifyToReady.count > 0
      ? `${r.ready}, ${duration(r.qualifyToReady.p50Ms ?? 0)} after qualifying (median), ${duration(r.qualifyToReady.p90Ms ?? 0)} (90th percentile)`
      : String(r.ready);
  const pql = pqlRate(r);
  const conversion = conversionRate(r);
  const byCase = v.rows
    .filter((c) => c.caseCode !== 'all' && c.signups > 0)
    .map((c) => `${caseName(c.caseCode)}: ${c.signups}`)
    .join(' · ');
  return [
    triageLine(r),
    `• *Instance ready:* ${ready}`,
    `• *Activated* (first search, or a code host and a repository added): ${r.activatedByDay7} by day 7, ${r.activatedByDay15} by day 15`,
    `• *Product-qualified (grade A or B):* ${pql === null ? 'no instance ready yet' : `${r.pql} of ${r.ready} (${percent(pql)})`}`,
    `• *Extended* ${r.extended} · *converted* ${r.converted}${conversion === null ? '' : ` (${percent(conversion)} of those with an instance)`} · *terminated* ${r.terminated}`,
    ...(byCase ? [`• *Signups by case:* ${byCase}`] : []),
  ].join('\n');
}

/** Lines until the section is full, then how many were left out. */
function listed(title: string, lines: string[]): string {
  if (lines.length === 0) return `*${title}:* none`;
  const head = `*${title} (${lines.length})*`;
  let text = head;
  for (const [i, line] of lines.entries()) {
    const more = `\n…and ${lines.length - i} more`;
    if (text.length + 1 + line.length + more.length > Limits.sectionText) return text + more;
    text += `\n${line}`;
  }
  return text;
}

function overdueLines(v: WeeklyDigestView): string[] {
  return v.overdue.map((o) => {
    const asked = o.ceId ?? o.aeId;
    const where = o.spaceChannelId ? ` in ${channelLink(o.spaceChannelId)}` : '';
    return (
      `• *${userText(o.company ?? o.domain, 80)}*${where}: the ${milestoneName(o.kind)} decision, due ${dayLabel(o.dueOn, v.today)}, ` +
      `waiting for ${asked ? mention(asked) : 'an owner'}${o.escalated ? ' (the AE and this channel were told)' : ''}`
    );
  });
}

function stalledLines(v: WeeklyDigestView): string[] {
  return v.stalled.map((s) => {
    const waitedMs = Date.parse(v.now) - Date.parse(s.since);
    const waited = waitedMs >= 86_400_000 ? plural(Math.floor(waitedMs / 86_400_000), 'day') : duration(waitedMs);
    const issue = s.issueUrl ? `, ${link(s.issueUrl, s.issueNumber ? `issue #${s.issueNumber}` : 'the instance request')}` : ', no instance request opened yet';
    const where = s.spaceChannelId ? ` in ${channelLink(s.spaceChannelId)}` : '';
    return `• *${userText(s.company ?? s.domain, 80)}*${where}: asked for on ${dayLabel(s.sinceOn, v.today)}, ${waited} ago${issue}${s.ceId ? `, CE ${mention(s.ceId)}` : ''}`;
  });
}

/**
 * The message the chart is shared with. Sections and a context only, no header: these blocks go
 * to files.completeUploadExternal, which Slack documents for "rich text" blocks and is known to
 * refuse some kinds that chat.postMessage takes. It takes no fallback text: `text` is for notifications
 * of a plain post, should the digest ever go out as one.
 */
export function weeklyDigestMessage(v: WeeklyDigestView): SlackMessage {
  const week = total(v.rows);
  const blocks = [
    section(headline(v)),
    section(funnelLines(v)),
    section(listed('Decisions past their due date', overdueLines(v))),
    section(listed('Waiting more than a day for an instance', stalledLines(v))),
    context(`Trials count in the week they signed up, with what has happened to them since, as of ${dayLabel(v.today)}.`),
  ];
  const text = `Weekly trial digest, ${weekLabel(v.week)}: ${plural(week.signups, 'signup')}, ${week.qualified} qualified, ${week.converted} converted; ${plural(v.overdue.length, 'decision')} past due, ${v.stalled.length} waiting for an instance.`;
  return message(text, blocks);
}
