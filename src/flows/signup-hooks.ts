import { welcomeAsk } from '../messages/slack/loop-reminders.js';
import { brandOf } from '../core/brand.js';
import { accountOf } from '../stores/account-store.js';
import type { Config } from '../config.js';
import { escapeMrkdwn, link, mention } from '../core/mrkdwn.js';
import { recordEffect } from '../stores/record-effect.js';
import { personByEmail } from '../stores/people-store.js';
import { audit } from '../stores/audit-log.js';
import { updateTrial, trialNow } from '../stores/trial-store.js';
import type { JoinedSignup, SignupHooks } from './accept-signup.js';
import { assignTrialOwners, leadSdrFor, ownersDetail, recordTouch } from './assign-owners.js';
import { checkPoolLevel, requestInstanceOrQueue } from './capacity.js';
import { recordMissingOwners, recordOpenSpace, recordSpacePost } from './record-messages.js';
import { recordExistingInstanceEmail, recordIntroductionEmail, recordWelcomeEmail } from './welcome-email.js';
import { peopleWithRole } from '../stores/people-store.js';
import { startTrialClock } from './start-trial-clock.js';

function signupWho(signup: JoinedSignup): string {
  return escapeMrkdwn(signup.name ? `${signup.name} (${signup.email})` : signup.email);
}

/** Nobody is the company's AE yet: the admins are asked to pick one. */
function noAeYet(db: Parameters<NonNullable<SignupHooks['onJoinedTrial']>>[0]): string {
  const admins = peopleWithRole(db, 'admin').map((p) => mention(p.slack_user_id));
  return admins.length
    ? `No AE is known for this company, so ${admins.join(' ')} (admins): please give it one (Reassign, on your Home tab) and`
    : 'No AE is known for this company yet. Whoever takes it:';
}

const addedPlease = '(unless SSO is set up, the instance admin has to invite them)';

/** What a routed signup sets in motion beyond its alert. */
export function signupHooks(config: Config): SignupHooks {
  return {
    onPrequalifiedTrial(db, trial, now) {
      const account = accountOf(db, trial.account_domain);
      const owners = assignTrialOwners(db, trial, now, config.TIMEZONE);
      const namedSdr = trial.case_code === '2.1' ? personByEmail(db, account?.named_sdr_email, 'sdr') : undefined;
      updateTrial(
        db,
        trial.id,
        {
          ae_id: owners.ae?.slackUserId ?? null,
          ce_id: owners.ce?.slackUserId ?? null,
          named_sdr_id: namedSdr?.slack_user_id ?? null,
          // Rules of engagement: an SDR who worked the account in the last 30 days works this lead.
          sdr_id: owners.sdr?.slackUserId ?? null,
        },
        now,
      );
      audit(db, { trialId: trial.id, actor: 'trialbot', action: 'assigned owners', detail: ownersDetail(owners, owners.sdr) }, now);
      recordTouch(db, trial, owners.ae?.slackUserId ?? null, 'assigned', now, ['ae']);
      recordTouch(db, trial, owners.ce?.slackUserId ?? null, 'assigned', now, ['ce']);
      recordOpenSpace(db, trial.id, now);
      if (trial.instance_url) {
        startTrialClock(db, trial.id, now, config.TIMEZONE, now);
        const started = trialNow(db, trial.id);
        const emailed = recordIntroductionEmail(db, started, brandOf(config), now);
        // Seed 002, second step: the CE's own welcome offering a white-glove setup. The button closes the loop.
        const ask = welcomeAsk(
          `:wave: ${mention(started.ce_id)}: *${escapeMrkdwn(started.company ?? started.domain)}* was handed a pre-provisioned instance at signup (the prospect has its password link)` +
            `${emailed ? '; trialbot sent them your introduction, you and the AE in copy' : ''}. Reach out with a white-glove setup offer, then click *Sent the welcome*.`,
          started.id,
        );
        recordSpacePost(db, started.id, `ready:space:${started.id}`, { text: ask.text, blocks: ask.blocks }, now);
      } else {
        // Pool empty: the same path as a qualified Case 3 lead.
        requestInstanceOrQueue(db, config, trialNow(db, trial.id), now);
        recordWelcomeEmail(db, trialNow(db, trial.id), brandOf(config), now);
      }
      recordMissingOwners(db, trialNow(db, trial.id), now);
      checkPoolLevel(db, now, config.TIMEZONE);
    },
    onTriageTrial(db, trial, now) {
      const sdr = leadSdrFor(db, trial, now, config.TIMEZONE);
      if (!sdr) return;
      updateTrial(db, trial.id, { sdr_id: sdr.slackUserId }, now);
      audit(
        db,
        {
          trialId: trial.id,
          actor: 'trialbot',
          action: 'routed to SDR',
          detail: `${sdr.slackUserId}: a touch on the account in the last 30 days (rules of engagement)`,
        },
        now,
      );
    },
    onJoinedTrial(db, trial, signup, now) {
      const who = signupWho(signup);
      const company = escapeMrkdwn(trial.company ?? trial.domain);
      // Whoever makes sure they get added: the AE, or (none yet) the admins, asked to pick one.
      const ae = trial.ae_id ? mention(trial.ae_id) : noAeYet(db);
      if (trial.status === 'triage') {
        // Still the SDR's call: say so under the alert the decision is made on.
        const text =
          `:busts_in_silhouette: Another person from *${company}* signed up: ${who}. ` +
          `They join this lead (no second trial was opened)${trial.sdr_id ? `; ${mention(trial.sdr_id)} has worked the account recently` : ''}.`;
        recordEffect(db, { key: `join:${signup.id}`, kind: 'slack.post', trialId: trial.id, payload: { to: { trialAlertThread: trial.id }, text } }, now);
        return;
      }
      // Ready: running, or past its trial with the instance kept (an existing or converted customer).
      const ready = trial.status === 'active' || trial.status === 'existing' || trial.status === 'converted';
      const text =
        ready && trial.instance_url
          ? `:wave: ${who} from *${company}* signed up and was sent to ${link(trial.instance_url, trial.instance_url)}, the company's instance. ` +
            `${ae}${trial.ae_id ? ':' : ''} please make sure they get added to it ${addedPlease}.`
          : `:wave: Another person from *${company}* signed up: ${who} joins this trial (${ready ? 'the instance is ready, its URL not yet known' : 'its instance is not ready yet'}); ` +
            `no second trial was opened. ${ae}${trial.ae_id ? ':' : ''} please make sure they get added to the instance${ready ? '' : ' once it is ready'} ${addedPlease}.`;
      recordSpacePost(db, trial.id, `join:${signup.id}`, { text }, now);
      if (ready) recordExistingInstanceEmail(db, trial, { signupId: signup.id, email: signup.email, name: signup.name }, brandOf(config), now);
    },
    onExistingInstance(db, trial, signup, now) {
      // Seed 002, Case 1: the AE makes sure they get added. The account's AE, when the accounts list names one.
      const ae = personByEmail(db, accountOf(db, trial.domain)?.ae_email, 'ae');
      if (ae?.role !== 'ae') return;
      updateTrial(db, trial.id, { ae_id: ae.slack_user_id }, now);
      audit(db, { trialId: trial.id, actor: 'trialbot', action: 'assigned owners', detail: `AE ${ae.slack_user_id} (the account's AE)` }, now);
      recordExistingInstanceEmail(db, trialNow(db, trial.id), { signupId: signup.id, email: signup.email, name: signup.name }, brandOf(config), now);
    },
  };
}
