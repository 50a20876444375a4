import type { Db } from '../src/db/open-database.js';
import { userText } from '../src/core/mrkdwn.js';
import type { TrialRow } from '../src/trials/trial-row.js';
import { findTrial, trialBySpaceChannel } from '../src/trials/trial-store.js';
import type { CommandAnswer } from './command-context.js';

export type ResolvedTrial = { trial: TrialRow } | { answer: CommandAnswer };

/**
 * The trial a command is about: the one named, else the channel's own.
 * A name may be the trial's id, its channel (`acme`, `cloud-trial-acme`,
 * `#cloud-trial-acme`, or Slack's `<#C…|name>` form) or its domain.
 */
export function resolveTrial(db: Db, channel: string, trialRef: string | undefined, example: string): ResolvedTrial {
  if (trialRef) {
    const channelRef = /^<#([CG][A-Z0-9]+)(?:\|([^>]*))?>$/.exec(trialRef);
    const trial = channelRef ? (trialBySpaceChannel(db, channelRef[1]!) ?? (channelRef[2] ? findTrial(db, channelRef[2]) : undefined)) : findTrial(db, trialRef);
    if (trial) return { trial };
    const shown = channelRef?.[2] ?? trialRef;
    const text = `:grey_question: I don't know a trial called “${userText(shown, 80)}”. Try \`/trial list\` for yours, or name it by its channel, domain or id.`;
    return { answer: { text } };
  }
  const trial = trialBySpaceChannel(db, channel);
  if (trial) return { trial };
  return {
    answer: {
      text: `:grey_question: Name the trial: this channel is not a trial’s channel. For example \`/trial ${example}\`, with the trial’s channel name (\`acme\`), domain or id. \`/trial list\` shows yours.`,
    },
  };
}
