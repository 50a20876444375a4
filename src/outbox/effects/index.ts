import type { EffectHandler } from '../effect-handler.js';
import { postSignupAlert, refreshTrialAlert } from './signup-alert.js';
import { slackPost, slackReport } from './slack-post.js';

/** Every kind of effect the worker can carry out. */
export const effectHandlers: EffectHandler[] = [postSignupAlert, refreshTrialAlert, slackPost, slackReport];
