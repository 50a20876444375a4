import { link } from '../../core/mrkdwn.js';

/** Where the instance stands, never a bare placeholder beside "trial running". */
export function instanceText(v: { instanceUrl: string | null; status: string }): string {
  if (v.instanceUrl) return link(v.instanceUrl, v.instanceUrl);
  if (v.status === 'active' || v.status === 'existing') return 'ready; its address is not recorded yet';
  if (v.status === 'provisioning') return 'being set up by the cloud team';
  if (v.status === 'queued') return 'waiting for a free slot';
  return 'none';
}
