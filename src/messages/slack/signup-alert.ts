import { humanTime } from '../../core/human-date.js';
import { duration } from '../funnel-wording.js';
import { caseMeaning, type CaseCode } from '../../core/route-signup.js';
import { link, mention, userText } from '../../core/mrkdwn.js';
import { ActionId } from './ids.js';
import { actions, context, fields, header, message, section, slackDate, type Block, type SlackMessage } from './block-kit.js';

export interface SignupAlertView {
  trialId: string;
  caseCode: CaseCode;
  name: string | null;
  email: string;
  company: string | null;
  domain: string;
  personalEmail: boolean;
  instanceUrl: string | null;
  accountName: string | null;
  namedSdrId: string | null;
  aeId: string | null;
  ceId: string | null;
  /** Case 2.x with no pre-provisioned instance left. */
  poolEmpty: boolean;
  signedUpAt: string;
  /** Set once an SDR decided a Case 3 lead: the buttons give way to who did what. */
  decision?: { kind: 'qualified' | 'disqualified'; by: string; at: string; reason?: string | null } | null;
  /** A disqualification an inbound SDR may still undo, until then (ISO); null once it cannot be. */
  reopenableUntil?: string | null;
  /** Set once someone recorded the Salesforce conversion (2.x). */
  opportunity?: { by: string; at: string } | null;
  spaceChannelId?: string | null;
  queued?: boolean;
  /** The SDR who gets this lead by the rules of engagement (a touch on the account in the last 30 days). */
  leadSdrId?: string | null;
  /** Case 2.1: the roster's inbound SDRs, who route the lead to the named SDR; Case 3 undecided: those on duty today (at most `inboundSdrLimit`). */
  inboundSdrIds?: string[];
  /** How many more inbound SDRs there are beyond those listed. */
  inboundSdrMore?: number;
  /** This signup joined a trial already open for the company: its status. No buttons: the trial's own alert has them. */
  joinedTrial?: { status: string } | null;
  /** Case 1 without an AE: the admins, asked to give the company one. */
  adminIds?: string[];
  /** When the alert is drawn (a lead's age), the SLA it is held to, and the user group mentioned instead of the SDRs. */
  now?: string;
  zone?: string;
  /** The company's earlier trials that ended without a sale, newest first. */
  earlierTrials?: Array<{ status: string; endedAt: string; reason: string | null; by: string | null }>;
  slaMinutes?: number;
  sdrUsergroup?: string;
}

/** Mentioning every inbound SDR of a large team would be a broadcast; a few are enough to be seen. */
export const inboundSdrLimit = 5;

/** Case 1: who makes sure the new person gets added to their company's instance (seed 002). */
function existingInstanceText(v: SignupAlertView): string {
  const sent = 'Their company already has an instance: the user was sent there.';
  if (v.aeId) return `${sent} ${mention(v.aeId)}, the account's AE, makes sure they get added.`;
  const admins = (v.adminIds ?? []).map(mention).join(' ');
  return `${sent} No AE is known for this company${admins ? `: ${admins}, please give it one (Reassign, on your Home tab)` : ''}; the AE makes sure they get added.`;
}

/** What the alert says of the instance before there is one to link to: never a bare placeholder. */
function instanceText(v: SignupAlertView): string {
  if (v.instanceUrl) return link(v.instanceUrl, v.instanceUrl);
  if (v.poolEmpty) return ':warning: pool empty — instance requested';
  if (v.caseCode === '3') return v.decision?.kind === 'qualified' ? 'requested from the cloud team' : 'requested once qualified';
  return 'not known yet';
}

/** An owner, or when they come: a lead in triage gets its AE and CE when it is qualified. */
function ownerText(v: SignupAlertView, id: string | null | undefined): string {
  if (id) return mention(id);
  if (v.caseCode === '3' && !v.decision) return 'assigned when qualified';
  if (v.decision?.kind === 'disqualified') return 'none (disqualified)';
  return 'nobody yet';
}

const statusWords: Record<string, string> = {
  triage: 'waiting for triage',
  queued: 'queued at instance capacity',
  provisioning: 'instance being provisioned',
  active: 'running, instance not linked yet',
};

const caseTitle: Record<CaseCode, string> = {
  '1': 'Case 1 · existing instance',
  '2.1': 'Case 2.1 · named account',
  '2.2': 'Case 2.2 · pre-qualified',
  '3': 'Case 3 · needs triage',
};

