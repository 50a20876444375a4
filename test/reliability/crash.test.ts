import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open-database.js';
import { FakeGitHub } from '../../src/fakes/github-api.js';
import { FakeSlack } from '../../src/fakes/slack-api.js';
import { ChildBot } from '../support/child-bot.js';
import { seedTeam, team } from '../support/seed.js';
import { slackSignature, webhookSignature } from '../support/sign.js';
import { ActionId } from '../../src/messages/slack/ids.js';
import { buttonClickFields, formBody, slashCommandFields } from '../support/slack-payloads.js';
import { startSmtpSink } from '../support/smtp-sink.js';
import { REPO, secrets } from '../support/test-bot.js';

/**
 * Kills the real server (SIGKILL) at a random instant of a flow, restarts it
 * on the same database, finishes the flow the way a person would (the signup
 * site retries an unanswered request, the SDR clicks again if nothing
 * happened), and checks that nothing was lost and nothing done twice.
 *
 * Instants per flow: 50 for signup-and-qualify and 25 for the others by
 * default (CI); CRASH_COUNT=200 sets every flow for a thorough run.
 * CRASH_SEED makes a run repeatable: the seed is printed with every failure.
 * The instants are stratified: the n-th falls somewhere in the n-th slice of the flow's
 * span, so even a small count covers the whole flow rather than a lucky part of it.
 */

/** A whole number from the environment, or undefined when unset; anything else stops the run. */
function wholeNumberFromEnv(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  // Number('abc') is NaN, and a NaN count would quietly run zero kills and pass.
  if (!/^\d+$/.test(raw.trim())) throw new Error(`${name} must be a whole number, not ${JSON.stringify(raw)}`);
  return Number(raw.trim());
}

const COUNT = wholeNumberFromEnv('CRASH_COUNT');
const SEED = wholeNumberFromEnv('CRASH_SEED') ?? Math.floor(Math.random() * 1e9);

function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Rig {
  dir: string;
  slack: FakeSlack;
  github: FakeGitHub;
  smtp: Awaited<ReturnType<typeof startSmtpSink>>;
  bot: ChildBot;
  dbPath: string;
  alerts: string;
  close(): Promise<void>;
}

