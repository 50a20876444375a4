/**
 * Which of the workflow's four cases a signup is, decided from what the
 * database knows about the email's domain. Contract §3, in its order, with
 * one addition: a company whose trial is still on its way (in triage, queued,
 * being provisioned, or running before its instance is linked) is one trial,
 * so a second person from it joins that trial instead of opening another.
 */
export type CaseCode = '1' | '2.1' | '2.2' | '3';

/** A trial of the domain that has not ended and has no live instance the domain routes to yet. */
export interface OpenTrialFact {
  id: string;
  caseCode: CaseCode;
  status: 'triage' | 'queued' | 'provisioning' | 'active';
}

/** Trial statuses that make a trial "open" for a later signup from the same domain. */
export const openTrialStatuses: readonly OpenTrialFact['status'][] = ['triage', 'queued', 'provisioning', 'active'];

export interface RoutingFacts {
  personal: boolean;
  /**
   * A live instance owned by the domain (its initial admin is at that domain), and the
   * trial it belongs to: none for an instance imported from before trialbot.
   */
  liveInstance: { url: string; trialId: string | null } | null;
  /** The domain's oldest open trial, if any. */
  openTrial?: OpenTrialFact | null;
  account: { prequalified: boolean; named: boolean } | null;
}

export interface RoutingDecision {
  case: CaseCode;
  why: string;
  /** Set when the signup joins this trial (the instance's, or the domain's open one) instead of opening one. */
  joinsTrial?: string;
}

export function routeSignup(facts: RoutingFacts): RoutingDecision {
  // Two people at gmail.com are two people, not one company: never joined to anything.
  if (facts.personal) return { case: '3', why: 'personal email: never matched to an instance or account' };
  if (facts.liveInstance) {
    const why = 'the domain already has a live instance';
    return facts.liveInstance.trialId ? { case: '1', why, joinsTrial: facts.liveInstance.trialId } : { case: '1', why };
  }
  if (facts.openTrial) {
    return {
      case: facts.openTrial.caseCode,
      why: `the domain already has an open trial (${facts.openTrial.status}): the signup joins it`,
      joinsTrial: facts.openTrial.id,
    };
  }
  if (facts.account?.prequalified && facts.account.named) {
    return { case: '2.1', why: 'pre-qualified domain of a named account' };
  }
  if (facts.account?.prequalified) return { case: '2.2', why: 'pre-qualified domain, not a named account' };
  return { case: '3', why: 'not pre-qualified: an inbound SDR decides' };
}

/** What each case means for the person reading the alert. */
export const caseMeaning: Record<CaseCode, string> = {
  '1': 'Their company already has an instance: the user was sent there. The AE makes sure they get added.',
  '2.1': 'Pre-qualified named account: a pre-provisioned instance was handed over. The named SDR converts to an opportunity.',
  '2.2': 'Pre-qualified account: a pre-provisioned instance was handed over, AE and CE assigned by round robin.',
  '3': 'Not pre-qualified: an inbound SDR qualifies or disqualifies this lead.',
};
