import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/admin.js';
import { seedAccount, seedInstance, seedPool, seedTeam, team } from '../support/seed.js';
import { REPO, TestBot } from '../support/test-bot.js';
import { ActionId } from '../../src/messages/slack/ids.js';

// A hand-built month in Europe/Berlin (UTC+1 in November), driven through the bot's own doors:
// signups, the SDR's buttons and modal, the cloud team's GitHub label, activity webhooks and
// `/trial` commands. The report is asked on Wed 2 Dec 12:00 Berlin, for 4 weeks:
//   Mon 9 Nov    nothing at all
//   Mon 16 Nov   Initech (Case 3, signed up 23:30 UTC on Sunday 15 Nov: Monday in Berlin) qualified in 3 min,
//                ready 2 h later, searched on day 2, a repository, back on day 3 (PQL), extended, converted on 30 Nov;
//                Wonka (3) disqualified as spam after 10 min; Vandelay (3) "Other: wants self-hosted" after 4 min;
//                Globex (2.2, pool) code host on day 1 and a repository on day 8, terminated;
//                Pied Piper (3) at 22:30 UTC on Sunday 22 Nov (still Sunday in Berlin), never triaged.
//   Mon 23 Nov   Massive (3, 23:30 UTC Sunday 22 Nov) qualified after 20 min, ready a day later, a search and a
//                repository on its first day only (active, not PQL), terminated;
//                Initrode (2.1, named, pool), untouched.
//   Mon 30 Nov   Soylent (Case 1, its own instance) on 1 Dec; Umbrella (3) two minutes before the report.
let t: TestBot;
// The bot's clock stands still where the story puts it, so every duration is exactly the one written here.
let current = 0;
const clock = () => new Date(current);
const setClock = (iso: string) => {
  current = Date.parse(iso);
};
const NOW = '2026-12-02T11:00:00Z';

const alertOf = (trialId: string) => t.alerts().find((m) => JSON.stringify(m.blocks ?? []).includes(trialId))!;
const spaceOf = (trialId: string) => (t.db.prepare('SELECT space_channel_id AS c FROM trials WHERE id = ?').get(trialId) as { c: string }).c;

async function signup(at: string, id: string, email: string, company: string): Promise<string> {
  setClock(at);
  const res = await t.signup({ id, email, company });
  expect(res.status).toBe(200);
  await t.settle();
  return res.body.trialId as string;
}

async function qualify(at: string, trialId: string) {
  setClock(at);
  const alert = alertOf(trialId);
  await t.clickButton(team.sdr.id, ActionId.Qualify, trialId, { channel: alert.channel, ts: alert.ts });
  await t.lastEphemeral(team.sdr.id, t.slack.ephemeralsFor(team.sdr.id).length + 1);
  await t.settle();
}

async function disqualify(at: string, trialId: string, reason: string, detail = '') {
  setClock(at);
  const alert = alertOf(trialId);
  const views = t.slack.views.length;
  await t.clickButton(team.sdr.id, ActionId.Disqualify, trialId, { channel: alert.channel, ts: alert.ts });
  await t.eventually(() => expect(t.slack.views).toHaveLength(views + 1));
  const view = t.slack.views.at(-1)!.view as any;
  const before = t.slack.ephemeralsFor(team.sdr.id).length;
  await t.submitView(team.sdr.id, {
    callback_id: view.callback_id,
    private_metadata: view.private_metadata,
    values: {
      reason: { value: { type: 'static_select', selected_option: { value: reason } } },
      detail: { value: { type: 'plain_text_input', value: detail } },
    },
  });
  await t.lastEphemeral(team.sdr.id, before + 1);
  await t.settle();
}

/** The cloud team comments where the instance is, then labels the request ready. */
async function ready(at: string, trialId: string, url: string) {
  setClock(at);
  const number = (t.db.prepare('SELECT request_issue_number AS n FROM trials WHERE id = ?').get(trialId) as { n: number }).n;
  t.github.commentAs(REPO, number, 'cloud-ops', `Provisioned at ${url}`);
  await t.github.deliveriesSettled();
  t.github.labelIssue(REPO, number, 'cloud-trial/instance-ready');
  await t.github.deliveriesSettled();
  await t.settle();
}

async function activity(instanceUrl: string, id: string, event: string, at: string, isPrivate = false) {
  const res = await t.webhook('/webhooks/activity', { id, instanceUrl, event, at, private: isPrivate });
  expect(res.status).toBe(200);
}

async function command(at: string, trialId: string, text: string, answer: RegExp) {
  setClock(at);
  const res = await t.command(team.admin.id, spaceOf(trialId), text);
  expect(res.body.text).toMatch(answer);
  await t.settle();
}

