// What the weekly digest shows: loaded from the database by stores/views/weekly-digest-view.ts,
// drawn by messages/slack/weekly-digest.ts. Shapes only; here so both can name them.
import type { MilestoneKind } from './deadlines.js';
import type { FunnelRow } from './funnel.js';

export interface OverdueDecision {
  trialId: string;
  company: string | null;
  domain: string;
  kind: MilestoneKind;
  /** The local date the decision was due. */
  dueOn: string;
  escalated: boolean;
  ceId: string | null;
  aeId: string | null;
  spaceChannelId: string | null;
}

export interface StalledProvisioning {
  trialId: string;
  company: string | null;
  domain: string;
  /** When the instance was asked for: the qualifying decision, the signup (pre-qualified) or leaving the capacity queue. */
  since: string;
  ceId: string | null;
  spaceChannelId: string | null;
  issueUrl: string | null;
  issueNumber: number | null;
}

export interface WeeklyDigestView {
  /** The digest's week (its Monday, a local date). */
  week: string;
  /** The week's rows, one per case and the total (`funnelCases` order). */
  rows: FunnelRow[];
  /**
   * The total row of each of the AVERAGE_WEEKS weeks before it, oldest first; weeks before the
   * first trial ever are left out (trialbot was not running then: they would drag the average down).
   */
  previous: FunnelRow[];
  overdue: OverdueDecision[];
  /** `sinceOn`: the local date it has waited since. */
  stalled: Array<StalledProvisioning & { sinceOn: string }>;
  /** The local date the digest is drawn on, and the instant. */
  today: string;
  now: string;
}
