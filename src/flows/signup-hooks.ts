import type { Config } from '../config.js';
import type { SignupHooks } from './accept-signup.js';

/** What a routed signup sets in motion beyond its alert. */
export function signupHooks(_config: Config): SignupHooks {
  return {};
}
