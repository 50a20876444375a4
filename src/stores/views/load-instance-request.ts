import type { Db } from '../../db/open-database.js';
import { instanceRequestIssue, type InstanceRequestFacts, type IssueDraft } from '../../messages/github/issue-bodies.js';
import { personById } from '../people-store.js';
import type { TrialRow } from '../../core/trial.js';

/** The channel the alerts (and in thread mode, every trial's space) live in, as people know it. */
const alertsChannelName = 'cloud-trial-alerts';

/**
 * Where the trial is discussed, once that exists. `space_name` alone is not enough: it holds
 * the name being tried while the channel is still being created.
 */
export function trialSpaceOf(trial: TrialRow, mode: 'channel' | 'thread'): InstanceRequestFacts['trialSpace'] {
  if (trial.space_channel_id && trial.space_name) return { channel: trial.space_name };
  if (trial.space_thread_ts || (mode === 'thread' && trial.alert_ts)) return { threadIn: alertsChannelName };
  return null;
}

/** The instance-request issue of a trial as its state is now: owners, space and all. */
export function instanceRequestDraft(db: Db, trial: TrialRow, mode: 'channel' | 'thread'): IssueDraft {
  const ce = personById(db, trial.ce_id);
  const ae = personById(db, trial.ae_id);
  return instanceRequestIssue({
    trialId: trial.id,
    company: trial.company,
    domain: trial.domain,
    requesterName: trial.prospect_name,
    requesterEmail: trial.prospect_email,
    ceEmail: ce?.email ?? `no CE could be assigned: see #${alertsChannelName}`,
    ceName: ce?.name ?? null,
    aeEmail: ae?.email ?? null,
    caseCode: trial.case_code,
    trialSpace: trialSpaceOf(trial, mode),
  });
}
