import { PROMPT_EXTENSION_DAYS } from '../../core/deadlines.js';
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { runTrialCommand, type CommandAnswer } from '../commands/index.js';
import { convertTrial } from '../../flows/convert-trial.js';
import { extendTrial } from '../../flows/extend-trial.js';
import { recordFeedbackSent } from '../../flows/record-feedback-sent.js';
import { terminateTrial } from '../../flows/terminate-trial.js';
import { feedbackRequestView } from '../../stores/views/load-feedback-request.js';
import { feedbackRequest } from '../../messages/slack/feedback-request.js';
import { COULD_NOT_RECORD, convertAnswerText, extendAnswerText, feedbackRefusalText, terminateAnswerText } from '../../messages/slack/lifecycle-answers.js';
import type { ListenerDeps } from './deps.js';
import { postEphemeralOrDm } from './post-ephemeral-or-dm.js';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

const where = (body: BlockAction) => ({
  channel: body.container?.channel_id ?? body.channel?.id ?? null,
  ts: body.container?.message_ts ?? body.message?.ts ?? null,
});

const failed = COULD_NOT_RECORD;
const outOfDate = ':grey_question: This button is out of date. Use `/trial` instead (`/trial help` shows how).';

/**
 * `/trial`: decided within Slack's 3 seconds (one SQLite transaction) and
 * answered in the acknowledgement itself, which Slack shows only to the
 * person who typed it. The slow parts (issues, posts) are outbox effects.
 */
export function onTrialCommand(deps: ListenerDeps) {
  return async ({ ack, command }: SlackCommandMiddlewareArgs & AllMiddlewareArgs) => {
    let answer: CommandAnswer;
    try {
      answer = runTrialCommand(
        {
          db: deps.db,
          config: deps.config,
          user: command.user_id,
          channel: command.channel_id,
          submission: `command:${command.trigger_id || command.user_id}`,
          now: deps.now(),
        },
        command.text ?? '',
      );
    } catch (error) {
      deps.logger.error({ err: error as Error, user: command.user_id }, '/trial failed');
      answer = { text: failed };
    }
    await ack({ response_type: 'ephemeral', text: answer.text, ...(answer.blocks ? { blocks: answer.blocks } : {}) });
  };
}

/** A prompt button's click: the trial (its value) and the prompt it answers (its actions block). */
interface PromptClick {
  trialId: string;
  /** A prompt's button, or the same button on the person's Home tab (which answers no prompt). */
  source: 'button' | 'home';
  /** What makes a redelivered click the same click. */
  submission: string;
  /** The milestone whose prompt the button is on; absent when the block does not name one. */
  prompt?: number;
  user: string;
}

/** A button that does what a subcommand does (the deadline prompts'), answered with a postEphemeralOrDm. */
function lifecycleButton(deps: ListenerDeps, decide: (click: PromptClick) => string) {
  return async ({ ack, body, action, client }: ButtonArgs) => {
    await ack();
    const { channel } = where(body);
    let text: string;
    try {
      const trialId = promptButtonTrial(action.value ?? '');
      const prompt = promptOfBlock(action.block_id);
      const fromHome = (body as { view?: { type?: string } }).view?.type === 'home';
      const click = { trialId, user: body.user.id, source: fromHome ? ('home' as const) : ('button' as const), submission: `click:${body.trigger_id}` };
      text = trialId ? decide({ ...click, trialId, ...(prompt !== undefined && !fromHome ? { prompt } : {}) }) : outOfDate;
    } catch (error) {
      deps.logger.error({ err: error as Error, action: action.action_id, user: body.user.id }, 'lifecycle button failed');
      text = failed;
    }
    await postEphemeralOrDm(client, deps, channel, body.user.id, text);
  };
}

/**
 * The trial a prompt button's value names. Prompts carry it alone; those already in Slack
 * may follow it with their milestone and Extend's 15 days (`trial:7:15`, `trial:7`) or with
 * the days alone (`trial:15`): the prompt is the block's to say, and Extend is always 15 days.
 */
export function promptButtonTrial(value: string): string | null {
  return /^([^:]+)(?::\d{1,15}){0,2}$/.exec(value)?.[1] ?? null;
}

/** The milestone of a prompt's actions block (`deadline:<id>`), every prompt's since they had buttons. */
export function promptOfBlock(blockId: string | undefined): number | undefined {
  const id = /^deadline:(\d{1,15})$/.exec(blockId ?? '')?.[1];
  return id === undefined ? undefined : Number(id);
}

const promptDays = PROMPT_EXTENSION_DAYS;

export function onExtendButton(deps: ListenerDeps) {
  return lifecycleButton(deps, ({ trialId, prompt, user, source, submission }) =>
    extendAnswerText(
      extendTrial(
        deps.db,
        deps.config,
        trialId,
        user,
        { days: promptDays, reason: null, source, ...(source === 'home' ? { submission } : {}), ...(prompt !== undefined ? { prompt } : {}) },
        deps.now(),
      ),
      promptDays,
    ),
  );
}

export function onTerminateButton(deps: ListenerDeps) {
  return lifecycleButton(deps, ({ trialId, prompt, user, source }) =>
    terminateAnswerText(terminateTrial(deps.db, deps.config, trialId, user, { reason: null, source, ...(prompt !== undefined ? { prompt } : {}) }, deps.now())),
  );
}

export function onConvertButton(deps: ListenerDeps) {
  return lifecycleButton(deps, ({ trialId, prompt, user, source }) =>
    convertAnswerText(convertTrial(deps.db, deps.config, trialId, user, { source, ...(prompt !== undefined ? { prompt } : {}) }, deps.now())),
  );
}

/** "Feedback sent" under a feedback request: recorded once, and the request updated in place. */
export function onFeedbackSent(deps: ListenerDeps) {
  return async ({ ack, body, action, client }: ButtonArgs) => {
    await ack();
    const { channel, ts } = where(body);
    const trialId = action.value ?? '';
    let outcome: ReturnType<typeof recordFeedbackSent>;
    try {
      outcome = recordFeedbackSent(deps.db, trialId, body.user.id, deps.now());
    } catch (error) {
      deps.logger.error({ err: error as Error, trial: trialId }, 'recording feedback sent failed');
      return postEphemeralOrDm(client, deps, channel, body.user.id, failed);
    }
    if ('refused' in outcome) return postEphemeralOrDm(client, deps, channel, body.user.id, feedbackRefusalText(outcome));
    const view = feedbackRequestView(deps.db, trialId, deps.config.TIMEZONE);
    if (channel && ts && view) {
      try {
        const content = feedbackRequest(view, { withButton: false });
        await client.chat.update({ channel, ts, text: content.text, blocks: content.blocks });
        return;
      } catch (error) {
        // The record is what matters; the message is only its picture.
        deps.logger.info({ err: (error as Error).message, trial: trialId }, 'could not update the feedback request in place');
      }
    }
    await postEphemeralOrDm(client, deps, channel, body.user.id, ':white_check_mark: Recorded: the feedback request was sent.');
  };
}
