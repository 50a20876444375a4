import { humanDay } from '../../core/human-date.js';
import { mention } from '../../core/mrkdwn.js';
import { trialLicense } from '../github/issue-bodies.js';
import { ActionId } from './ids.js';
import { actions, context, fields, header, message, section, slackDate, type Block, type SlackMessage } from './block-kit.js';

export interface LicenseReminderView {
  /** The period's identity: the Rotated button carries it back. */
  periodDueAt: string;
  /** Local date the rotation fell due. */
  dueOn: string;
  periodDays: number;
  lastRotation: { at: string; by: string } | null;
  /** The license owners; empty when the roster names none (the alerts channel is asked). */
  ownerIds: string[];
  /** Live instances on the trial key (the pool's and running trials'; converted customers' are not). */
  instances?: number;
}

const keyFacts = (): Block =>
  fields([
    ['Tags', trialLicense.tags.map((t) => `\`${t}\``).join(', ')],
    ['Users', trialLicense.users.toLocaleString('en-US')],
  ]);

const lastRotationText = (v: LicenseReminderView) =>
  v.lastRotation
    ? `Last rotation recorded ${slackDate(v.lastRotation.at, '{date_short_pretty}')} by ${mention(v.lastRotation.by)}.`
    : 'No rotation has been recorded yet.';

const rotatedButton = (v: LicenseReminderView) =>
  actions(`license:${v.periodDueAt}`, [{ actionId: ActionId.LicenseRotated, text: 'Rotated', value: v.periodDueAt, style: 'primary' }]);

/** The reminder DM (to each license owner, or in the alerts channel when there is none). */
export function licenseReminder(v: LicenseReminderView): SlackMessage {
  const who = v.ownerIds.length > 0 ? '' : ':warning: Nobody has the `license_owner` role in the roster, so this reminder goes to the alerts channel. ';
  const blocks: Block[] = [
    header('Rotate the shared trial license key'),
    section(
      `${who}:key: The license key shared by every cloud trial instance is due for rotation (every ${v.periodDays} days, due ${humanDay(v.dueOn)}). Generate a new key with these tags and user count, update the ${v.instances === undefined ? 'trial instances' : `${v.instances} trial instance${v.instances === 1 ? '' : 's'} (converted customers are on their own license)`}, then click *Rotated*.`,
    ),
    keyFacts(),
    context(lastRotationText(v)),
    rotatedButton(v),
  ];
  return message(`Time to rotate the shared trial license key (due ${humanDay(v.dueOn)}).`, blocks);
}

/** Unrotated two days past its due date: #cloud-trial-alerts hears it, once. */
export function licenseEscalation(v: LicenseReminderView & { remindedAt: string }): SlackMessage {
  const owners = v.ownerIds.length > 0 ? v.ownerIds.map(mention).join(', ') : 'the alerts channel (no license owner in the roster)';
  const blocks: Block[] = [
    header('Overdue: the shared trial license key is not rotated'),
    section(
      `:rotating_light: The shared trial license key was due for rotation on ${humanDay(v.dueOn)}. ${owners} ${v.ownerIds.length === 1 ? 'was' : 'were'} reminded ${slackDate(v.remindedAt, '{date_short_pretty}')} and no rotation has been recorded since.`,
    ),
    keyFacts(),
    context(lastRotationText(v)),
    rotatedButton(v),
  ];
  return message(`Overdue: the shared trial license key (due ${humanDay(v.dueOn)}) has not been rotated.`, blocks);
}

/** What the reminder becomes once the rotation is recorded. */
export function licenseRotatedNotice(r: { by: string; at: string; nextDueOn: string }): SlackMessage {
  return message(`The shared trial license key rotation is recorded.`, [
    section(
      `:white_check_mark: Shared trial license key rotated — recorded by ${mention(r.by)} ${slackDate(r.at)}. The next reminder is due ${humanDay(r.nextDueOn)}.`,
    ),
  ]);
}
