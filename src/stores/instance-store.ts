import type { Db } from '../db/open-database.js';

/** The instance no longer routes its domain. */
export function markInstanceTerminated(db: Db, url: string): void {
  db.prepare(`UPDATE instances SET status = 'terminated' WHERE url = ? AND status = 'live'`).run(url);
}

/** The live instance a domain owns (its initial admin has an address there), if any. */
export function liveInstanceOf(db: Db, domain: string): { url: string; trial_id: string | null } | undefined {
  return db.prepare(`SELECT url, trial_id FROM instances WHERE domain = ? AND status = 'live'`).get(domain) as
    { url: string; trial_id: string | null } | undefined;
}

export function setInstanceTrial(db: Db, url: string, trialId: string): void {
  db.prepare('UPDATE instances SET trial_id = ? WHERE url = ?').run(trialId, url);
}

/** The oldest pre-provisioned instance nobody has. */
export function nextPoolInstance(db: Db): { url: string } | undefined {
  return db.prepare(`SELECT url FROM instances WHERE domain IS NULL AND status = 'live' ORDER BY created_at, url LIMIT 1`).get() as { url: string } | undefined;
}

/** Hands a pool instance to a domain's trial: from now on the domain routes there. */
export function claimPoolInstance(db: Db, url: string, owner: { domain: string; adminEmail: string; trialId: string; at: string }): void {
  db.prepare(`UPDATE instances SET domain = ?, admin_email = ?, trial_id = ?, linked_at = ? WHERE url = ?`).run(
    owner.domain,
    owner.adminEmail,
    owner.trialId,
    owner.at,
    url,
  );
}

/** Live instances owned by a domain: the ones counting against MAX_ACTIVE_INSTANCES. */
export function ownedLiveInstances(db: Db): number {
  return db.prepare(`SELECT count(*) FROM instances WHERE status = 'live' AND domain IS NOT NULL`).pluck().get() as number;
}

/** Pre-provisioned instances nobody has yet. */
export function poolSize(db: Db): number {
  return db.prepare(`SELECT count(*) FROM instances WHERE status = 'live' AND domain IS NULL`).pluck().get() as number;
}

/**
 * Makes `url` the trial's live instance. It takes the domain (so the domain routes there) unless
 * another live instance has it or the trial came from a personal mailbox.
 */
export function linkTrialInstance(db: Db, url: string, trial: { id: string; domain: string; personalEmail: boolean; prospectEmail: string }, now: Date): void {
  const taken = db.prepare(`SELECT 1 FROM instances WHERE domain = ? AND status = 'live' AND url != ?`).get(trial.domain, url);
  db.prepare(
    `INSERT INTO instances (url, domain, admin_email, status, trial_id, created_at, linked_at) VALUES (?, ?, ?, 'live', ?, ?, ?)
     ON CONFLICT(url) DO UPDATE SET trial_id = excluded.trial_id`,
  ).run(url, taken || trial.personalEmail ? null : trial.domain, trial.prospectEmail, trial.id, now.toISOString(), now.toISOString());
}

export function instanceByUrl(db: Db, url: string): { url: string; trial_id: string | null } | undefined {
  return db.prepare('SELECT url, trial_id FROM instances WHERE url = ?').get(url) as { url: string; trial_id: string | null } | undefined;
}

export function instanceRecord(db: Db, url: string): { status: string; domain: string | null } | undefined {
  return db.prepare<[string], { status: string; domain: string | null }>('SELECT status, domain FROM instances WHERE url = ?').get(url);
}

/** Another live instance of the domain than `url`, if any (a domain routes to one live instance). */
export function otherLiveInstance(db: Db, domain: string, url: string): string | undefined {
  return db.prepare<[string, string], { url: string }>(`SELECT url FROM instances WHERE domain = ? AND status = 'live' AND url <> ?`).get(domain, url)?.url;
}

export function insertInstance(db: Db, i: { url: string; domain: string | null; adminEmail: string | null }, now: Date): void {
  db.prepare(`INSERT INTO instances (url, domain, admin_email, created_at) VALUES (@url, @domain, @adminEmail, @createdAt)`).run({
    ...i,
    createdAt: now.toISOString(),
  });
}

export function setInstanceOwner(db: Db, i: { url: string; domain: string | null; adminEmail: string | null }): void {
  db.prepare(`UPDATE instances SET domain = @domain, admin_email = @adminEmail WHERE url = @url`).run(i);
}

/** The trial whose live instance `url` is (null: a live instance of no trial), or undefined when none is live there. */
export function liveOwnerOf(db: Db, url: string): string | null | undefined {
  return db.prepare(`SELECT trial_id FROM instances WHERE url = ? AND status = 'live'`).pluck().get(url) as string | null | undefined;
}

/** The URL was linked to this trial by mistake: it no longer routes the domain. */
export function retireTrialInstance(db: Db, url: string, trialId: string): void {
  db.prepare(`UPDATE instances SET status = 'terminated' WHERE url = ? AND trial_id = ? AND status = 'live'`).run(url, trialId);
}

/** The instance an old address stands for, while its grace period lasts. */
export function aliasedInstance(db: Db, url: string, now: Date): { url: string; trial_id: string | null } | undefined {
  return db
    .prepare(`SELECT i.url, i.trial_id FROM instance_aliases a JOIN instances i ON i.url = a.instance_url WHERE a.url = ? AND a.until > ?`)
    .get(url, now.toISOString()) as { url: string; trial_id: string | null } | undefined;
}

/**
 * The instance moved from `from` to `to`: its row, its usage counters and events move with it, and
 * `from` stays an alias of it until `until`. False when there is no instance at `from` or `to` is taken.
 */
export function moveInstance(db: Db, from: string, to: string, until: Date): boolean {
  if (!instanceByUrl(db, from) || instanceByUrl(db, to)) return false;
  // The events reference the instance's url: checked when the transaction commits, with every row moved.
  db.pragma('defer_foreign_keys = ON');
  db.prepare('UPDATE instances SET url = ? WHERE url = ?').run(to, from);
  for (const table of ['activity_totals', 'activity_days', 'activity_events']) {
    db.prepare(`UPDATE ${table} SET instance_url = ? WHERE instance_url = ?`).run(to, from);
  }
  db.prepare('UPDATE instance_aliases SET instance_url = ? WHERE instance_url = ?').run(to, from);
  db.prepare('INSERT OR REPLACE INTO instance_aliases (url, instance_url, until) VALUES (?, ?, ?)').run(from, to, until.toISOString());
  return true;
}

/** The vanity hostname last asked for by a domain-change request of the trial (from its audit line), if any. */
export function requestedVanity(db: Db, trialId: string): string | undefined {
  const detail = db
    .prepare(`SELECT detail FROM audit WHERE trial_id = ? AND action = 'requested a domain change' ORDER BY id DESC LIMIT 1`)
    .pluck()
    .get(trialId) as string | undefined;
  return detail?.split(' → ').at(-1)?.trim() || undefined;
}

/** The trial a domain-change issue belongs to. */
export function trialOfDomainIssue(db: Db, issueNumber: number): string | undefined {
  return db.prepare(`SELECT trial_id FROM trial_issues WHERE number = ? AND kind = 'domain-change'`).pluck().get(issueNumber) as string | undefined;
}
