import type { FunnelRow } from '../../core/funnel.js';

/** One open trial on a Home tab. */
export interface HomeTrial {
  id: string;
  company: string | null;
  domain: string;
  caseCode: string;
  status: string;
  /** Day N of the trial (0: the day its instance was ready), and how many days it runs in all. */
  day: number | null;
  length: number | null;
  endsOn: string | null;
  /** The open decision due soonest (local date), if any. */
  nextDecisionOn: string | null;
  grade: string | null;
  openIssues: number;
  spaceChannelId: string | null;
  aeId: string | null;
  ceId: string | null;
  /** What the viewer is on it (null on the admin's team list). */
  role: 'CE' | 'AE' | 'SDR' | null;
}

/** A Case 3 lead waiting for an inbound SDR. */
export interface HomeLead {
  id: string;
  company: string | null;
  domain: string;
  email: string;
  createdAt: string;
}

/** Everything one person's Home tab shows. */
export interface AppHomeView {
  user: string;
  roles: string[];
  now: string;
  zone: string;
  mine: HomeTrial[];
  mineTotal: number;
  /** Inbound SDRs and admins: the leads waiting for triage, oldest first. */
  leads: HomeLead[] | null;
  leadsTotal: number;
  /** Admins: every open trial. */
  team: HomeTrial[] | null;
  teamTotal: number;
  /** Admins: the last four weeks' funnel, all cases. */
  funnel: FunnelRow[] | null;
}
