import { escapeMrkdwn, truncate } from '../../core/mrkdwn.js';
import { context, message, section, type SlackMessage } from './block-kit.js';

const lines = [
  '`/trial status [trial]` — dates, day of the trial, days left, owners, usage grade, open issues, last actions',
  '`/trial list` — your open trials as AE or CE, and your leads as SDR, soonest deadline first',
  '`/trial history [domain]` — every trial a company ever had, ended ones included, newest first',
  '`/trial report` — this week’s trial funnel so far: signups, triage, instances ready, activation, conversion',
  '`/trial extend [trial] [days] [reason…]` — move the end date (default 15 days, at most 90) and ask the cloud team; over 15 days needs a license change',
  '`/trial terminate [trial] [reason…]` — end the trial: the instance is torn down and feedback is requested',
  '`/trial convert [trial]` — the prospect bought: the trial is converted and its reminders stop',
  '`/trial welcomed [trial]` — the welcome with the login link went to the prospect: its reminders stop',
  '`/trial domain [trial] &lt;hostname&gt;` — ask the cloud team to move the instance to a new hostname, e.g. `acme.sourcegraph.com`',
  '`/trial domain [trial] done` — the cloud team moved it: its new address is recorded (closing their issue does the same); the old one counts for 30 days',
  '`/trial help` — this list',
];

/**
 * The usage answer: what went wrong (if anything), then every subcommand.
 * `problem` may quote what the person typed, so it is escaped here.
 */
export function usage(problem?: string): SlackMessage {
  const intro = problem ? `:grey_question: ${truncate(escapeMrkdwn(problem), 500)}\n\n` : '';
  const body = `${intro}*How to use \`/trial\`*\n${lines.map((l) => `• ${l}`).join('\n')}`;
  return message(problem ? `${truncate(escapeMrkdwn(problem), 500)} Try \`/trial help\`.` : 'How to use /trial', [
    section(body),
    context(
      'In a trial’s own channel the trial is that channel’s; elsewhere (and always when trials live in threads of #cloud-trial-alerts) name it first: its channel (`acme` or `cloud-trial-acme`), its domain, or its id. Extend, terminate, convert and domain are for the trial’s CE and AE, and admins.',
    ),
  ]);
}