const instanceOf = (trialId: string) => (t.db.prepare('SELECT instance_url AS u FROM trials WHERE id = ?').get(trialId) as { u: string }).u;

beforeAll(async () => {
  setClock('2026-11-01T09:00:00Z');
  t = await TestBot.start({ now: clock, env: { TIMEZONE: 'Europe/Berlin' }, options: { schedule: false } });
  seedTeam(t.db);
  seedPool(t.db, 3);
  seedAccount(t.db, { domain: 'globex.com', name: 'Globex', prequalified: true, named: false });
  seedAccount(t.db, { domain: 'initrode.com', name: 'Initrode', prequalified: true, named: true, namedSdr: team.namedSdr.email });
  seedInstance(t.db, { url: 'https://soylent.sourcegraph.test', domain: 'soylent.com', adminEmail: 'admin@soylent.com' });

  const initech = await signup('2026-11-15T23:30:00Z', 'initech', 'bob@initech.com', 'Initech');
  await qualify('2026-11-15T23:33:00Z', initech);
  await ready('2026-11-16T01:33:00Z', initech, 'https://initech.sourcegraph.test');
  await activity('https://initech.sourcegraph.test', 'i1', 'search', '2026-11-18T10:00:00Z');
  await activity('https://initech.sourcegraph.test', 'i2', 'repo_added', '2026-11-18T10:05:00Z');
  await activity('https://initech.sourcegraph.test', 'i3', 'visit', '2026-11-19T09:00:00Z');

  const wonka = await signup('2026-11-16T09:00:00Z', 'wonka', 'willy@wonka.com', 'Wonka');
  await disqualify('2026-11-16T09:10:00Z', wonka, 'spam');
  const vandelay = await signup('2026-11-17T09:00:00Z', 'vandelay', 'art@vandelay.com', 'Vandelay');
  await disqualify('2026-11-17T09:04:00Z', vandelay, 'other', 'wants self-hosted');

  const globex = await signup('2026-11-18T09:00:00Z', 'globex', 'hank@globex.com', 'Globex');
  await activity(instanceOf(globex), 'g1', 'code_host_added', '2026-11-19T10:00:00Z');
  await activity(instanceOf(globex), 'g2', 'repo_added', '2026-11-26T10:00:00Z', true);
  await command('2026-11-27T10:00:00Z', globex, 'terminate no search yet', /Terminated/);

  await signup('2026-11-22T22:30:00Z', 'piedpiper', 'richard@piedpiper.com', 'Pied Piper');
  await command('2026-11-20T10:00:00Z', initech, 'extend 15 going well', /xtended/);

  const massive = await signup('2026-11-22T23:30:00Z', 'massive', 'dana@massive.com', 'Massive');
  await qualify('2026-11-22T23:50:00Z', massive);
  await ready('2026-11-23T23:50:00Z', massive, 'https://massive.sourcegraph.test');
  await activity('https://massive.sourcegraph.test', 'm1', 'search', '2026-11-24T10:00:00Z');
  await activity('https://massive.sourcegraph.test', 'm2', 'repo_added', '2026-11-24T22:30:00Z', true);
  await command('2026-11-28T10:00:00Z', massive, 'terminate went quiet', /Terminated/);
  await signup('2026-11-25T09:00:00Z', 'initrode', 'peter@initrode.com', 'Initrode');

  await signup('2026-12-01T09:00:00Z', 'soylent', 'sol@soylent.com', 'Soylent');
  await command('2026-11-30T10:00:00Z', initech, 'convert', /is converted/);
  await signup('2026-12-02T10:58:00Z', 'umbrella', 'alice@umbrella.com', 'Umbrella');
}, 120_000);
afterAll(async () => t?.close());

async function admin(argv: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: { DATABASE_PATH: t.env.DATABASE_PATH!, TIMEZONE: 'Europe/Berlin', ...env },
    now: () => new Date(NOW),
  });
  return { code, stdout, stderr };
}

type CsvRow = Record<string, string>;
async function csvReport(argv: string[] = [], env: Record<string, string> = {}): Promise<CsvRow[]> {
  const file = join(t.dir, `report-${Math.random().toString(36).slice(2)}.csv`);
  const out = await admin(['report', ...argv, '--csv', file], env);
  expect(out).toMatchObject({ code: 0, stderr: '' });
  return parse(readFileSync(file, 'utf8'), { columns: true }) as CsvRow[];
}
const rowOf = (rows: CsvRow[], week: string, c: string) => rows.find((r) => r.week_start === week && r.case === c)!;

