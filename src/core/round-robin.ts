// Who owns a new trial: the account's named AE/CE, else whoever the rules of
// engagement (seed 001) give it to, else the next person in the round robin.
//
// Rules of engagement, per role:
//   - a touch on the account within the last 30 days (most recent wins);
//   - for the AE only, a closed opportunity on the account within 90 days.
// These apply to people outside the rotation too (ineligible, consultants),
// but never to someone out of office today: they fall through to the next rule.
// Round robin: eligible, non-consultant, in-office people of the role, same
// region as the account when anyone matches; the longest-waiting one wins.

export type Role = 'ae' | 'ce' | 'sdr' | 'inbound_sdr';
export type RotationRole = 'ae' | 'ce';

export interface Person {
  slackUserId: string;
  email: string;
  name: string;
  role: Role;
  region: string | null;
  eligible: boolean;
  consultant: boolean;
}

/** YYYY-MM-DD, inclusive on both ends, local dates in TIMEZONE. */
export interface OutOfOffice {
  email: string;
  fromDate: string;
  toDate: string;
}

/** A touch on THIS account. */
export interface Touch {
  slackUserId: string;
  role: string;
  /** ISO-8601 instant. */
  at: string;
}

/** A closed opportunity on THIS account. */
export interface ClosedOpportunity {
  aeId: string;
  closedAt: string;
}

export interface RotationState {
  role: RotationRole;
  slackUserId: string;
  lastAssignedAt: string;
  assignments: number;
}

export interface AccountInfo {
  domain: string;
  region: string | null;
  named: boolean;
  aeEmail: string | null;
  ceEmail: string | null;
  namedSdrEmail: string | null;
  /** Salesforce's view (accounts CSV): the AE who owns the account, and whether they hold an open opportunity on it. */
  ownerAeEmail?: string | null;
  openOpportunity?: boolean;
}

export type PickReason = 'named_account' | 'open_opportunity' | 'recent_touch' | 'closed_opportunity' | 'rotation';

export interface Pick {
  slackUserId: string;
  reason: PickReason;
  /** Whom the rules named first but who is out of office today: the pick fell back past them. */
  passedOver?: string;
}

export interface SdrPick {
  slackUserId: string;
  reason: 'recent_touch';
}

export interface AssignmentInput {
  people: Person[];
  account: AccountInfo | null;
  touches: Touch[];
  closedOpportunities: ClosedOpportunity[];
  rotation: RotationState[];
  outOfOffice: OutOfOffice[];
  now: Date;
  /** Local date YYYY-MM-DD in TIMEZONE, computed by the caller. */
  today: string;
}

/** The AE and CE picks, as `assignOwners` returns them. */
export interface OwnerPicks {
  ae: Pick | null;
  ce: Pick | null;
}

export interface Assignment extends OwnerPicks {
  /** An SDR (outbound or inbound) with a touch in the last 30 days: the lead routes to them. */
  sdr?: SdrPick;
}

const DAY_MS = 24 * 60 * 60 * 1000;
export const TOUCH_WINDOW_DAYS = 30;
export const CLOSED_OPPORTUNITY_WINDOW_DAYS = 90;

const sameEmail = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
const sameRegion = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function isOutOfOffice(email: string, today: string, ooo: readonly OutOfOffice[]): boolean {
  return ooo.some((o) => sameEmail(o.email, email) && o.fromDate <= today && today <= o.toDate);
}

// "Within the last N days": at most N×24h before now, boundary included.
function within(at: string, now: Date, days: number): boolean {
  const t = Date.parse(at);
  return !Number.isNaN(t) && now.getTime() - t <= days * DAY_MS;
}

interface Context {
  people: Person[];
  today: string;
  outOfOffice: OutOfOffice[];
}

function personWithRole(ctx: Context, slackUserId: string, roles: readonly string[]): Person | undefined {
  return ctx.people.find((p) => p.slackUserId === slackUserId && roles.includes(p.role));
}

/** The most recent dated event of someone who holds one of `roles` and is in office today. */
function mostRecent(ctx: Context, events: Array<{ slackUserId: string; at: string }>, roles: readonly string[]): string | null {
  const usable = events
    .map((e) => ({ ...e, t: Date.parse(e.at) }))
    .filter((e) => {
      const person = personWithRole(ctx, e.slackUserId, roles);
      return person !== undefined && !isOutOfOffice(person.email, ctx.today, ctx.outOfOffice);
    })
    .sort((a, b) => b.t - a.t || byId(a.slackUserId, b.slackUserId));
  return usable[0]?.slackUserId ?? null;
}

function recentToucher(ctx: Context, touches: Touch[], now: Date, roles: readonly string[]): string | null {
  const recent = touches.filter((t) => roles.includes(t.role) && within(t.at, now, TOUCH_WINDOW_DAYS));
  return mostRecent(ctx, recent, roles);
}

/** The one the rules would name if nobody were away: someone out of office today, or null. */
function awayToucher(ctx: Context, touches: Touch[], now: Date, roles: readonly string[]): string | null {
  const everyone = { ...ctx, outOfOffice: [] };
  const first = recentToucher(everyone, touches, now, roles);
  return first !== null && first !== recentToucher(ctx, touches, now, roles) ? first : null;
}

