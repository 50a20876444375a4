// Close every loop (issue 12): the reminders job's decisions, each recorded with the mark that makes
// it once (the trial's or milestone's column, and the outbox key), so a repeated or late run sends
// nothing twice and a run after downtime catches up with what fell due meanwhile.
import type { Config } from '../config.js';
import { addBusinessMinutes, businessMinutesBetween, inBusinessHours, parseBusinessHours, type BusinessHours } from '../core/business-hours.js';
import { localDate, startOfLocalDay } from '../core/deadlines.js';
import { writeTransaction, type Db } from '../db/open-database.js';
import { archiveNote } from '../messages/slack/space-topic.js';
import { provisioningComment, provisioningDaily, handoffReminder, triageEscalation, triageReminder } from '../messages/slack/loop-reminders.js';
import { audit } from '../stores/audit-log.js';
import {
  adminsOnDuty,
  awaitingWelcome,
  escalatedDecisions,
  inboundSdrsOnDuty,
  leadsInTriage,
  markHandoff,
  setHandoffDue,
  markReraised,
  markTriage,
  onDuty,
  openRequests,
  markSpace,
  spacesToArchive,
} from '../stores/loop-store.js';
import { recordEffect } from '../stores/record-effect.js';
import { getTrial } from '../stores/trial-store.js';
import { recordAlertRefresh } from './record-messages.js';

export type LoopConfig = Pick<Config, 'TIMEZONE' | 'BUSINESS_HOURS' | 'TRIAGE_SLA_MINUTES' | 'PROVISIONING_SLA_HOURS' | 'SDR_USERGROUP'>;

/** The firm triage SLA of seed 001: 24 hours, of working time. */
export const TRIAGE_ESCALATE_MINUTES = 24 * 60;

export function businessHoursOf(config: LoopConfig): BusinessHours {
  const hours = parseBusinessHours(config.BUSINESS_HOURS);
  if ('problem' in hours) throw new Error(`BUSINESS_HOURS: ${hours.problem}`);
  return hours;
}

/** Leads still in triage: one reminder in the alert's thread once the SLA ran out, one escalation to the admins after 24 working hours. */
export function remindTriage(db: Db, config: LoopConfig, now: Date): { reminded: number; escalated: number } {
  const zone = config.TIMEZONE;
  const hours = businessHoursOf(config);
  const today = localDate(now, zone);
  let reminded = 0;
  let escalated = 0;
  // Working minutes never outrun the wall clock: only leads older than the SLA in wall time can be due.
  for (const lead of leadsInTriage(db, new Date(now.getTime() - config.TRIAGE_SLA_MINUTES * 60_000))) {
    const worked = businessMinutesBetween(new Date(lead.createdAt), now, zone, hours);
    const waitedMs = now.getTime() - Date.parse(lead.createdAt);
    writeTransaction(db, () => {
      if (!lead.remindedAt && worked >= config.TRIAGE_SLA_MINUTES && markTriage(db, lead.id, 'reminded', now)) {
        const sdrIds = config.SDR_USERGROUP ? [] : inboundSdrsOnDuty(db, today);
        const text = triageReminder({ ...lead, waitedMs, sdrIds, usergroup: config.SDR_USERGROUP, slaMinutes: config.TRIAGE_SLA_MINUTES });
        recordEffect(
          db,
          { key: `triage-reminder:${lead.id}`, kind: 'slack.post', trialId: lead.id, payload: { to: { trialAlertThread: lead.id }, text } },
          now,
        );
        audit(db, { trialId: lead.id, actor: 'trialbot', action: 'reminded the inbound SDRs', detail: `undecided after ${worked} working minutes` }, now);
        recordAlertRefresh(db, lead.id, `triage-reminder`, now);
        reminded++;
      }
      if (worked >= TRIAGE_ESCALATE_MINUTES && markTriage(db, lead.id, 'escalated', now)) {
        const admins = adminsOnDuty(db, today);
        for (const admin of admins) {
          const text = triageEscalation({ ...lead, waitedMs, zone });
          recordEffect(
            db,
            { key: `triage-escalation:${lead.id}:${admin}`, kind: 'slack.post', trialId: lead.id, lane: `dm:${admin}`, payload: { to: { user: admin }, text } },
            now,
          );
        }
        audit(
          db,
          {
            trialId: lead.id,
            actor: 'trialbot',
            action: 'escalated the undecided lead',
            detail: `to ${admins.length} admin${admins.length === 1 ? '' : 's'} after 24 working hours`,
          },
          now,
        );
        escalated++;
      }
    });
  }
  return { reminded, escalated };
}