describe('admin report: every metric against the hand-built month', () => {
  it('has a row per week and case, oldest first, the empty week included', async () => {
    const rows = await csvReport();
    expect(rows.map((r) => `${r.week_start} ${r.case}`)).toEqual(
      ['2026-11-09', '2026-11-16', '2026-11-23', '2026-11-30'].flatMap((w) => ['1', '2.1', '2.2', '3', 'all'].map((c) => `${w} ${c}`)),
    );
    const empty = rowOf(rows, '2026-11-09', 'all');
    expect(empty).toMatchObject({
      week: 'Mon 9 Nov – Sun 15 Nov',
      signups: '0',
      qualified: '0',
      triage_p50_minutes: '',
      ready: '0',
      pql_rate: '',
      conversion_rate: '',
    });
  });

  it('week of 16 Nov, Case 3: counted by hand', async () => {
    expect(rowOf(await csvReport(), '2026-11-16', '3')).toEqual({
      week_start: '2026-11-16',
      week: 'Mon 16 Nov – Sun 22 Nov',
      case: '3',
      signups: '4', // Initech, Wonka, Vandelay, Pied Piper
      qualified: '1',
      disqualified: '2',
      disqualified_self_service: '0',
      disqualified_nurture: '0',
      disqualified_consultant: '0',
      disqualified_student: '0',
      disqualified_job_seeker: '0',
      disqualified_competitor: '0',
      disqualified_not_a_fit: '0',
      disqualified_spam: '1',
      disqualified_other: '1',
      triage_decisions: '3', // 3, 10 and 4 minutes
      triage_p50_minutes: '4',
      triage_p90_minutes: '10',
      triage_within_sla: '2', // 3 and 4 minutes; 10 minutes and Pied Piper (never) missed
      triage_sla_settled: '4',
      triage_within_sla_rate: '0.5',
      ready: '1',
      qualify_to_ready_p50_minutes: '120',
      qualify_to_ready_p90_minutes: '120',
      activated_by_day_7: '1', // a search on day 2
      activated_by_day_15: '1',
      pql: '1', // search, repository, second active day
      pql_rate: '1',
      extended: '1',
      converted: '1', // on 30 Nov, still counted in its signup week
      terminated: '0',
      conversion_rate: '1',
    });
  });

  it('week of 16 Nov, Case 2.2 and all cases', async () => {
    const rows = await csvReport();
    expect(rowOf(rows, '2026-11-16', '2.2')).toMatchObject({
      signups: '1',
      qualified: '1', // pre-qualified
      triage_decisions: '0',
      triage_sla_settled: '0',
      ready: '1',
      qualify_to_ready_p50_minutes: '0', // a pool instance: ready at signup
      activated_by_day_7: '0', // code host on day 1, but its repository only on day 8
      activated_by_day_15: '1',
      pql: '0', // no search
      pql_rate: '0',
      terminated: '1',
      conversion_rate: '0',
    });
    expect(rowOf(rows, '2026-11-16', 'all')).toMatchObject({
      signups: '5',
      qualified: '2',
      disqualified: '2',
      triage_p50_minutes: '4',
      triage_p90_minutes: '10',
      triage_within_sla_rate: '0.5',
      ready: '2',
      qualify_to_ready_p50_minutes: '0',
      qualify_to_ready_p90_minutes: '120',
      activated_by_day_7: '1',
      activated_by_day_15: '2',
      pql: '1',
      pql_rate: '0.5',
      extended: '1',
      converted: '1',
      terminated: '1',
      conversion_rate: '0.5',
    });
  });

  it('weeks of 23 and 30 Nov: a Sunday-night UTC signup is Monday’s in Berlin; a lead inside its 5 minutes is not yet counted against the SLA', async () => {
    const rows = await csvReport();
    expect(rowOf(rows, '2026-11-23', '3')).toMatchObject({
      signups: '1',
      qualified: '1',
      triage_p50_minutes: '20',
      triage_within_sla: '0',
      triage_sla_settled: '1',
      ready: '1',
      qualify_to_ready_p50_minutes: '1440',
      activated_by_day_7: '1',
      activated_by_day_15: '1',
      pql: '0', // searched and added a repository, but on one day only (23:30 in Berlin is still 24 Nov)
      pql_rate: '0',
      terminated: '1',
    });
    expect(rowOf(rows, '2026-11-23', '2.1')).toMatchObject({ signups: '1', qualified: '1', ready: '1', activated_by_day_15: '0' });
    expect(rowOf(rows, '2026-11-23', 'all')).toMatchObject({ signups: '2', qualified: '2', ready: '2', qualify_to_ready_p90_minutes: '1440' });
    expect(rowOf(rows, '2026-11-30', '1')).toMatchObject({ signups: '1', qualified: '0', ready: '0' });
    expect(rowOf(rows, '2026-11-30', '3')).toMatchObject({ signups: '1', triage_decisions: '0', triage_sla_settled: '0', triage_within_sla_rate: '' });
  });

  it('in UTC the same signups fall in other weeks', async () => {
    const rows = await csvReport([], { TIMEZONE: 'UTC' });
    // Initech (Sunday 15 Nov, 23:30 UTC) now counts in the week of 9 Nov, and Massive (Sunday 22 Nov) in that of 16 Nov,
    // with Wonka, Vandelay and Pied Piper.
    expect(rowOf(rows, '2026-11-09', '3')).toMatchObject({ signups: '1', qualified: '1' });
    expect(rowOf(rows, '2026-11-16', '3')).toMatchObject({ signups: '4', qualified: '1', disqualified: '2' });
    expect(rowOf(rows, '2026-11-23', '3')).toMatchObject({ signups: '0' });
  });

  it('--weeks picks how far back: one week is this week so far', async () => {
    const rows = await csvReport(['--weeks', '1']);
    expect(new Set(rows.map((r) => r.week_start))).toEqual(new Set(['2026-11-30']));
    expect(rowOf(rows, '2026-11-30', 'all')).toMatchObject({ signups: '2' });
  });

  it('prints an aligned table with each week once, durations and shares as people read them', async () => {
    const out = await admin(['report']);
    expect(out.code).toBe(0);
    const lines = out.stdout.split('\n');
    expect(lines[0]).toBe('Trial funnel, Mon 9 Nov – Sun 6 Dec (weeks Monday to Sunday, Europe/Berlin)');
    const header = lines.find((l) => l.startsWith('week of'))!;
    const row = (label: string, c: string) =>
      lines[lines.findIndex((l) => l.startsWith(label)) + ['Case 1', 'Case 2.1', 'Case 2.2', 'Case 3', 'All cases'].indexOf(c)]!;
    // Every column starts where its header does.
    const at = (name: string) => header.indexOf(name);
    const all16 = row('Mon 16 Nov', 'All cases');
    expect(all16.slice(at('case')).startsWith('All cases')).toBe(true);
    expect(all16.slice(at('signups')).startsWith('5 ')).toBe(true);
    expect(all16.slice(at('triage p50')).startsWith('4 min ')).toBe(true);
    expect(all16.slice(at('triage p90')).startsWith('10 min ')).toBe(true);
    expect(all16.slice(at('within 5 min')).startsWith('2/4 (50 %) ')).toBe(true);
    expect(all16.slice(at('to ready p50')).startsWith('< 1 min ')).toBe(true);
    expect(all16.slice(at('to ready p90')).startsWith('2 h ')).toBe(true);
    expect(all16.slice(at('PQL')).startsWith('1 (50 %) ')).toBe(true);
    expect(all16.slice(at('conversion')).startsWith('50 % ')).toBe(true);
    expect(all16.slice(at('disqualified because'))).toBe('Other 1, Spam / bad data 1');
    expect(row('Mon 23 Nov', 'Case 3').slice(at('to ready p50')).startsWith('1 day ')).toBe(true);
    expect(lines.some((l) => l.startsWith('Mon 30 Nov (so far)'))).toBe(true);
    expect(row('Mon 9 Nov', 'All cases').slice(at('triage p50')).startsWith('— ')).toBe(true);
  });
});