function rotationPick(ctx: Context, role: RotationRole, region: string | null, rotation: RotationState[], exclude: string | null): string | null {
  const seen = new Set<string>();
  let candidates = ctx.people.filter((p) => {
    if (p.role !== role || !p.eligible || p.consultant || seen.has(p.slackUserId)) return false;
    if (isOutOfOffice(p.email, ctx.today, ctx.outOfOffice)) return false;
    seen.add(p.slackUserId);
    return true;
  });
  if (region !== null && region.trim() !== '') {
    const local = candidates.filter((p) => p.region !== null && sameRegion(p.region, region));
    if (local.length > 0) candidates = local;
  }
  // One person as both AE and CE of a trial defeats the pair; only if nobody else is left.
  if (exclude !== null && candidates.some((p) => p.slackUserId !== exclude)) {
    candidates = candidates.filter((p) => p.slackUserId !== exclude);
  }
  const last = new Map<string, number>();
  for (const r of rotation) {
    if (r.role !== role) continue;
    const t = Date.parse(r.lastAssignedAt);
    if (!Number.isNaN(t)) last.set(r.slackUserId, Math.max(t, last.get(r.slackUserId) ?? -Infinity));
  }
  const waitedSince = (id: string) => last.get(id) ?? -Infinity;
  candidates.sort((a, b) => {
    const d = waitedSince(a.slackUserId) - waitedSince(b.slackUserId);
    return d !== 0 && !Number.isNaN(d) ? d : byId(a.slackUserId, b.slackUserId);
  });
  return candidates[0]?.slackUserId ?? null;
}

function namedOwner(people: Person[], email: string | null): string | null {
  if (email === null || email.trim() === '') return null;
  // Any role entry will do: the account report names a person, not a role.
  const matches = people.filter((p) => sameEmail(p.email, email));
  const preferred = matches.find((p) => p.role === 'ae' || p.role === 'ce') ?? matches[0];
  return preferred?.slackUserId ?? null;
}

function pickFor(role: RotationRole, input: AssignmentInput, ctx: Context, exclude: string | null): Pick | null {
  const { account, now } = input;
  if (account?.named) {
    const owner = namedOwner(input.people, role === 'ae' ? account.aeEmail : account.ceEmail);
    if (owner !== null) return { slackUserId: owner, reason: 'named_account' };
    // A named account with nobody on file for this role is, for this role, unowned.
  }
  // Seed 001: an AE holding an open opportunity on the account takes its trial (check with them first).
  let passedOver: string | undefined;
  if (role === 'ae' && account?.openOpportunity && account.ownerAeEmail) {
    const holder = ctx.people.find((p) => p.role === 'ae' && sameEmail(p.email, account.ownerAeEmail ?? ''));
    if (holder && !isOutOfOffice(holder.email, ctx.today, ctx.outOfOffice)) return { slackUserId: holder.slackUserId, reason: 'open_opportunity' };
    if (holder) passedOver = holder.slackUserId;
  }
  const toucher = recentToucher(ctx, input.touches, now, [role]);
  passedOver ??= awayToucher(ctx, input.touches, now, [role]) ?? undefined;
  const withNote = (p: Pick): Pick => (passedOver && passedOver !== p.slackUserId ? { ...p, passedOver } : p);
  if (toucher !== null) return withNote({ slackUserId: toucher, reason: 'recent_touch' });
  if (role === 'ae') {
    const closed = input.closedOpportunities
      .filter((o) => within(o.closedAt, now, CLOSED_OPPORTUNITY_WINDOW_DAYS))
      .map((o) => ({ slackUserId: o.aeId, at: o.closedAt }));
    const closer = mostRecent(ctx, closed, ['ae']);
    if (closer !== null) return withNote({ slackUserId: closer, reason: 'closed_opportunity' });
  }
  const next = rotationPick(ctx, role, account?.region ?? null, input.rotation, exclude);
  return next === null ? null : withNote({ slackUserId: next, reason: 'rotation' });
}

/**
 * The SDR a new inbound lead routes to (seed 001: "If an SDR has touch within
 * the past 30 days on an account … for a new Inbound Lead, that lead should be
 * routed to that SDR to work"), or null when the SDRs' usual triage applies.
 * A named account's lead belongs to its named SDR; the caller routes that itself.
 */
export function leadSdr(input: Omit<AssignmentInput, 'closedOpportunities' | 'rotation'>): SdrPick | null {
  if (Number.isNaN(input.now.getTime())) throw new RangeError('invalid now');
  if (input.account?.named && input.account.namedSdrEmail) return null;
  const ctx: Context = { people: input.people, today: input.today, outOfOffice: input.outOfOffice };
  const sdr = recentToucher(ctx, input.touches, input.now, ['sdr', 'inbound_sdr']);
  return sdr === null ? null : { slackUserId: sdr, reason: 'recent_touch' };
}

export function assignOwners(input: AssignmentInput): Assignment {
  if (Number.isNaN(input.now.getTime())) throw new RangeError('invalid now');
  const ctx: Context = { people: input.people, today: input.today, outOfOffice: input.outOfOffice };
  const ae = pickFor('ae', input, ctx, null);
  const ce = pickFor('ce', input, ctx, ae?.slackUserId ?? null);
  const result: Assignment = { ae, ce };
  const sdr = leadSdr(input);
  if (sdr) result.sdr = sdr;
  return result;
}

/**
 * The rotation rows to store after an assignment: one per pick that came from
 * the rotation (rules-of-engagement and named picks do not use up a turn).
 */
export function nextRotationState(rotation: RotationState[], picks: OwnerPicks, now: Date): RotationState[] {
  if (Number.isNaN(now.getTime())) throw new RangeError('invalid now');
  const at = now.toISOString();
  const updates: RotationState[] = [];
  for (const role of ['ae', 'ce'] as const) {
    const pick = picks[role];
    if (!pick || pick.reason !== 'rotation') continue;
    const previous = rotation.find((r) => r.role === role && r.slackUserId === pick.slackUserId);
    updates.push({ role, slackUserId: pick.slackUserId, lastAssignedAt: at, assignments: (previous?.assignments ?? 0) + 1 });
  }
  return updates;
}
