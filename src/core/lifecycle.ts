// What a lifecycle action (extend, terminate, convert, domain change, feedback sent) can answer:
// shared by the flows that decide it and the Slack answers that word it.
import { TRIAL_DAYS, type MilestoneKind } from './deadlines.js';
import { userText } from './mrkdwn.js';
import type { TrialRow } from './trial.js';

/** Why a lifecycle action changed nothing; each becomes a clear ephemeral answer. */
export type LifecycleRefusal =
  | { refused: 'unknown_trial' }
  | { refused: 'not_allowed'; trial: TrialRow }
  | { refused: 'ended'; trial: TrialRow }
  /** Still in triage, queued or being provisioned: there is no running trial yet. */
  | { refused: 'not_started'; trial: TrialRow }
  /** An instance from before trialbot: no trial clock to extend or convert. */
  | { refused: 'no_clock'; trial: TrialRow }
  /** Terminating an instance from before trialbot: an admin's call, and only once they confirm it. */
  | { refused: 'existing_admin_only'; trial: TrialRow }
  | { refused: 'existing_unconfirmed'; trial: TrialRow }
  | { refused: 'no_instance'; trial: TrialRow }
  | { refused: 'same_domain'; trial: TrialRow }
  /** The same command resent, or the same domain change asked for again. */
  | { refused: 'duplicate'; trial: TrialRow }
  /** A prompt's button, but no prompt is waiting for an answer: someone already answered it. */
  | { refused: 'prompt_answered'; trial: TrialRow }
  /** An older prompt's button, while a later decision waits: its "Extend 15 days" no longer means what it said. */
  | { refused: 'prompt_superseded'; trial: TrialRow; clicked: PromptRef | null; waiting: PromptRef };

/** A deadline prompt, as a person would name it: "the day-30 decision, due 2026-03-31". */
export interface PromptRef {
  kind: MilestoneKind;
  dueOn: string;
}

export type LifecycleAction = 'extend' | 'terminate' | 'convert' | 'domain';

/** How the person asked: the `/trial` command or a deadline prompt's button. */
/** A typed `/trial`, a deadline prompt's button, or a button on the person's Home tab (which answers no prompt). */
export type Source = 'command' | 'button' | 'home';

export type ExtendOutcome =
  | {
      ok: true;
      trial: TrialRow;
      previousEndOn: string | null;
      newEndOn: string;
      licenseChange: boolean;
      /** The end date had passed (an overdue answer), so the days count from today. */
      fromToday: boolean;
    }
  | LifecycleRefusal;
export type TerminateOutcome = { ok: true; trial: TrialRow; feedbackTo: string[]; released: string[] } | LifecycleRefusal;
export type ConvertOutcome = { ok: true; trial: TrialRow } | LifecycleRefusal;
export type DomainChangeOutcome = { ok: true; trial: TrialRow; vanity: string } | LifecycleRefusal;
export type FeedbackSentOutcome =
  { ok: true; trial: TrialRow } | { refused: 'unknown_trial' } | { refused: 'not_feedback_owner' } | { refused: 'already'; by: string; at: string };

/** Extend and convert need a running clock. */
export function runningRefusal(trial: TrialRow): LifecycleRefusal | null {
  if (trial.status === 'active') return null;
  if (trial.status === 'existing') return { refused: 'no_clock', trial };
  return { refused: 'not_started', trial };
}

/** The longest extension one request may ask for, and the shortest. */
export const MAX_EXTENSION_DAYS = 90;

export function validExtensionDays(days: number): boolean {
  return Number.isInteger(days) && days >= 1 && days <= MAX_EXTENSION_DAYS;
}

/** Past 15 days the instance's license must change: the cloud team's issue says so. */
export const LICENSE_CHANGE_AFTER_DAYS = TRIAL_DAYS;

/** " Reason: …" for a message, or nothing. */
export const reasonSuffix = (reason: string | null | undefined) => (reason ? ` Reason: ${userText(reason, 500)}` : '');

/**
 * The same person asking the same thing of the same trial within this window is one request said
 * twice (a retyped command, a second tab), whatever Slack's trigger id: answered "already done".
 */
export const REPEAT_WINDOW_MS = 60_000;

export function isRepeat(lastAt: string | null, now: Date): boolean {
  if (!lastAt) return false;
  const age = now.getTime() - Date.parse(lastAt);
  return age >= 0 && age < REPEAT_WINDOW_MS;
}

/** A request's arguments as one comparable text: case and spacing of a reason do not make it new. */
export function requestArgs(...parts: Array<string | number | null | undefined>): string {
  return JSON.stringify(parts.map((p) => (typeof p === 'string' ? p.trim().replace(/\s+/g, ' ').toLowerCase() : (p ?? null))));
}

/** A prompt as the rules see it. */
export interface PromptState {
  id: number;
  kind: MilestoneKind;
  dueOn: string;
}

/**
 * Which prompt a button's click answers. A prompt's button answers its own prompt when that is the
 * one waiting (the same prompt reaches the space and a DM, so any copy, any number of times, answers
 * once); an older prompt's button while a later decision waits changes nothing; a button that names
 * no prompt (sent before buttons carried it) answers whichever is waiting; with none waiting, someone
 * already answered.
 */
export function planPromptAnswer(
  waiting: PromptState | undefined,
  clickedId: number | undefined,
  clicked: PromptState | undefined,
): { answers: PromptState } | { refused: 'prompt_answered' } | { refused: 'prompt_superseded'; clicked: PromptRef | null; waiting: PromptRef } {
  const ref = (m: PromptState): PromptRef => ({ kind: m.kind, dueOn: m.dueOn });
  if (waiting && clickedId !== undefined && clickedId !== waiting.id) {
    return { refused: 'prompt_superseded', clicked: clicked ? ref(clicked) : null, waiting: ref(waiting) };
  }
  if (!waiting) return { refused: 'prompt_answered' };
  return { answers: waiting };
}

/**
 * The trial's end as things stand: its end date, or the decision now due when that is later
 * (day 30 prompted, or due, after an unanswered day 15). Extensions count from here.
 */
export function currentEndOn(endsOn: string | null, dueDecisionOn: string | null): string | null {
  const candidates = [endsOn, dueDecisionOn].filter((d): d is string => d !== null);
  return candidates.length > 0 ? candidates.reduce((a, b) => (a > b ? a : b)) : null;
}