/** Instance requests open past PROVISIONING_SLA_HOURS: a comment on each issue and one line in #cloud-trial-alerts, once a working day. */
export function remindProvisioning(db: Db, config: LoopConfig, now: Date): { stalled: number } {
  const zone = config.TIMEZONE;
  if (!inBusinessHours(now, zone, businessHoursOf(config))) return { stalled: 0 };
  const today = localDate(now, zone);
  const open = openRequests(db, now);
  const stalled = open
    .filter((r) => r.status === 'provisioning' && r.requestedAt && now.getTime() - Date.parse(r.requestedAt) >= config.PROVISIONING_SLA_HOURS * 3_600_000)
    .map((r) => ({ ...r, openHours: Math.floor((now.getTime() - Date.parse(r.requestedAt ?? '')) / 3_600_000) }));
  if (stalled.length === 0) return { stalled: 0 };
  const queued = open.filter((r) => r.status === 'queued').length;
  writeTransaction(db, () => {
    for (const s of stalled) {
      if (!s.issueNumber || !s.requestedAt) continue;
      const commented = recordEffect(
        db,
        {
          key: `provisioning:${s.id}:${today}`,
          kind: 'github.comment',
          trialId: s.id,
          lane: `github:${s.id}`,
          payload: { issueNumber: s.issueNumber, body: provisioningComment({ openHours: s.openHours, requestedAt: s.requestedAt, zone }) },
        },
        now,
      );
      if (commented)
        audit(
          db,
          { trialId: s.id, actor: 'trialbot', action: 'reminded the cloud team of the instance request', detail: `open for ${s.openHours} hours` },
          now,
        );
    }
    recordEffect(
      db,
      {
        key: `provisioning-daily:${today}`,
        kind: 'slack.post',
        lane: 'provisioning-daily',
        payload: { to: { alerts: true }, text: provisioningDaily({ stalled, queued, today }) },
      },
      now,
    );
  });
  return { stalled: stalled.length };
}

/** Ready trials whose CE has not said the welcome went out: the CE after one working day, the AE after two. */
export function remindHandoff(db: Db, config: LoopConfig, now: Date): { reminded: number; escalated: number } {
  const zone = config.TIMEZONE;
  const hours = businessHoursOf(config);
  const day = hours.end - hours.start;
  const today = localDate(now, zone);
  let reminded = 0;
  let escalated = 0;
  for (const t of awaitingWelcome(db, now)) {
    const worked = businessMinutesBetween(new Date(t.startedAt), now, zone, hours);
    writeTransaction(db, () => {
      // Nobody to remind, or not due yet: the trial is set aside until its next reminder can fall due.
      if (!t.ceId && !t.aeId) return void markHandoff(db, t.id, 'escalated', now);
      if (worked < (t.remindedAt ? 2 * day : day))
        return void setHandoffDue(db, t.id, addBusinessMinutes(new Date(t.startedAt), t.remindedAt ? 2 * day : day, zone, hours));
      if (!t.remindedAt && worked >= day && markHandoff(db, t.id, 'reminded', now)) {
        // Out of office: the AE is asked in the CE's place.
        const [to] = onDuty(db, [t.ceId, t.aeId], today);
        const content = handoffReminder({ ...t, trialId: t.id, zone, toAe: to !== t.ceId });
        if (to)
          recordEffect(
            db,
            { key: `handoff:${t.id}:ce`, kind: 'slack.post', trialId: t.id, payload: { to: { user: to }, text: content.text, blocks: content.blocks } },
            now,
          );
        audit(db, { trialId: t.id, actor: 'trialbot', action: 'reminded the CE of the welcome', detail: to ? `<@${to}>` : 'nobody on duty' }, now);
        reminded++;
      }
      if (worked >= 2 * day && markHandoff(db, t.id, 'escalated', now)) {
        const [ae] = onDuty(db, [t.aeId], today);
        const content = handoffReminder({ ...t, trialId: t.id, zone, toAe: true });
        if (ae) recordEffect(db, { key: `handoff:${t.id}:ae`, kind: 'slack.post', trialId: t.id, payload: { to: { user: ae }, text: content.text } }, now);
        audit(db, { trialId: t.id, actor: 'trialbot', action: 'told the AE the welcome is still owed', detail: ae ? `<@${ae}>` : 'nobody on duty' }, now);
        escalated++;
      }
    });
  }
  return { reminded, escalated };
}

