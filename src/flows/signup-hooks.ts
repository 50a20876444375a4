import type { Config } from '../config.js';
import { escapeMrkdwn, mention } from '../core/mrkdwn.js';
import { recordEffect } from '../outbox/record-effect.js';
import { personByEmail } from '../people/people-store.js';
import { audit } from '../trials/audit-log.js';
import { getTrial, updateTrial } from '../trials/trial-store.js';
import type { SignupHooks } from './accept-signup.js';
import { assignTrialOwners, recordTouch } from './assign-owners.js';
import { checkPoolLevel, recordOpenSpace, recordWelcomeEmail, requestInstanceOrQueue } from './onboarding-effects.js';
import { startTrialClock } from './start-trial-clock.js';

/** What a routed signup sets in motion beyond its alert. */
export function signupHooks(config: Config): SignupHooks {
  return {
    onPrequalifiedTrial(db, trial, now) {
      const account = db.prepare('SELECT * FROM accounts WHERE domain = ?').get(trial.account_domain) as { named_sdr_email: string | null } | undefined;
      const owners = assignTrialOwners(db, trial, now, config.TIMEZONE);
      const namedSdr = trial.case_code === '2.1' ? personByEmail(db, account?.named_sdr_email, 'sdr') : undefined;
      updateTrial(db, trial.id, { ae_id: owners.ae?.slackUserId ?? null, ce_id: owners.ce?.slackUserId ?? null, named_sdr_id: namedSdr?.slack_user_id ?? null }, now);
      audit(
        db,
        {
          trialId: trial.id,
          actor: 'trialbot',
          action: 'assigned owners',
          detail: `AE ${owners.ae?.slackUserId ?? 'none'} (${owners.ae?.reason ?? 'nobody eligible'}), CE ${owners.ce?.slackUserId ?? 'none'} (${owners.ce?.reason ?? 'nobody eligible'})`,
        },
        now,
      );
      recordTouch(db, trial, owners.ae?.slackUserId ?? null, 'assigned', now);
      recordTouch(db, trial, owners.ce?.slackUserId ?? null, 'assigned', now);
      recordOpenSpace(db, trial.id, now);
      if (trial.instance_url) {
        startTrialClock(db, trial.id, now, config.TIMEZONE, now);
      } else {
        // Pool empty: the same path as a qualified Case 3 lead.
        requestInstanceOrQueue(db, config, getTrial(db, trial.id)!, now);
        recordWelcomeEmail(db, getTrial(db, trial.id)!, now);
      }
      checkPoolLevel(db, now);
    },
    onExistingInstanceSignup(db, trial, signupId, now) {
      const signup = db.prepare('SELECT email, name FROM signups WHERE id = ?').get(signupId) as { email: string; name: string | null };
      const who = signup.name ? `${signup.name} (${signup.email})` : signup.email;
      recordEffect(
        db,
        {
          key: `case1:${signupId}`,
          kind: 'slack.post',
          trialId: trial.id,
          payload: {
            to: { trialSpace: trial.id },
            text: `:wave: ${escapeMrkdwn(who)} from ${escapeMrkdwn(trial.domain)} signed up and was sent to this instance. ${trial.ae_id ? mention(trial.ae_id) : 'AE'}: please make sure they get added to it (unless SSO is set up, the instance admin has to invite them).`,
          },
        },
        now,
      );
    },
  };
}
