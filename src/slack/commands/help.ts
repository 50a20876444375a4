import { usage } from '../../messages/slack/usage.js';
import type { CommandAnswer } from './command-context.js';

/** `/trial help`, `/trial` alone, or anything the parser did not understand. */
export function helpCommand(problem?: string): CommandAnswer {
  return usage(problem);
}
