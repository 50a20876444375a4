import type { AllMiddlewareArgs, BlockAction, OverflowAction, SlackActionMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';
import { brandOf } from '../../core/brand.js';
import { endedStatuses } from '../../core/trial.js';
import { assignOwner } from '../../flows/assign-owner.js';
import { BlockId } from '../../messages/slack/ids.js';
import { reassignModal } from '../../messages/slack/reassign-modal.js';
import { reassignAnswer, REASSIGN_ADMINS_ONLY, reassignRefusal } from '../../messages/slack/reassign-answers.js';
import { hasRole, peopleWithRole, personById } from '../../stores/people-store.js';
import { getTrial } from '../../stores/trial-store.js';
import type { ListenerDeps } from './deps.js';
import { publishHome } from './app-home.js';
import { postEphemeralOrDm } from './post-ephemeral-or-dm.js';
import { inputValue } from './view-input.js';

const menuChoice = z.object({ role: z.enum(['ae', 'ce']), trialId: z.string().min(1).max(64) });
const modalState = z.object({ trialId: z.string().min(1).max(64), role: z.enum(['ae', 'ce']) });

/** The roster's eligible people for the role: who round robin could pick, who an admin may pick. */
function eligible(deps: ListenerDeps, role: 'ae' | 'ce') {
  return peopleWithRole(deps.db, role)
    .filter((p) => p.eligible === 1)
    .map((p) => ({ slackUserId: p.slack_user_id, name: p.name, email: p.email }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** "Reassign the AE/CE…" on an admin's Home tab: the form, or why not. */
export function onReassign(deps: ListenerDeps) {
  return async ({ ack, body, action, client }: SlackActionMiddlewareArgs<BlockAction<OverflowAction>> & AllMiddlewareArgs) => {
    await ack();
    const user = body.user.id;
    if (!hasRole(deps.db, user, 'admin')) return postEphemeralOrDm(client, deps, null, user, REASSIGN_ADMINS_ONLY);
    const [role, ...rest] = (action.selected_option?.value ?? '').split(':');
    const choice = menuChoice.safeParse({ role, trialId: rest.join(':') });
    const trial = choice.success ? getTrial(deps.db, choice.data.trialId) : undefined;
    if (!choice.success || !trial) return postEphemeralOrDm(client, deps, null, user, reassignRefusal('unknown'));
    if (endedStatuses.includes(trial.status) || trial.status === 'triage')
      return postEphemeralOrDm(client, deps, null, user, reassignRefusal('not_open', trial));
    const currentId = choice.data.role === 'ae' ? trial.ae_id : trial.ce_id;
    await client.views.open({
      trigger_id: body.trigger_id,
      view: reassignModal(
        { trialId: trial.id, role: choice.data.role },
        { company: trial.company, domain: trial.domain, currentId, currentName: personById(deps.db, currentId)?.name ?? null },
        eligible(deps, choice.data.role),
      ),
    });
  };
}

/** The form sent: the same assignment as `admin -- assign`, by this admin, audited under their name. */
export function onReassignSubmit(deps: ListenerDeps) {
  return async ({ ack, body, view, client }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs) => {
    const user = body.user.id;
    const refuse = (message: string) => ack({ response_action: 'errors', errors: { [BlockId.ReassignPerson]: message } });
    if (!hasRole(deps.db, user, 'admin')) return refuse(REASSIGN_ADMINS_ONLY);
    let metadata: unknown = null;
    try {
      metadata = JSON.parse(view.private_metadata);
    } catch {
      // a forged or stale form: refused below
    }
    const state = modalState.safeParse(metadata);
    if (!state.success) return refuse('This form is out of date: close it and pick Reassign again.');
    const picked = inputValue(view, BlockId.ReassignPerson).selected;
    const person = eligible(deps, state.data.role).find((p) => p.slackUserId === picked);
    if (!person) return refuse(`Pick someone from the list: only eligible ${state.data.role.toUpperCase()}s in the roster can take a trial.`);
    let outcome: ReturnType<typeof assignOwner>;
    try {
      outcome = assignOwner(deps.db, state.data.trialId, state.data.role, person.email, brandOf(deps.config), deps.now(), user);
    } catch (error) {
      // assignOwner's refusals are one-line reasons meant for the person (ended, still in triage, unknown).
      return refuse((error as Error).message.slice(0, 300));
    }
    await ack();
    await postEphemeralOrDm(client, deps, null, user, reassignAnswer(outcome));
    await publishHome(client, deps, user).catch((error: Error) => deps.logger.info({ err: error.message, user }, 'could not redraw the Home tab'));
  };
}
