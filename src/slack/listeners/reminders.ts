import type { App } from '@slack/bolt';
import type { ListenerDeps } from '../register-listeners.js';

/** Buttons in the jobs' reminders that are not trial commands (license rotated). */
export function registerReminderListeners(_app: App, _deps: ListenerDeps): void {}
