import type { Db } from '../../src/db/open-database.js';

export interface SeedPerson {
  id: string;
  email: string;
  name?: string;
  role: 'inbound_sdr' | 'sdr' | 'ae' | 'ce' | 'license_owner' | 'feedback_owner' | 'admin';
  region?: string | null;
  eligible?: boolean;
  consultant?: boolean;
}

export function seedPeople(db: Db, people: SeedPerson[]): void {
  const insert = db.prepare(`INSERT INTO people (slack_user_id, role, email, name, region, eligible, consultant) VALUES (?, ?, ?, ?, ?, ?, ?)`);
  for (const p of people) {
    insert.run(p.id, p.role, p.email, p.name ?? p.email.split('@')[0], p.region ?? null, p.eligible === false ? 0 : 1, p.consultant ? 1 : 0);
  }
}

export function seedAccount(
  db: Db,
  a: { domain: string; name: string; prequalified: boolean; named: boolean; namedSdr?: string; ae?: string; ce?: string; region?: string },
): void {
  db.prepare(
    `INSERT INTO accounts (domain, account_name, prequalified, named, named_sdr_email, ae_email, ce_email, region) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(a.domain, a.name, a.prequalified ? 1 : 0, a.named ? 1 : 0, a.namedSdr ?? null, a.ae ?? null, a.ce ?? null, a.region ?? null);
}

export function seedInstance(db: Db, i: { url: string; domain?: string; adminEmail?: string; createdAt?: string }): void {
  db.prepare(`INSERT INTO instances (url, domain, admin_email, created_at) VALUES (?, ?, ?, ?)`).run(
    i.url,
    i.domain ?? null,
    i.adminEmail ?? null,
    i.createdAt ?? new Date().toISOString(),
  );
}

export function seedPool(db: Db, count: number, prefix = 'pool'): string[] {
  const urls = Array.from({ length: count }, (_, n) => `https://${prefix}${String(n).padStart(3, '0')}.sourcegraph.test`);
  urls.forEach((url, n) => seedInstance(db, { url, createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString() }));
  return urls;
}

/** The demo team most tests use. */
export const team = {
  sdr: { id: 'USDR1', email: 'sam.sdr@vendor.test', role: 'inbound_sdr' as const },
  sdr2: { id: 'USDR2', email: 'sue.sdr@vendor.test', role: 'inbound_sdr' as const },
  namedSdr: { id: 'UNSDR', email: 'nina.named@vendor.test', role: 'sdr' as const },
  ae1: { id: 'UAE1', email: 'alice.ae@vendor.test', role: 'ae' as const },
  ae2: { id: 'UAE2', email: 'arthur.ae@vendor.test', role: 'ae' as const },
  ce1: { id: 'UCE1', email: 'carol.ce@vendor.test', role: 'ce' as const },
  ce2: { id: 'UCE2', email: 'chris.ce@vendor.test', role: 'ce' as const },
  licenseOwner: { id: 'ULIC', email: 'malo@vendor.test', role: 'license_owner' as const },
  feedbackOwner: { id: 'UFEED', email: 'malo@vendor.test', role: 'feedback_owner' as const },
  admin: { id: 'UADMIN', email: 'ops@vendor.test', role: 'admin' as const },
  outsider: { id: 'UOUT', email: 'olga@vendor.test' },
};

export function seedTeam(db: Db): void {
  seedPeople(db, [team.sdr, team.sdr2, team.namedSdr, team.ae1, team.ae2, team.ce1, team.ce2, team.licenseOwner, team.feedbackOwner, team.admin]);
}
