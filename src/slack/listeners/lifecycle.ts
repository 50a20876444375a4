import type { App } from '@slack/bolt';
import type { ListenerDeps } from '../register-listeners.js';

/** `/trial` and the buttons that do what its subcommands do. */
export function registerLifecycleListeners(_app: App, _deps: ListenerDeps): void {}
