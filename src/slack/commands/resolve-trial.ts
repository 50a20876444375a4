import type { Db } from '../../db/open-database.js';
import { channelLink, mention, userText } from '../../core/mrkdwn.js';
import type { TrialRow } from '../../core/trial.js';
import { lookupTrial, trialBySpaceChannel, type TrialLookup } from '../../stores/trial-store.js';
import type { CommandAnswer } from './command-context.js';

export type ResolvedTrial = { trial: TrialRow } | { answer: CommandAnswer };

function candidateLine(t: TrialRow): string {
  const where = t.space_channel_id ? channelLink(t.space_channel_id) : 'no channel';
  return `• \`${userText(t.id, 20)}\` *${userText(t.company ?? t.domain, 100)}* · ${userText(t.prospect_email, 254)} · ${userText(t.status, 20)} · ${where} · CE ${mention(t.ce_id)}`;
}

/** Several trials answer to the name: list them and let the person pick, rather than act on a guess. */
function ambiguousAnswer(shown: string, found: Extract<TrialLookup, { ambiguous: TrialRow[] }>, example: string): CommandAnswer {
  const [subcommand] = example.split(' ');
  const why = found.personal
    ? `“${userText(shown, 80)}” is a personal-mail domain: it names no company, so it cannot name a trial.`
    : `Several open trials have the domain “${userText(shown, 80)}”.`;
  const first = found.ambiguous[0];
  return {
    text:
      `:grey_question: ${why} Name the one you mean by its id or channel, e.g. \`/trial ${subcommand} ${userText(first?.id ?? 'tr_…', 20)}\`. Nothing was changed.\n` +
      found.ambiguous.map(candidateLine).join('\n'),
  };
}

/**
 * The trial a command is about: the one named, else the channel's own.
 * A name may be the trial's id, its channel (`acme`, `cloud-trial-acme`,
 * `#cloud-trial-acme`, or Slack's `<#C…|name>` form) or its domain.
 */
export function resolveTrial(db: Db, channel: string, trialRef: string | undefined, example: string): ResolvedTrial {
  if (trialRef) {
    const channelRef = /^<#([CG][A-Z0-9]+)(?:\|([^>]*))?>$/.exec(trialRef);
    const inSpace = channelRef ? trialBySpaceChannel(db, channelRef[1] ?? '') : undefined;
    const shown = channelRef?.[2] ?? trialRef;
    const found: TrialLookup = inSpace ? { trial: inSpace } : channelRef && !channelRef[2] ? { none: true } : lookupTrial(db, shown);
    if ('trial' in found) return { trial: found.trial };
    if ('ambiguous' in found) return { answer: ambiguousAnswer(shown, found, example) };
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