describe('admin report: bad input is refused, and nothing is written', () => {
  it.each([
    [['--weeks', '0'], /--weeks takes a whole number from 1 to 104, not "0"/],
    [['--weeks', 'four'], /--weeks takes a whole number from 1 to 104, not "four"/],
    [['--weeks'], /--weeks takes a number of weeks/],
    [['--weeks', '2', '--weeks', '3'], /report takes --weeks once/],
    [['--csv'], /--csv takes a FILE to write/],
    [['--csv', '--weeks', '2'], /--csv takes a FILE to write/],
    [['--since', '2026-11-01'], /report takes --weeks N and --csv FILE, not "--since"/],
  ])('report %j', async (args, message) => {
    const out = await admin(['report', ...args]);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(message);
    expect(out.stderr).toContain('report [--weeks N] [--csv FILE]');
    expect(out.stdout).toBe('');
  });

  it('a mistyped TIMEZONE is named, and an unwritable file too', async () => {
    const zone = await admin(['report'], { TIMEZONE: 'Europe/Berlim' });
    expect(zone).toMatchObject({ code: 1, stdout: '' });
    expect(zone.stderr).toMatch(/invalid setting TIMEZONE/);
    const file = join(t.dir, 'missing-folder', 'report.csv');
    const unwritable = await admin(['report', '--csv', file]);
    expect(unwritable).toMatchObject({ code: 1, stdout: '' });
    expect(unwritable.stderr).toBe(`cannot write ${file}: ENOENT\n`);
    expect(existsSync(file)).toBe(false);
  });

  it('the help lists it', async () => {
    const out = await admin(['help']);
    expect(out.stdout).toContain('report [--weeks N] [--csv FILE]');
  });
});
