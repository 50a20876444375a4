import { beforeEach, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../src/config.js';
import { startOfLocalDay } from '../../src/core/deadlines.js';
import { openDatabase, type Db } from '../../src/db/open-database.js';
import { startTrialClock } from '../../src/flows/start-trial-clock.js';
import { convertTrial } from '../../src/flows/convert-trial.js';
import { extendTrial } from '../../src/flows/extend-trial.js';
import { recordFeedbackSent } from '../../src/flows/record-feedback-sent.js';
import { requestDomainChange } from '../../src/flows/request-domain-change.js';
import { terminateTrial } from '../../src/flows/terminate-trial.js';
import { mayManageTrial } from '../../src/flows/trial-permissions.js';
import { insertTrial } from '../../src/stores/trial-store.js';
import { seedInstance, seedTeam, team } from '../support/seed.js';

const BERLIN = 'Europe/Berlin';
const DAY = 86_400_000;
// 10:00 in Berlin on 2026-03-02; day 15 is 2026-03-17, day 30 is 2026-04-01 (after the spring DST change).
const start = new Date('2026-03-02T09:00:00.000Z');
const at = (days: number) => new Date(start.getTime() + days * DAY);

let db: Db;
let config: Config;

function config_(zone: string): Config {
  return loadConfig({
    SLACK_BOT_TOKEN: 'xoxb-x',
    SLACK_SIGNING_SECRET: 's',
    ALERTS_CHANNEL: 'CALERTS',
    GITHUB_TOKEN: 'g',
    GITHUB_REPO: 'o/r',
    GITHUB_WEBHOOK_SECRET: 'w',
    WEBHOOK_SECRET: 'w',
    TIMEZONE: zone,
  });
}

function runningTrial(id = 'tr_test0001', status: 'active' | 'queued' | 'provisioning' = 'active'): string {
  const url = `https://${id}.sourcegraph.test`;
  insertTrial(
    db,
    {
      id,
      case_code: '2.2',
      status,
      domain: `${id}.com`,
      prospect_email: `p@${id}.com`,
      company: 'Hooli',
      ae_id: team.ae1.id,
      ce_id: team.ce1.id,
      instance_url: status === 'active' ? url : null,
    },
    start,
  );
  if (status === 'active') {
    seedInstance(db, { url, domain: `${id}.com`, adminEmail: `p@${id}.com` });
    startTrialClock(db, id, start, config.TIMEZONE, start);
  }
  return id;
}

const open = (id: string) =>
  db
    .prepare(
      `SELECT kind, due_on AS dueOn, due_at AS dueAt FROM milestones WHERE trial_id = ? AND answered_at IS NULL AND cancelled_at IS NULL ORDER BY due_on`,
    )
    .all(id);
const milestone = (id: string, kind: string, dueOn: string) =>
  db.prepare('SELECT * FROM milestones WHERE trial_id = ? AND kind = ? AND due_on = ?').get(id, kind, dueOn) as Record<string, string | null>;
const effects = (kind?: string) =>
  db.prepare(`SELECT key, kind, payload FROM outbox ${kind ? 'WHERE kind = ?' : ''} ORDER BY id`).all(...(kind ? [kind] : [])) as Array<{
    key: string;
    kind: string;
    payload: string;
  }>;
const endsAt = (id: string) => (db.prepare('SELECT ends_at FROM trials WHERE id = ?').get(id) as { ends_at: string }).ends_at;
const prompt = (id: string, kind: string) =>
  db.prepare('UPDATE milestones SET prompted_at = ? WHERE trial_id = ? AND kind = ?').run(at(15).toISOString(), id, kind);

beforeEach(() => {
  db = openDatabase(':memory:');
  config = config_(BERLIN);
  seedTeam(db);
});

describe('extendTrial re-plans the milestones', () => {
  it('15 days at day 15 lands on day 30: the day-15 prompt is answered and day 30 is the next one', () => {
    const id = runningTrial();
    prompt(id, 'day15');
    const outcome = extendTrial(db, config, id, team.ce1.id, { days: 15, submission: 's1', source: 'command' }, at(15));
    expect(outcome).toMatchObject({ ok: true, previousEndOn: '2026-03-17', newEndOn: '2026-04-01', licenseChange: false });
    expect(milestone(id, 'day15', '2026-03-17').answered_at).not.toBeNull();
    expect(open(id)).toEqual([{ kind: 'day30', dueOn: '2026-04-01', dueAt: startOfLocalDay('2026-04-01', BERLIN).toISOString() }]);
    expect(endsAt(id)).toBe('2026-04-01');
  });

  it('a short extension ends on its own milestone and leaves day 30 for later', () => {
    const id = runningTrial();
    extendTrial(db, config, id, team.ce1.id, { days: 5, submission: 's1', source: 'command' }, at(15));
    expect(open(id)).toEqual([
      { kind: 'extension_end', dueOn: '2026-03-22', dueAt: '2026-03-21T23:00:00.000Z' },
      { kind: 'day30', dueOn: '2026-04-01', dueAt: '2026-03-31T22:00:00.000Z' },
    ]);
    // A second extension that reaches day 30 answers the first's prompt and keeps day 30.
    prompt(id, 'extension_end');
    extendTrial(db, config, id, team.ce1.id, { days: 10, submission: 's2', source: 'command' }, at(20));
    expect(milestone(id, 'extension_end', '2026-03-22').answered_at).not.toBeNull();
    expect(open(id)).toEqual([expect.objectContaining({ kind: 'day30', dueOn: '2026-04-01' })]);
  });

  it('past day 30: the day-30 prompt is answered and a new end milestone is due at local midnight', () => {
    const id = runningTrial();
    extendTrial(db, config, id, team.ce1.id, { days: 15, submission: 's1', source: 'command' }, at(15));
    prompt(id, 'day30');
    const outcome = extendTrial(db, config, id, team.ae1.id, { days: 30, reason: 'procurement', submission: 's2', source: 'button' }, at(30));
    expect(outcome).toMatchObject({ ok: true, newEndOn: '2026-05-01', licenseChange: true });
    expect(milestone(id, 'day30', '2026-04-01').answered_at).not.toBeNull();
    expect(open(id)).toEqual([{ kind: 'extension_end', dueOn: '2026-05-01', dueAt: '2026-04-30T22:00:00.000Z' }]);
    const issue = JSON.parse(effects('github.issue').at(-1)!.payload);
    expect(issue).toMatchObject({ kind: 'extend', trialId: id });
    expect(issue.draft.body).toContain('License change needed');
    expect(issue.draft.body).toContain('procurement');
  });

  it('the same command resent extends once', () => {
    const id = runningTrial();
    expect(extendTrial(db, config, id, team.ce1.id, { days: 15, submission: 'command:T1', source: 'command' }, at(15))).toMatchObject({ ok: true });
    expect(extendTrial(db, config, id, team.ce1.id, { days: 15, submission: 'command:T1', source: 'command' }, at(15))).toMatchObject({ refused: 'duplicate' });
    expect(endsAt(id)).toBe('2026-04-01');
  });

  it('a prompt button answers the waiting prompt once, however many copies of it are clicked', () => {
    const id = runningTrial();
    expect(extendTrial(db, config, id, team.ce1.id, { days: 15, source: 'button' }, at(15))).toMatchObject({ refused: 'prompt_answered' });
    prompt(id, 'day15');
    expect(extendTrial(db, config, id, team.ce1.id, { days: 15, source: 'button' }, at(15))).toMatchObject({ ok: true, newEndOn: '2026-04-01' });
    expect(extendTrial(db, config, id, team.ae1.id, { days: 15, source: 'button' }, at(15))).toMatchObject({ refused: 'prompt_answered' });
    expect(endsAt(id)).toBe('2026-04-01');
    // The next prompt (day 30) can be answered by its own button.
    prompt(id, 'day30');
    expect(extendTrial(db, config, id, team.ae1.id, { days: 10, source: 'button' }, at(30))).toMatchObject({ ok: true, newEndOn: '2026-04-11' });
  });

  it('day 15 unanswered: an extension counts from day 30 once day 30 is due, even before its prompt went out', () => {
    const id = runningTrial();
    prompt(id, 'day15');
    // Day 31 in Berlin, before the 09:00 run: day 30 is due but not yet asked.
    const outcome = extendTrial(db, config, id, team.ce1.id, { days: 15, submission: 's1', source: 'command' }, at(30.9));
    expect(outcome).toMatchObject({ ok: true, previousEndOn: '2026-04-01', newEndOn: '2026-04-16', fromToday: false });
    expect(milestone(id, 'day15', '2026-03-17').answered_at).not.toBeNull();
    expect(milestone(id, 'day30', '2026-04-01').cancelled_at).not.toBeNull();
    expect(open(id)).toEqual([expect.objectContaining({ kind: 'extension_end', dueOn: '2026-04-16' })]);
  });

  it('an extension never lands in the past: answered 20 days late, it runs its days from today', () => {
    const id = runningTrial();
    db.prepare(`UPDATE milestones SET cancelled_at = ? WHERE trial_id = ? AND kind = 'day15'`).run(at(30).toISOString(), id);
    db.prepare(`UPDATE milestones SET prompted_at = ? WHERE trial_id = ? AND kind = 'day30'`).run(at(30).toISOString(), id);
    db.prepare(`UPDATE trials SET ends_at = '2026-04-01' WHERE id = ?`).run(id);
    // Day 50 is 2026-04-21: day 30 + 15 would be 2026-04-16, five days ago.
    const outcome = extendTrial(db, config, id, team.ce1.id, { days: 15, source: 'button' }, at(50));
    expect(outcome).toMatchObject({ ok: true, previousEndOn: '2026-04-01', newEndOn: '2026-05-06', fromToday: true });
    expect(endsAt(id)).toBe('2026-05-06');
    expect(JSON.parse(effects('slack.post').at(-1)!.payload).text).toContain('it now ends on *Wed 6 May* (was Wed 1 Apr, already past, so counted from today)');
    expect(open(id)).toEqual([expect.objectContaining({ kind: 'extension_end', dueOn: '2026-05-06' })]);
  });

  it('a prompt’s button answers its own prompt; an older prompt’s Extend, while a later one waits, changes nothing', () => {
    const id = runningTrial();
    const ids = Object.fromEntries(
      (db.prepare('SELECT kind, id FROM milestones WHERE trial_id = ?').all(id) as Array<{ kind: string; id: number }>).map((m) => [m.kind, m.id]),
    );
    db.prepare(`UPDATE milestones SET prompted_at = ?, cancelled_at = ? WHERE id = ?`).run(at(15).toISOString(), at(30).toISOString(), ids.day15);
    db.prepare(`UPDATE milestones SET prompted_at = ? WHERE id = ?`).run(at(30).toISOString(), ids.day30);
    const before = { effects: effects().length, milestones: db.prepare('SELECT * FROM milestones').all(), endsAt: endsAt(id) };
    expect(extendTrial(db, config, id, team.ce1.id, { days: 15, source: 'button', prompt: ids.day15 }, at(30))).toMatchObject({
      refused: 'prompt_superseded',
      clicked: { kind: 'day15', dueOn: '2026-03-17' },
      waiting: { kind: 'day30', dueOn: '2026-04-01' },
    });
    expect({ effects: effects().length, milestones: db.prepare('SELECT * FROM milestones').all(), endsAt: endsAt(id) }).toEqual(before);
    expect(extendTrial(db, config, id, team.ce1.id, { days: 15, source: 'button', prompt: ids.day30 }, at(30))).toMatchObject({
      ok: true,
      newEndOn: '2026-04-16',
    });
    expect(extendTrial(db, config, id, team.ce1.id, { days: 15, source: 'button', prompt: ids.day30 }, at(30))).toMatchObject({ refused: 'prompt_answered' });
  });

  it('refuses outsiders, unstarted and ended trials without changing anything', () => {
    const id = runningTrial();
    const queued = runningTrial('tr_queued01', 'queued');
    const before = { effects: effects().length, milestones: db.prepare('SELECT * FROM milestones').all() };
    expect(extendTrial(db, config, id, team.sdr.id, { days: 15, submission: 'a', source: 'command' }, at(15))).toMatchObject({ refused: 'not_allowed' });
    expect(extendTrial(db, config, queued, team.ce1.id, { days: 15, submission: 'b', source: 'command' }, at(15))).toMatchObject({ refused: 'not_started' });
    expect(extendTrial(db, config, 'tr_nope', team.ce1.id, { days: 15, submission: 'c', source: 'command' }, at(15))).toEqual({ refused: 'unknown_trial' });
    expect({ effects: effects().length, milestones: db.prepare('SELECT * FROM milestones').all() }).toEqual(before);
    convertTrial(db, config, id, team.ce1.id, { source: 'command' }, at(20));
    expect(extendTrial(db, config, id, team.ce1.id, { days: 15, submission: 'd', source: 'command' }, at(21))).toMatchObject({ refused: 'ended' });
    expect(() => extendTrial(db, config, id, team.ce1.id, { days: 91, submission: 'e', source: 'command' }, at(21))).toThrow(RangeError);
  });
});

describe('terminateTrial', () => {
  it('stops routing, closes every milestone, asks the feedback owner, and is refused the second time', () => {
    const id = runningTrial();
    prompt(id, 'day15');
    const outcome = terminateTrial(db, config, id, team.ce1.id, { reason: 'inactive', source: 'button' }, at(16));
    expect(outcome).toMatchObject({ ok: true, feedbackTo: [team.feedbackOwner.id] });
    expect(db.prepare(`SELECT status FROM instances WHERE url = ?`).get(`https://${id}.sourcegraph.test`)).toEqual({ status: 'terminated' });
    expect(open(id)).toEqual([]);
    expect(milestone(id, 'day15', '2026-03-17').answered_at).not.toBeNull();
    const requests = effects('feedback.post').map((e) => JSON.parse(e.payload));
    expect(requests).toEqual([{ trialId: id, to: { user: team.feedbackOwner.id } }]);
    expect(effects('github.issue').map((e) => JSON.parse(e.payload).kind)).toEqual(['terminate']);
    expect(terminateTrial(db, config, id, team.ce1.id, { source: 'command' }, at(16))).toMatchObject({ refused: 'ended' });
  });

  it('a queued trial ends without an issue for the cloud team (there is no instance)', () => {
    const id = runningTrial('tr_queued01', 'queued');
    expect(terminateTrial(db, config, id, team.admin.id, { source: 'command' }, at(1))).toMatchObject({ ok: true });
    expect(effects('github.issue')).toEqual([]);
  });

  it('feedback sent is recorded once, by a feedback owner or admin', () => {
    const id = runningTrial();
    terminateTrial(db, config, id, team.ce1.id, { source: 'command' }, at(16));
    expect(recordFeedbackSent(db, id, team.ce1.id, at(17))).toEqual({ refused: 'not_feedback_owner' });
    expect(recordFeedbackSent(db, id, team.feedbackOwner.id, at(17))).toMatchObject({ ok: true });
    expect(recordFeedbackSent(db, id, team.admin.id, at(18))).toEqual({ refused: 'already', by: team.feedbackOwner.id, at: at(17).toISOString() });
  });
});

describe('convertTrial and requestDomainChange', () => {
  it('terminate records a lost opportunity for the AE; a personal-mail trial records none', () => {
    const id = runningTrial();
    terminateTrial(db, config, id, team.ce1.id, { source: 'command' }, at(16));
    const personal = runningTrial('tr_gmail001');
    db.prepare(`UPDATE trials SET personal_email = 1, domain = 'gmail.com' WHERE id = ?`).run(personal);
    terminateTrial(db, config, personal, team.ce1.id, { source: 'command' }, at(16));
    expect(db.prepare('SELECT domain, ae_id, trial_id, outcome, closed_at FROM opportunities').all()).toEqual([
      { domain: `${id}.com`, ae_id: team.ae1.id, trial_id: id, outcome: 'lost', closed_at: at(16).toISOString() },
    ]);
  });

  it('a domain change is still possible once converted (customers want the vanity domain when they buy), not once terminated', () => {
    const converted = runningTrial('tr_convert1');
    convertTrial(db, config, converted, team.ce1.id, { source: 'command' }, at(29));
    expect(requestDomainChange(db, config, converted, team.ce1.id, { vanity: 'hooli.sourcegraph.com' }, at(31))).toMatchObject({
      ok: true,
      vanity: 'hooli.sourcegraph.com',
    });
    const terminated = runningTrial('tr_termin01');
    terminateTrial(db, config, terminated, team.ce1.id, { source: 'command' }, at(16));
    const before = effects().length;
    expect(requestDomainChange(db, config, terminated, team.ce1.id, { vanity: 'other.sourcegraph.com' }, at(17))).toMatchObject({ refused: 'ended' });
    expect(effects().length).toBe(before);
  });

  it('convert records a won opportunity for the AE and closes the milestones', () => {
    const id = runningTrial();
    expect(convertTrial(db, config, id, team.admin.id, { source: 'command' }, at(29))).toMatchObject({ ok: true });
    expect(open(id)).toEqual([]);
    expect(db.prepare('SELECT domain, ae_id, outcome FROM opportunities').all()).toEqual([{ domain: `${id}.com`, ae_id: team.ae1.id, outcome: 'won' }]);
  });

  it('domain change: one issue per hostname, not to the current one', () => {
    const id = runningTrial();
    expect(requestDomainChange(db, config, id, team.ce1.id, { vanity: `${id}.sourcegraph.test` }, at(3))).toMatchObject({ refused: 'same_domain' });
    expect(requestDomainChange(db, config, id, team.ce1.id, { vanity: 'hooli.sourcegraph.com' }, at(3))).toMatchObject({ ok: true });
    expect(requestDomainChange(db, config, id, team.ce1.id, { vanity: 'hooli.sourcegraph.com' }, at(3))).toMatchObject({ refused: 'duplicate' });
    expect(effects('github.issue').map((e) => JSON.parse(e.payload).kind)).toEqual(['domain-change']);
  });
});

describe('mayManageTrial', () => {
  it('the CE, the AE and admins; nobody else', () => {
    const trial = { ae_id: team.ae1.id, ce_id: team.ce1.id };
    expect(mayManageTrial(db, trial, team.ce1.id)).toBe(true);
    expect(mayManageTrial(db, trial, team.ae1.id)).toBe(true);
    expect(mayManageTrial(db, trial, team.admin.id)).toBe(true);
    for (const other of [team.ae2.id, team.ce2.id, team.sdr.id, team.namedSdr.id, team.outsider.id, '']) expect(mayManageTrial(db, trial, other)).toBe(false);
    expect(mayManageTrial(db, { ae_id: null, ce_id: null }, '')).toBe(false);
  });
});
