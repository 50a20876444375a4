// Trial deadlines as state. A trial starts at an instant; "day N" is the local
// calendar date of that instant plus N days in the configured IANA zone, so
// DST changes, month ends and leap days never move a deadline by a day. The
// deadlines job keeps milestones in the database and asks `due` which to act on;
// a bot that was down simply finds more of them due on its next run.
import { TZDate } from '@date-fns/tz';
import { addDays } from 'date-fns';

export type MilestoneKind = 'day15' | 'day30' | 'extension_end';

/** The trial's terms (seed 002): it runs 15 days, decided at day 15 and again at day 30. */
export const TRIAL_DAYS = 15;
export const SECOND_DECISION_DAY = 30;
/** What a prompt's Extend button gives: the seed's "extend 15 days". */
export const PROMPT_EXTENSION_DAYS = 15;

/** The day of the trial a fixed decision falls on. */
export const decisionDay: Record<Exclude<MilestoneKind, 'extension_end'>, number> = { day15: TRIAL_DAYS, day30: SECOND_DECISION_DAY };

export interface Milestone {
  kind: MilestoneKind;
  /** Local date YYYY-MM-DD in the zone. */
  dueOn: string;
  /** The instant that local date starts. */
  dueAt: Date;
}

export interface OpenMilestone {
  id: number;
  trialId: string;
  kind: MilestoneKind;
  dueOn: string;
  promptedAt: string | null;
  escalatedAt: string | null;
  answeredAt: string | null;
  cancelledAt: string | null;
}

export interface DueMilestones {
  /** Send the prompt (once): at most one per trial, the latest that is due. */
  prompt: OpenMilestone[];
  /** Prompted long enough ago without an answer: tell the AE and the alerts channel. */
  escalate: OpenMilestone[];
  /** Older open milestones of a trial that is being prompted now: mark them cancelled. */
  supersede: OpenMilestone[];
}

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

// A mistyped TIMEZONE would otherwise turn every deadline into NaN silently. Zones found
// valid are remembered: building a DateTimeFormat per call was ~4% of an ack's CPU.
const knownZones = new Set<string>();
function assertZone(zone: string): void {
  if (knownZones.has(zone)) return;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
  } catch {
    throw new RangeError(`unknown time zone: ${zone}`);
  }
  knownZones.add(zone);
}

function parseLocalDate(value: string): { year: number; month: number; day: number } {
  const m = LOCAL_DATE.exec(value);
  if (!m) throw new RangeError(`not a local date (YYYY-MM-DD): ${value}`);
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  // Round-trip through the calendar to reject 2026-02-30 and friends.
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    throw new RangeError(`not a calendar date: ${value}`);
  }
  return { year, month, day };
}