/** Escalated decisions still unanswered: raised again each working day after the escalation, to the CE and the AE, unless snoozed. */
export function reraiseDecisions(db: Db, config: LoopConfig, now: Date): { reraised: number } {
  const zone = config.TIMEZONE;
  if (!inBusinessHours(now, zone, businessHoursOf(config))) return { reraised: 0 };
  const today = localDate(now, zone);
  let reraised = 0;
  for (const d of escalatedDecisions(db, startOfLocalDay(today, zone), today)) {
    if (localDate(new Date(d.escalatedAt), zone) >= today || d.reraisedOn === today) continue;
    if (d.snoozedUntil && now < new Date(d.snoozedUntil)) continue;
    writeTransaction(db, () => {
      if (!markReraised(db, d.id, today)) return;
      const trial = getTrial(db, d.trialId);
      const to = onDuty(db, [trial?.ce_id ?? null, trial?.ae_id ?? null], today);
      for (const user of to) {
        recordEffect(
          db,
          { key: `reraise:${d.id}:${today}:${user}`, kind: 'prompt.post', trialId: d.trialId, payload: { milestoneId: d.id, to: { user }, escalation: true } },
          now,
        );
      }
      if (to.length === 0) {
        recordEffect(
          db,
          {
            key: `reraise:${d.id}:${today}:alerts`,
            kind: 'prompt.post',
            trialId: d.trialId,
            payload: { milestoneId: d.id, to: { alerts: true }, escalation: true },
          },
          now,
        );
      }
      audit(
        db,
        {
          trialId: d.trialId,
          actor: 'trialbot',
          action: 'raised the unanswered decision again',
          detail: to.map((u) => `<@${u}>`).join(', ') || 'the alerts channel',
        },
        now,
      );
      reraised++;
    });
  }
  return { reraised };
}

/** When a lead created at `createdAt` is due its triage reminder (for the alert's "waiting" line). */
export function triageDueAt(createdAt: Date, config: LoopConfig): Date {
  return addBusinessMinutes(createdAt, config.TRIAGE_SLA_MINUTES, config.TIMEZONE, businessHoursOf(config));
}

/** Ended trials' channels: a note the day before, then archived ARCHIVE_AFTER_DAYS after the end (0: never). */
export function archiveEndedSpaces(db: Db, config: LoopConfig & { ARCHIVE_AFTER_DAYS: number }, now: Date): { noted: number; archived: number } {
  const days = config.ARCHIVE_AFTER_DAYS;
  if (days === 0) return { noted: 0, archived: 0 };
  let noted = 0;
  let archived = 0;
  // The note goes a day ahead: anything ended at least days - 1 ago is a candidate.
  for (const s of spacesToArchive(db, new Date(now.getTime() - (days - 1) * 86_400_000))) {
    const archiveAt = new Date(Date.parse(s.endedAt) + days * 86_400_000);
    writeTransaction(db, () => {
      if (!s.notedAt && markSpace(db, s.id, 'noted', now)) {
        recordEffect(
          db,
          {
            key: `archive-note:${s.id}`,
            kind: 'slack.post',
            trialId: s.id,
            payload: { to: { trialSpace: s.id }, text: archiveNote(localDate(archiveAt, config.TIMEZONE)) },
          },
          now,
        );
        noted++;
      }
      if (now >= archiveAt && markSpace(db, s.id, 'archived', now)) {
        recordEffect(db, { key: `archive:${s.id}`, kind: 'space.archive', trialId: s.id, payload: { trialId: s.id } }, now);
        audit(db, { trialId: s.id, actor: 'trialbot', action: 'archived the trial channel', detail: `${days} days after the trial ended` }, now);
        archived++;
      }
    });
  }
  return { noted, archived };
}
