import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { ActionId, ViewId } from '../../messages/slack/ids.js';
import { answerFailures } from './answer-failures.js';
import { onAppHomeOpened, redrawHomeAfterClick } from './app-home.js';
import { onReassign, onReassignSubmit } from './reassign.js';
import { onRetryEffect } from './retry-effect.js';
import { onSnooze, onWelcomed } from './loop-buttons.js';
import type { ListenerDeps } from './deps.js';
import { onConvertButton, onExtendButton, onFeedbackSent, onTerminateButton, onTrialCommand } from './lifecycle.js';
import { onLicenseRotated } from './reminders.js';
import { onHistory } from './history.js';
import { onReopen } from './reopen.js';
import { onDisqualify, onDisqualifySubmit, onOpportunityCreated, onQualify } from './triage-buttons.js';

export type { ListenerDeps };

type Listener = (args: any) => Promise<unknown>;
type Handler = (deps: ListenerDeps) => Listener;

// Bolt wants `Promise<void>`; a listener's result is never used, so it is dropped here rather than
// every listener's type bent to say so.
const returningVoid =
  (listener: Listener) =>
  async (args: any): Promise<void> => {
    await listener(args);
  };

// Every id the bot answers, and who answers it: the one place to look, and what the HTTP gate lets
// through (anything else is acknowledged and dropped before Bolt).
const actions: Record<string, Handler> = {
  [ActionId.Qualify]: (d) => answerFailures(d, 'qualify', onQualify(d)),
  [ActionId.Disqualify]: (d) => answerFailures(d, 'disqualify', onDisqualify(d)),
  [ActionId.OpportunityCreated]: (d) => answerFailures(d, 'opportunity', onOpportunityCreated(d)),
  [ActionId.Extend]: onExtendButton,
  [ActionId.Terminate]: onTerminateButton,
  [ActionId.Convert]: onConvertButton,
  [ActionId.FeedbackSent]: onFeedbackSent,
  [ActionId.LicenseRotated]: (d) => answerFailures(d, 'license-rotated', onLicenseRotated(d)),
  [ActionId.History]: (d) => answerFailures(d, 'history', onHistory(d)),
  [ActionId.Reopen]: (d) => answerFailures(d, 'reopen', onReopen(d)),
  [ActionId.Reassign]: (d) => answerFailures(d, 'reassign', onReassign(d)),
  [ActionId.RetryEffect]: (d) => answerFailures(d, 'retry-effect', onRetryEffect(d)),
  [ActionId.Welcomed]: (d) => answerFailures(d, 'welcomed', onWelcomed(d)),
  [ActionId.Snooze]: (d) => answerFailures(d, 'snooze', onSnooze(d)),
};
const views: Record<string, Handler> = {
  [ViewId.DisqualifyReason]: (d) => answerFailures(d, 'disqualify-submit', onDisqualifySubmit(d)),
  [ViewId.Reassign]: (d) => answerFailures(d, 'reassign-submit', onReassignSubmit(d)),
};
const commands: Record<string, Handler> = { '/trial': onTrialCommand };
const events: Record<string, Handler> = { app_home_opened: onAppHomeOpened };

/** The ids listened for, for the HTTP gate. */
export const listenedIds = {
  actions: Object.keys(actions),
  views: Object.keys(views),
  commands: Object.keys(commands),
  events: Object.keys(events),
};

/** A pattern that matches exactly these ids. */
const exactly = (ids: string[]) => new RegExp(`^(?:${ids.map((id) => id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})$`);

/**
 * Wires every action, view, command and event to its handler. One Bolt listener per kind, which
 * looks the handler up by id: Bolt runs every registered listener's middleware chain for every
 * request, and with one listener per id that matching was ~13 % of an ack's CPU.
 */
export function registerListeners(app: App, deps: ListenerDeps): void {
  const actionListeners = new Map(Object.entries(actions).map(([id, handler]) => [id, handler(deps)]));
  app.action(
    exactly([...actionListeners.keys()]),
    returningVoid(async (args: { action: { action_id: string }; body?: unknown; client?: WebClient }) => {
      const listener = actionListeners.get(args.action.action_id);
      if (!listener) return;
      await listener(args);
      await redrawHomeAfterClick(args, deps);
    }),
  );
  const viewListeners = new Map(Object.entries(views).map(([id, handler]) => [id, handler(deps)]));
  app.view(
    exactly([...viewListeners.keys()]),
    returningVoid(async (args: { view: { callback_id: string } }) => viewListeners.get(args.view.callback_id)?.(args)),
  );
  for (const [id, handler] of Object.entries(commands)) app.command(id, returningVoid(handler(deps)));
  for (const [id, handler] of Object.entries(events)) app.event(id, returningVoid(handler(deps)));
}