async function rig(seed: (db: ReturnType<typeof openDatabase>) => void = () => {}): Promise<Rig> {
  const dir = mkdtempSync(join(tmpdir(), 'trialbot-crash-'));
  const slack = await FakeSlack.start({ token: secrets.slackToken });
  const github = await FakeGitHub.start({ token: secrets.githubToken, repos: [REPO] });
  const smtp = await startSmtpSink();
  for (const p of Object.values(team)) slack.addUser({ id: p.id, name: p.email.split('@')[0]!, email: p.email });
  const alerts = slack.createChannel({ name: 'cloud-trial-alerts', botIsMember: true }).id;
  const dbPath = join(dir, 'trialbot.db');
  const db = openDatabase(dbPath);
  seedTeam(db);
  seed(db);
  db.close();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  github.setWebhook({ url: `${url}/webhooks/github`, secret: secrets.github });
  const bot = new ChildBot(
    {
      SLACK_BOT_TOKEN: secrets.slackToken,
      SLACK_SIGNING_SECRET: secrets.signing,
      SLACK_API_URL: `${slack.url}/api/`,
      ALERTS_CHANNEL: alerts,
      GITHUB_TOKEN: secrets.githubToken,
      GITHUB_API_URL: github.url,
      GITHUB_REPO: REPO,
      GITHUB_WEBHOOK_SECRET: secrets.github,
      WEBHOOK_SECRET: secrets.webhook,
      DATABASE_PATH: dbPath,
      PORT: String(port),
      SMTP_URL: smtp.url,
      EMAIL_FROM: 'trials@trialbot.test',
      LOG_LEVEL: 'warn',
    },
    url,
  );
  return {
    dir,
    slack,
    github,
    smtp,
    bot,
    dbPath,
    alerts,
    async close() {
      await bot.kill();
      await slack.close();
      await github.close();
      await smtp.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Reads the server's database without disturbing it (WAL: readers never block the writer). */
function peek<T>(r: Rig, sql: string, ...params: unknown[]): T | undefined {
  const db = new Database(r.dbPath, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).get(...params) as T | undefined;
  } finally {
    db.close();
  }
}

/** An HTTP call that, like a well-behaved client, tries again while the server is down. */
async function send(r: Rig, path: string, body: string, headers: () => Record<string, string>): Promise<Response> {
  for (let attempt = 0; attempt < 400; attempt++) {
    try {
      return await fetch(`${r.bot.url}${path}`, { method: 'POST', body, headers: headers() });
    } catch {
      await sleep(25);
    }
  }
  throw new Error(`${path}: the server never came back`);
}

async function until(check: () => boolean, what: string, r: Rig, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${r.bot.output}`);
    await sleep(20);
  }
}

const outboxDrained = (r: Rig) => peek<{ n: number }>(r, `SELECT count(*) AS n FROM outbox WHERE status IN ('pending','running')`)?.n === 0;

/** Case 3 signup → alert → SDR qualifies → space, issue, email. */
async function signupAndQualify(r: Rig): Promise<void> {
  const signup = JSON.stringify({ id: 'crash-1', email: 'bob@initech.com', name: 'Bob', company: 'Initech' });
  const answer = await send(r, '/webhooks/signup', signup, () => ({
    'content-type': 'application/json',
    'x-signature-256': webhookSignature(secrets.webhook, signup),
  }));
  expect(answer.status).toBe(200);
  const { trialId } = (await answer.json()) as { trialId: string };
  await until(() => r.slack.messagesIn(r.alerts).some((m) => JSON.stringify(m.blocks ?? []).includes(trialId)), 'the alert', r);
  const alert = r.slack.messagesIn(r.alerts).find((m) => JSON.stringify(m.blocks ?? []).includes(trialId))!;
  // The SDR clicks, and clicks again if after a while the lead still shows undecided.
  for (let attempt = 0; attempt < 5; attempt++) {
    const body = formBody(
      buttonClickFields({
        user: team.sdr.id,
        actionId: ActionId.Qualify,
        value: trialId,
        message: { channel: alert.channel, ts: alert.ts },
        triggerId: r.slack.newTriggerId(team.sdr.id),
        responseUrl: `${r.slack.url}/response/${team.sdr.id}`,
      }),
    );
    await send(r, '/slack/events', body, () => ({ 'content-type': 'application/x-www-form-urlencoded', ...slackSignature(secrets.signing, body) }));
    const deadline = Date.now() + 1500;
    while (Date.now() < deadline && !peek<{ decision: string | null }>(r, 'SELECT decision FROM trials WHERE id = ?', trialId)?.decision) await sleep(20);
    if (peek<{ decision: string | null }>(r, 'SELECT decision FROM trials WHERE id = ?', trialId)?.decision) break;
  }
  await until(() => outboxDrained(r) && r.github.issues(REPO).length > 0 && r.smtp.messages.length > 0, 'the onboarding effects', r);
}

/** What a flow decided, from a run without a crash: every killed run must decide the same. */
interface OnboardingReference {
  aeId: string;
  ceId: string;
  rotation: Array<{ role: string; slack_user_id: string; assignments: number }>;
  welcome: { to: string[]; cc: string[] };
}

const rotationOf = (r: Rig) => {
  const db = new Database(r.dbPath, { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT role, slack_user_id, assignments FROM rotation ORDER BY role, slack_user_id').all() as OnboardingReference['rotation'];
  } finally {
    db.close();
  }
};

const welcomeEmails = (r: Rig) => r.smtp.messages.filter((m) => m.to.includes('bob@initech.com') && /being set up/.test(m.subject));

function onboardingReference(r: Rig): OnboardingReference {
  const trial = peek<{ ae_id: string; ce_id: string }>(r, 'SELECT ae_id, ce_id FROM trials')!;
  const [welcome] = welcomeEmails(r);
  return {
    aeId: trial.ae_id,
    ceId: trial.ce_id,
    rotation: rotationOf(r),
    welcome: { to: [...welcome!.to].sort(), cc: [...welcome!.cc].sort() },
  };
}

function checkOnboarding(r: Rig, context: string, reference: unknown): void {
  const expected = reference as OnboardingReference;
  const trial = peek<{ id: string; ae_id: string; ce_id: string; space_channel_id: string; request_issue_number: number }>(r, 'SELECT * FROM trials')!;
  const topLevelAlerts = r.slack
    .messagesIn(r.alerts)
    .filter((m) => (!m.thread_ts || m.thread_ts === m.ts) && (m.metadata as any)?.event_payload?.effect?.startsWith('alert:'));
  expect(topLevelAlerts, `${context}: alerts`).toHaveLength(1);
  // The right AE and CE: those a run without a crash picks from the same roster and rotation,
  // and the rotation advanced once, not twice.
  expect({ aeId: trial.ae_id, ceId: trial.ce_id }, `${context}: AE and CE`).toEqual({ aeId: expected.aeId, ceId: expected.ceId });
  expect(rotationOf(r), `${context}: rotation`).toEqual(expected.rotation);
  const spaces = r.slack.channels().filter((c) => c.name.startsWith('cloud-trial-initech'));
  expect(spaces, `${context}: trial spaces`).toHaveLength(1);
  expect(spaces[0]!.id, context).toBe(trial.space_channel_id);
  expect(spaces[0]!.members, context).toEqual(expect.arrayContaining([trial.ae_id, trial.ce_id, team.sdr.id]));
  const cards = r.slack.messagesIn(spaces[0]!.id).filter((m) => (m.metadata as any)?.event_payload?.effect === `card:${trial.id}`);
  expect(cards, `${context}: cards`).toHaveLength(1);
  const issues = r.github.issues(REPO).filter((i) => i.labels.some((l) => l.name === 'instance-request'));
  expect(issues, `${context}: instance requests`).toHaveLength(1);
  expect(issues[0]!.number, context).toBe(trial.request_issue_number);
  const ce = [team.ce1, team.ce2].find((p) => p.id === trial.ce_id)!;
  // However the issue body neutralises mentions (a zero-width joiner, a code span), the CE's address is there.
  expect((issues[0]!.body ?? '').replace(/\u200d/g, ''), context).toContain(ce.email);

  // Every message the SMTP server accepted, not distinct Message-IDs: a resend that is not a
  // crash's doing (say, a done effect run again) must show up here.
  const welcome = welcomeEmails(r);
  const sends = peek<{ attempts: number }>(r, `SELECT attempts FROM outbox WHERE key = ?`, `email:welcome:${trial.id}`)!.attempts;
  if (sends <= 1) {
    expect(welcome, `${context}: welcome emails`).toHaveLength(1);
  } else {
    // A kill between the server accepting the email and the outbox recording it makes the
    // next attempt send it again. SMTP has no way to ask "did you get this?", so the best it
    // allows is what this checks: every copy is the same message, with the same Message-ID,
    // which receivers use to drop the duplicate; and no more copies than attempts.
    expect(welcome.length, `${context}: welcome emails`).toBeGreaterThanOrEqual(1);
    expect(welcome.length, `${context}: welcome emails`).toBeLessThanOrEqual(sends);
    expect(new Set(welcome.map((m) => m.messageId)).size, `${context}: welcome Message-IDs`).toBe(1);
  }
  for (const m of welcome) {
    expect({ to: [...m.to].sort(), cc: [...m.cc].sort() }, `${context}: welcome recipients`).toEqual(expected.welcome);
  }
  expect(peek<{ n: number }>(r, `SELECT count(*) AS n FROM outbox WHERE status = 'failed'`)!.n, context).toBe(0);
}

interface Scenario {
  name: string;
  /** Kills in CI unless CRASH_COUNT says otherwise. */
  count: number;
  seed?: (db: ReturnType<typeof openDatabase>) => void;
  /** Brings the rig to the state the flow starts from (no kill during this). */
  prepare?: (r: Rig) => Promise<void>;
  /** The flow a kill may interrupt; it must finish the job the way a person would after a crash. */
  flow: (r: Rig) => Promise<void>;
  /** What the run without a crash decided, handed to `check` of every killed run. */
  reference?: (r: Rig) => unknown;
  check: (r: Rig, context: string, reference: unknown) => void;
  /** The flow starts with the server starting (jobs run at start-up). */
  startsWithServer?: boolean;
}

async function runScenario(scenario: Scenario): Promise<void> {
  let reference: unknown;
  const once = async (killAt: number | null): Promise<number> => {
    const r = await rig(scenario.seed);
    try {
      if (!scenario.startsWithServer) await r.bot.start();
      await scenario.prepare?.(r);
      const started = Date.now();
      const killer =
        killAt === null
          ? Promise.resolve()
          : sleep(killAt).then(async () => {
              await r.bot.kill();
              await r.bot.start();
            });
      if (scenario.startsWithServer) await r.bot.start();
      await scenario.flow(r);
      const span = Date.now() - started;
      await killer;
      await until(() => outboxDrained(r), 'the outbox after restart', r);
      if (killAt === null) reference = scenario.reference?.(r);
      scenario.check(r, killAt === null ? `${scenario.name} without a crash` : `${scenario.name}, killed at ${killAt} ms (CRASH_SEED=${SEED})`, reference);
      return span;
    } finally {
      await r.close();
    }
  };
  // Calibrate: how long the whole flow takes here, so the kills spread over all of it; and what
  // it decides without a crash, which every killed run must match.
  const span = await once(null);
  const next = random(SEED);
  const count = COUNT ?? scenario.count;
  // Stratified: instant n lies in the n-th of `count` equal slices of 1.1 × the span.
  for (let n = 0; n < count; n++) await once(Math.floor(((n + next()) / count) * span * 1.1));
}

const sqlite = (r: Rig) => new Database(r.dbPath);

async function healthy(r: Rig): Promise<void> {
  for (let wait = 0; wait < 800; wait++) {
    if (
      await fetch(`${r.bot.url}/healthz`).then(
        (x) => x.ok,
        () => false,
      )
    )
      return;
    await sleep(25);
  }
  throw new Error(`the server did not come back\n${r.bot.output}`);
}

async function preparedActiveTrial(r: Rig): Promise<void> {
  const body = JSON.stringify({ id: 'active-1', email: 'gavin@hooli.com', name: 'Gavin', company: 'Hooli' });
  await send(r, '/webhooks/signup', body, () => ({ 'content-type': 'application/json', 'x-signature-256': webhookSignature(secrets.webhook, body) }));
  await until(() => outboxDrained(r) && !!peek<{ c: string | null }>(r, 'SELECT card_ts AS c FROM trials')?.c, 'the active trial', r);
}

const seedPrequalified = (db: ReturnType<typeof openDatabase>) => {
  db.prepare(`INSERT INTO accounts (domain, account_name, prequalified, named) VALUES ('hooli.com', 'Hooli', 1, 0)`).run();
  db.prepare(`INSERT INTO instances (url, created_at) VALUES ('https://pool1.sourcegraph.test', '2026-01-01T00:00:00.000Z')`).run();
};

async function commandAsCe(r: Rig, text: string, trigger: string): Promise<boolean> {
  const trial = peek<{ ce_id: string; space_channel_id: string }>(r, 'SELECT ce_id, space_channel_id FROM trials')!;
  const body = formBody(
    slashCommandFields({
      user: trial.ce_id,
      channel: trial.space_channel_id,
      channelName: 'cloud-trial-space',
      text,
      triggerId: trigger,
      responseUrl: `${r.slack.url}/response`,
    }),
  );
  try {
    const res = await fetch(`${r.bot.url}/slack/events`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...slackSignature(secrets.signing, body) },
    });
    return res.ok;
  } catch {
    return false;
  }
}

const scenarios: Scenario[] = [
  {
    name: 'signup and qualify',
    count: 50,
    flow: signupAndQualify,
    reference: onboardingReference,
    check: checkOnboarding,
  },
  {
    name: '/trial extend',
    count: 25,
    seed: seedPrequalified,
    prepare: preparedActiveTrial,
    async flow(r) {
      // The CE types it once; if no answer came back, they look, and type it again only if nothing happened.
      for (let attempt = 1; attempt <= 5; attempt++) {
        if (await commandAsCe(r, 'extend 20 busy quarter', `trigger-${attempt}`)) break;
        await healthy(r);
        if (peek<{ n: number }>(r, `SELECT count(*) AS n FROM audit WHERE action LIKE 'extended%'`)!.n > 0) break;
      }
      await until(() => outboxDrained(r) && r.github.issues(REPO).some((i) => i.title.startsWith('Cloud trial extend')), 'the extend issue', r);
    },
    check(r, context) {
      const trial = peek<{ ends_at: string; space_channel_id: string; id: string }>(r, 'SELECT * FROM trials')!;
      const issues = r.github.issues(REPO).filter((i) => i.title.startsWith('Cloud trial extend'));
      expect(issues, `${context}: extend issues`).toHaveLength(1);
      expect(issues[0]!.body, context).toContain('by **20 days**');
      expect(peek<{ n: number }>(r, `SELECT count(*) AS n FROM audit WHERE trial_id = ? AND action LIKE 'extended%'`, trial.id)!.n, context).toBe(1);
      const started = peek<{ started_at: string }>(r, 'SELECT started_at FROM trials')!.started_at;
      const day15 = new Date(new Date(started).getTime() + 15 * 86_400_000).toISOString().slice(0, 10);
      const expected = new Date(Date.parse(`${day15}T00:00:00Z`) + 20 * 86_400_000).toISOString().slice(0, 10);
      expect(trial.ends_at, context).toBe(expected);
      const notices = r.slack.messagesIn(trial.space_channel_id).filter((m) => /extended the trial by 20 days/.test(m.text));
      expect(notices, `${context}: notices in the space`).toHaveLength(1);
      expect(peek<{ n: number }>(r, `SELECT count(*) AS n FROM outbox WHERE status = 'failed'`)!.n, context).toBe(0);
    },
  },
  {
    name: 'the deadlines job at start-up',
    count: 25,
    seed: seedPrequalified,
    startsWithServer: true,
    async prepare(r) {
      await r.bot.start();
      await preparedActiveTrial(r);
      await r.bot.stop();
      // Day 15 was yesterday: the start-up catch-up must prompt, once.
      const db = sqlite(r);
      const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
      db.prepare(`UPDATE milestones SET due_on = ?, due_at = ? WHERE kind = 'day15'`).run(yesterday, `${yesterday}T00:00:00.000Z`);
      db.prepare(`UPDATE trials SET started_at = ?, ends_at = ?`).run(new Date(Date.now() - 16 * 86_400_000).toISOString(), yesterday);
      db.close();
    },
    async flow(r) {
      await until(
        () => outboxDrained(r) && peek<{ p: string | null }>(r, `SELECT prompted_at AS p FROM milestones WHERE kind = 'day15'`)?.p != null,
        'the day-15 prompt',
        r,
      );
      await until(() => outboxDrained(r), 'the prompt to be sent', r);
    },
    check(r, context) {
      const trial = peek<{ ce_id: string; space_channel_id: string }>(r, 'SELECT * FROM trials')!;
      const inSpace = r.slack
        .messagesIn(trial.space_channel_id)
        .filter((m) => /^Day 15/.test(m.text) || (m.metadata as any)?.event_payload?.effect?.startsWith('prompt:'));
      expect(inSpace, `${context}: prompts in the space`).toHaveLength(1);
      const dm = r.slack.dmWith(trial.ce_id);
      expect(dm, context).toBeDefined();
      const dms = r.slack.messagesIn(dm!).filter((m) => (m.metadata as any)?.event_payload?.effect?.startsWith('prompt:'));
      expect(dms, `${context}: prompts by DM`).toHaveLength(1);
      expect(peek<{ n: number }>(r, `SELECT count(*) AS n FROM outbox WHERE status = 'failed'`)!.n, context).toBe(0);
    },
  },
];

describe('a crash at any instant loses nothing and duplicates nothing', () => {
  afterAll(() => {
    console.log(`crash test: CRASH_SEED=${SEED}${COUNT ? ` CRASH_COUNT=${COUNT}` : ''}`);
  });

  for (const scenario of scenarios) {
    it(`${scenario.name}, killed at ${COUNT ?? scenario.count} instants (seed ${SEED})`, () => runScenario(scenario), 900_000);
  }
});