/** The alert in #cloud-trial-alerts for one signup. Pure: data in, Block Kit out. */
export function signupAlert(v: SignupAlertView): SlackMessage {
  const who = userText(v.name ?? v.email, 150);
  const joined = v.joinedTrial ?? null;
  const blocks: Block[] = [
    header(`New cloud trial signup — ${joined ? `Case ${v.caseCode} · joins an open trial` : caseTitle[v.caseCode]}`),
    section(`*${who}* (${userText(v.email, 254)}) from *${userText(v.company ?? v.accountName ?? v.domain, 200)}* signed up for a cloud trial.`),
    fields([
      ['Domain', v.personalEmail ? `${userText(v.domain, 200)} :warning: personal email` : userText(v.domain, 200)],
      ['Case', `${v.caseCode}`],
      ['Instance', instanceText(v)],
      ['Account', v.accountName ? userText(v.accountName, 200) : 'not in the accounts list'],
      ...(v.namedSdrId ? ([['Named SDR', mention(v.namedSdrId)]] as Array<[string, string]>) : []),
      ...(v.leadSdrId ? ([['SDR', mention(v.leadSdrId)]] as Array<[string, string]>) : []),
      ['AE', ownerText(v, v.aeId)],
      ['CE', ownerText(v, v.ceId)],
      ['Signed up', slackDate(v.signedUpAt)],
    ]),
    context(
      joined
        ? `:link: Another person from a company whose trial is already open (${statusWords[joined.status] ?? joined.status}): they join that trial, no second one was opened.`
        : v.caseCode === '1'
          ? existingInstanceText(v)
          : caseMeaning[v.caseCode],
    ),
  ];
  if (v.earlierTrials && v.earlierTrials.length > 0) {
    const lines = v.earlierTrials.map(
      (e) =>
        `${e.status === 'disqualified' ? 'disqualified' : 'terminated'} ${humanTime(e.endedAt, v.zone ?? 'UTC')}` +
        `${e.by && /^[UW][A-Z0-9]+$/.test(e.by) ? ` by ${mention(e.by)}` : ''}${e.reason ? ` — ${userText(e.reason, 200)}` : ''}`,
    );
    blocks.push(context(`:repeat: This company had a trial before: ${lines.join('; ')}.`));
  }
  if (v.personalEmail) {
    blocks.push(context(':warning: *Personal email*: this is a person, not a company domain; it is never matched to an instance or account.'));
  }
  if (!joined && v.caseCode === '2.1') {
    if (v.namedSdrId) blocks.push(section(`${mention(v.namedSdrId)}: please convert this lead to an opportunity in Salesforce.`));
    const inbound = v.inboundSdrIds ?? [];
    if (inbound.length > 0) {
      const more = v.inboundSdrMore ? ` and ${v.inboundSdrMore} more` : '';
      const sdrs = `${inbound.slice(0, inboundSdrLimit).map(mention).join(' ')}${more}`;
      blocks.push(
        section(
          v.namedSdrId
            ? `Inbound SDRs ${sdrs}: this named account's lead goes to its named SDR ${mention(v.namedSdrId)}.`
            : `Inbound SDRs ${sdrs}: this named account has no named SDR on file: please route the lead to the account's SDR.`,
        ),
      );
    }
  }
  if (!joined && v.leadSdrId) {
    blocks.push(section(`${mention(v.leadSdrId)}: you worked this account in the last 30 days, so this lead is yours to work (rules of engagement).`));
  }
  if (v.spaceChannelId) blocks.push(context(`Trial space: <#${v.spaceChannelId}>`));
  if (v.queued) blocks.push(context(':hourglass: At instance capacity: the request waits in the queue and goes out when a slot frees.'));

  // A joined signup's alert carries no buttons: the trial's own alert has them.
  if (!joined && v.caseCode === '3') {
    if (v.decision) {
      const verb = v.decision.kind === 'qualified' ? ':white_check_mark: Qualified' : ':no_entry: Disqualified';
      const reason = v.decision.reason ? ` — ${userText(v.decision.reason, 500)}` : '';
      blocks.push(section(`${verb} by ${mention(v.decision.by)} ${slackDate(v.decision.at)}${reason}`));
      if (v.decision.kind === 'disqualified' && v.reopenableUntil) {
        blocks.push(actions(`reopen:${v.trialId}`, [{ actionId: ActionId.Reopen, text: 'Reopen', value: v.trialId }]));
        blocks.push(context(`A wrong call? An inbound SDR can reopen the lead until ${slackDate(v.reopenableUntil)}.`));
      }
    } else {
      const onDuty = v.inboundSdrIds ?? [];
      const target = `First touch within ${v.slaMinutes ?? 5} working minutes.`;
      if (v.sdrUsergroup) {
        blocks.push(section(`<!subteam^${v.sdrUsergroup}>: a new lead to triage. ${target}`));
      } else if (onDuty.length > 0) {
        const more = v.inboundSdrMore ? ` and ${v.inboundSdrMore} more` : '';
        blocks.push(section(`${onDuty.slice(0, inboundSdrLimit).map(mention).join(' ')}${more}: a new lead to triage. ${target}`));
      }
      // Drawn again when the reminder goes out, so the age a reader sees is never far behind.
      if (v.now && Date.parse(v.now) - Date.parse(v.signedUpAt) >= 60_000) {
        blocks.push(context(`:stopwatch: Waiting ${duration(Date.parse(v.now) - Date.parse(v.signedUpAt))} for a decision.`));
      }
      blocks.push(
        actions(`triage:${v.trialId}`, [
          { actionId: ActionId.Qualify, text: 'Qualify', value: v.trialId, style: 'primary' },
          { actionId: ActionId.Disqualify, text: 'Disqualify', value: v.trialId, style: 'danger' },
        ]),
      );
    }
  }
  // Seed 3.2: the SDR converts a qualified lead to an opportunity, as for the pre-qualified cases.
  const opportunityDue = v.caseCode === '2.1' || v.caseCode === '2.2' || (v.caseCode === '3' && v.decision?.kind === 'qualified');
  if (!joined && opportunityDue) {
    if (v.opportunity) {
      blocks.push(context(`:handshake: Opportunity created in Salesforce by ${mention(v.opportunity.by)} ${slackDate(v.opportunity.at)}`));
    } else {
      blocks.push(actions(`opportunity:${v.trialId}`, [{ actionId: ActionId.OpportunityCreated, text: 'Opportunity created', value: v.trialId }]));
    }
  }
  const fallback = `New cloud trial signup (Case ${v.caseCode}): ${userText(v.name ?? v.email, 100)} from ${userText(v.company ?? v.domain, 100)}`;
  return message(fallback, blocks);
}
