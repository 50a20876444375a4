import { humanDay, humanTime } from '../../core/human-date.js';
import { link, mention, userText } from '../../core/mrkdwn.js';
import { duration } from '../funnel-wording.js';
import { actions, message, section, type SlackMessage } from './block-kit.js';
import { ActionId } from './ids.js';

const who = (ids: string[], usergroup?: string) => (usergroup ? `<!subteam^${usergroup}>` : ids.map(mention).join(' '));

/** In the alert's thread, once the triage SLA has run out in working time (seed 001: first touch within 5 minutes). */
export function triageReminder(v: {
  company: string | null;
  domain: string;
  waitedMs: number;
  sdrIds: string[];
  usergroup?: string;
  slaMinutes: number;
}): string {
  const to = who(v.sdrIds, v.usergroup);
  return (
    `:alarm_clock: ${to ? `${to}: ` : ''}this lead from *${userText(v.company ?? v.domain, 150)}* has waited ${duration(v.waitedMs)} for a decision ` +
    `(the target is ${v.slaMinutes} working minutes). Qualify or disqualify it on the alert above.`
  );
}

/** To each admin, once, when a lead is still undecided after 24 working hours (seed 001: the firm SLA). */
export function triageEscalation(v: {
  company: string | null;
  domain: string;
  waitedMs: number;
  createdAt: string;
  zone: string;
  alertChannel: string | null;
}): string {
  return (
    `:rotating_light: A Case 3 lead from *${userText(v.company ?? v.domain, 150)}* (${userText(v.domain, 200)}) has waited ${duration(v.waitedMs)} ` +
    `since ${humanTime(v.createdAt, v.zone)} without a triage decision: past the 24-hour SLA.` +
    `${v.alertChannel ? ` Its alert is in <#${v.alertChannel}>; the leads waiting are on your Home tab.` : ' The leads waiting are on your Home tab.'}`
  );
}

/** In the trial's space when the instance is ready (and at signup for a pool instance): the CE's next step, with its button. */
export function welcomeAsk(text: string, trialId: string): SlackMessage {
  return message(text, [
    section(text),
    actions(`welcome:${trialId}`, [{ actionId: ActionId.Welcomed, text: 'Sent the welcome', value: trialId, style: 'primary' }]),
  ]);
}

/** The same message once the welcome went out: who said so, no button. */
export function welcomeDone(text: string, by: string, at: string, zone: string): SlackMessage {
  return message(text, [section(`${text}\n:white_check_mark: Welcome sent — ${mention(by)}, ${humanTime(at, zone)}.`)]);
}

/** To the CE after one working day without the welcome; to the AE after two. */
export function handoffReminder(v: {
  trialId: string;
  company: string | null;
  domain: string;
  ceId: string | null;
  aeId: string | null;
  startedAt: string;
  zone: string;
  toAe: boolean;
}): SlackMessage {
  const company = userText(v.company ?? v.domain, 150);
  const text = v.toAe
    ? `:hourglass: ${mention(v.aeId)}: the instance for *${company}* has been ready since ${humanTime(v.startedAt, v.zone)}, and ${mention(v.ceId)} has not said the welcome with the login link went out. Please check with them.`
    : `:hourglass: ${mention(v.ceId)}: the instance for *${company}* has been ready since ${humanTime(v.startedAt, v.zone)}. Has the welcome with the password-reset link gone out? Click *Sent the welcome* once it has (or type \`/trial welcomed\` in the trial's channel).`;
  return v.toAe ? message(text, [section(text)]) : welcomeAsk(text, v.trialId);
}

/** The GitHub comment on an instance request open past PROVISIONING_SLA_HOURS (again each day it stays open). */
export function provisioningComment(v: { openHours: number; requestedAt: string; zone: string }): string {
  return `trialbot: this instance request has been open for ${v.openHours} hours (since ${humanTime(v.requestedAt, v.zone)}), and the prospect is waiting. Please provision the instance, or say here what blocks it.`;
}

/** One line a day in #cloud-trial-alerts: the stalled requests, and the capacity queue (reported, not pinged). */
export function provisioningDaily(v: {
  stalled: Array<{ company: string | null; domain: string; issueUrl: string | null; issueNumber: number | null; openHours: number }>;
  queued: number;
  today: string;
}): string {
  const lines = v.stalled.map(
    (s) =>
      `• *${userText(s.company ?? s.domain, 100)}*: ${s.issueUrl && s.issueNumber ? link(s.issueUrl, `#${s.issueNumber}`) : 'its request'} open for ${s.openHours} hours`,
  );
  const queue = v.queued > 0 ? `\n${v.queued} qualified trial${v.queued === 1 ? ' waits' : 's wait'} in the capacity queue for a free instance slot.` : '';
  return `:construction: *Instances still being set up, ${humanDay(v.today)}*${lines.length ? `\n${lines.join('\n')}` : ''}${queue}`;
}
