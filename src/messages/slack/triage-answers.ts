import { mention } from '../../core/mrkdwn.js';
import type { TriageRefusal } from '../../core/triage.js';
import { TRIAL_GONE } from './lifecycle-answers.js';

/** What a person is told when a click or command changes nothing. */
export function triageRefusalText(r: TriageRefusal): string {
  switch (r.refused) {
    case 'unknown_trial':
      return TRIAL_GONE;
    case 'not_inbound_sdr':
      return ':no_entry_sign: Only inbound SDRs can qualify or disqualify cloud trial leads. Nothing was changed.';
    case 'not_case_3':
      return 'This signup was routed automatically (not Case 3): there is nothing to qualify.';
    case 'already_decided':
      return `This lead was already ${r.decision ?? 'decided'}${r.by ? ` by ${mention(r.by)}` : ''}. Nothing was changed.`;
  }
}
