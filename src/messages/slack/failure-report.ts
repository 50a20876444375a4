import { humanTime } from '../../core/human-date.js';
import { mention } from '../../core/mrkdwn.js';
import { actions, context, message, section, type SlackMessage } from './block-kit.js';
import { ActionId } from './ids.js';

/** A failed effect's report in #cloud-trial-alerts: what failed, and Retry for an admin once the cause is fixed. */
export function failureReport(text: string, retryEffect?: number): SlackMessage {
  return message(text, [
    section(text),
    ...(retryEffect === undefined
      ? []
      : [actions(`retry:${retryEffect}`, [{ actionId: ActionId.RetryEffect, text: 'Retry', value: String(retryEffect), style: 'primary' as const }])]),
  ]);
}

/** The report once retried: who sent it back to the queue, and no button left. */
export function failureReportRetried(text: string, by: string, at: Date, zone: string): SlackMessage {
  return message(text, [section(text), context(`:repeat: ${mention(by)} retried it (${humanTime(at, zone)}); a new report follows if it fails again.`)]);
}
