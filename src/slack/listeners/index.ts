import type { App } from '@slack/bolt';
import { answerFailures } from './answer-failures.js';
import type { Config } from '../../config.js';
import type { Db } from '../../db/open-database.js';
import type { Logger } from '../../logger.js';
import { ActionId, ViewId } from '../../messages/slack/ids.js';
import { onDisqualify, onDisqualifySubmit, onOpportunityCreated, onQualify } from './triage-buttons.js';
import { registerLifecycleListeners } from './lifecycle.js';
import { registerReminderListeners } from './reminders.js';
import { onAppHomeOpened } from './app-home.js';

export interface ListenerDeps {
  db: Db;
  config: Config;
  logger: Logger;
  now: () => Date;
}

/** Wires every action, view and command id to its handler. */
export function registerListeners(app: App, deps: ListenerDeps): void {
  app.action(ActionId.Qualify, answerFailures(deps, 'qualify', onQualify(deps)) as never);
  app.action(ActionId.Disqualify, answerFailures(deps, 'disqualify', onDisqualify(deps)) as never);
  app.action(ActionId.OpportunityCreated, answerFailures(deps, 'opportunity', onOpportunityCreated(deps)) as never);
  app.view(ViewId.DisqualifyReason, answerFailures(deps, 'disqualify-submit', onDisqualifySubmit(deps)) as never);
  app.event('app_home_opened', onAppHomeOpened(deps) as never);
  registerLifecycleListeners(app, deps);
  registerReminderListeners(app, deps);
}