function formatParts(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function assertInstant(instant: Date, what: string): void {
  if (Number.isNaN(instant.getTime())) throw new RangeError(`invalid ${what}`);
}

/** The local calendar date (YYYY-MM-DD) of an instant in `zone`. */
export function localDate(instant: Date, zone: string): string {
  assertZone(zone);
  assertInstant(instant, 'instant');
  const local = new TZDate(instant.getTime(), zone);
  return formatParts(local.getFullYear(), local.getMonth() + 1, local.getDate());
}

/**
 * The first instant of a local date in `zone` (00:00 local, or the first
 * existing time when a DST change skips midnight).
 */
export function startOfLocalDay(date: string, zone: string): Date {
  assertZone(zone);
  const { year, month, day } = parseLocalDate(date);
  return new Date(new TZDate(year, month - 1, day, zone).getTime());
}

/** Calendar arithmetic on a local date; no zone is involved because no instant is. */
export function addLocalDays(date: string, days: number): string {
  if (!Number.isInteger(days)) throw new RangeError(`days must be an integer: ${days}`);
  const { year, month, day } = parseLocalDate(date);
  // UTC has no DST, so a day is always a day here.
  const shifted = addDays(new TZDate(year, month - 1, day, 'UTC'), days);
  return formatParts(shifted.getFullYear(), shifted.getMonth() + 1, shifted.getDate());
}

function milestone(kind: MilestoneKind, dueOn: string, zone: string): Milestone {
  return { kind, dueOn, dueAt: startOfLocalDay(dueOn, zone) };
}

/** Day 15 and day 30 of a trial that started at `startedAt`. */
export function milestonesForStart(startedAt: Date, zone: string): Milestone[] {
  const startOn = localDate(startedAt, zone);
  return [milestone('day15', addLocalDays(startOn, TRIAL_DAYS), zone), milestone('day30', addLocalDays(startOn, SECOND_DECISION_DAY), zone)];
}

/** The decision point at the end of an extension of `days` from `currentEndOn`. */
export function extensionMilestone(currentEndOn: string, days: number, zone: string): Milestone & { kind: 'extension_end' } {
  if (!Number.isInteger(days) || days < 1) throw new RangeError(`extension must be a whole number of days ≥ 1: ${days}`);
  const dueOn = addLocalDays(currentEndOn, days);
  return { kind: 'extension_end', dueOn, dueAt: startOfLocalDay(dueOn, zone) };
}

/**
 * Where an extension of `days` ends: `days` past the trial's current end (`currentEndOn`:
 * its end date or the decision now due, whichever is later), so "Extend 15 days" on the
 * day-30 prompt lands on day 45 whenever it is clicked. An answer so late that this is
 * today or already past runs `days` from `today` instead (`fromToday`): an extension never
 * ends the trial at once, nor asks the same question again the next morning.
 */
export function extensionEndOn(currentEndOn: string | null, today: string, days: number): { endOn: string; fromToday: boolean } {
  if (!Number.isInteger(days) || days < 1) throw new RangeError(`extension must be a whole number of days ≥ 1: ${days}`);
  const fromEnd = currentEndOn ? addLocalDays(currentEndOn, days) : null;
  return fromEnd !== null && fromEnd > today ? { endOn: fromEnd, fromToday: false } : { endOn: addLocalDays(today, days), fromToday: true };
}

/** How a person names a milestone's decision: "the day 15 decision", "the end of the extension". */
export function milestoneName(kind: MilestoneKind): string {
  return kind === 'day15' ? 'day 15' : kind === 'day30' ? 'day 30' : 'end of the extension';
}

const KIND_ORDER: Record<MilestoneKind, number> = { day15: 0, day30: 1, extension_end: 2 };

// Later due date first; on the same date the later stage of the trial wins.
function later(a: OpenMilestone, b: OpenMilestone): number {
  if (a.dueOn !== b.dueOn) return a.dueOn < b.dueOn ? 1 : -1;
  if (a.kind !== b.kind) return KIND_ORDER[b.kind] - KIND_ORDER[a.kind];
  return b.id - a.id;
}

function byDueThenId(a: OpenMilestone, b: OpenMilestone): number {
  if (a.dueOn !== b.dueOn) return a.dueOn < b.dueOn ? -1 : 1;
  return a.id - b.id;
}

function isOpen(m: OpenMilestone): boolean {
  return m.answeredAt === null && m.cancelledAt === null;
}

/**
 * Which milestones to prompt, escalate or supersede at `now`.
 *
 * Each milestone is prompted once, however late the run. Per trial, the latest
 * milestone that is either due and unprompted or already prompted is the live
 * question; every open milestone older than it is superseded (neither
 * prompted nor escalated), so a bot that was down for a while asks one
 * question per trial, not a backlog of stale ones.
 */
export function due(milestones: OpenMilestone[], now: Date, zone: string, escalateAfterDays = 2): DueMilestones {
  if (!Number.isInteger(escalateAfterDays) || escalateAfterDays < 0) {
    throw new RangeError(`escalateAfterDays must be a whole number ≥ 0: ${escalateAfterDays}`);
  }
  const today = localDate(now, zone);
  const duePrompt = (m: OpenMilestone) => isOpen(m) && m.promptedAt === null && m.dueOn <= today;

  const frontier = new Map<string, OpenMilestone>();
  for (const m of milestones) {
    if (!duePrompt(m) && (m.promptedAt === null || m.cancelledAt !== null)) continue;
    const current = frontier.get(m.trialId);
    if (!current || later(m, current) < 0) frontier.set(m.trialId, m);
  }

  const prompt = [...frontier.values()].filter(duePrompt);
  const supersede = milestones.filter((m) => {
    const live = frontier.get(m.trialId);
    return isOpen(m) && m.dueOn <= today && live !== undefined && later(m, live) > 0;
  });
  const superseded = new Set(supersede.map((m) => m.id));

  const escalate = milestones.filter(
    (m) =>
      isOpen(m) &&
      !superseded.has(m.id) &&
      m.promptedAt !== null &&
      m.escalatedAt === null &&
      addLocalDays(localDate(new Date(m.promptedAt), zone), escalateAfterDays) <= today,
  );

  return { prompt: prompt.sort(byDueThenId), escalate: escalate.sort(byDueThenId), supersede: supersede.sort(byDueThenId) };
}
