import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importAccounts } from '../../src/admin/import-accounts.js';
import { importInstances } from '../../src/admin/import-instances.js';
import { importRoster } from '../../src/admin/import-roster.js';
import { openDatabase, type Db } from '../../src/db/open-database.js';
import { extendTrial } from '../../src/flows/extend-trial.js';
import { terminateTrial } from '../../src/flows/terminate-trial.js';
import { trialCard } from '../../src/messages/slack/trial-card.js';
import { trialStatus } from '../../src/messages/slack/trial-status.js';
import { trialCardView } from '../../src/stores/views/load-trial-card.js';
import { trialStatusView } from '../../src/stores/views/load-trial-status.js';
import { getTrial } from '../../src/stores/trial-store.js';
import { activeTrial, mrkdwnTexts, type ActiveTrial } from '../support/active-trial.js';
import { team } from '../support/seed.js';
import { TestBot } from '../support/test-bot.js';

/** Strings people type, plus the ones attackers type. */
const hostile = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.constantFrom(
    '<!channel>',
    '<!here>',
    '<!everyone>',
    '<@U123>',
    '<@W123|boss>',
    '<#C123>',
    '<http://evil|click>',
    '<https://evil.example>',
    '<mailto:x@y.z|mail>',
    '@org/team',
    '@admin',
    'fixes #1',
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '&lt;!channel&gt;',
    '*bold* _it_ `code`',
    '\u202e',
    '\u0000',
    'x'.repeat(3000),
  ),
  fc
    .array(fc.constantFrom('<', '>', '&', '!', '@', '#', '|', 'channel', 'here', 'http://e', 'admin', ' ', '\n', '*', '`', 'U1'), { maxLength: 40 })
    .map((a) => a.join('')),
);

/**
 * Slack control sequences in mrkdwn that the bot's own markup does not account for: its
 * mentions of roster ids, channel links, dates, and links to instances and issues.
 */
function unescapedControls(text: string): string[] {
  const ownMarkup =
    /<@[UW][A-Z0-9]+>|<#C[A-Z0-9]+>|<!date\^\d+\^[^|>]*\|[^>]*>|<https:\/\/pool\d+\.sourcegraph\.test(\|[^<>|]*)?>|<https?:\/\/127\.0\.0\.1:\d+\/[^|>]+\|#\d+>|<https:\/\/github\.com\/[^|>]+\|#\d+>/g;
  return text.replace(ownMarkup, '').match(/<[^>]*>?/g) ?? [];
}

/** A GitHub @mention: an @ at the start of a word, followed by a login character. */
const mentionAtWordStart = /(?<![A-Za-z0-9_])@[A-Za-z0-9]/;

function gitHubProblems(body: string): string[] {
  const text = body.replace(/<!-- trialbot:[^>]*-->/g, '');
  return [
    ...(text.match(new RegExp(mentionAtWordStart.source, 'g')) ?? []),
    ...(text.match(/(?<![A-Za-z0-9_])#[0-9]/g) ?? []),
    ...(text.match(/<[A-Za-z!/?]/g) ?? []),
  ];
}

const slackTexts = (m: { text?: string; blocks?: unknown }) => [m.text ?? '', ...mrkdwnTexts(m.blocks ?? [])].join('\n');

describe('GitHub issue bodies and Slack messages built from user input', () => {
  let t: TestBot;
  let trial: ActiveTrial;
  beforeAll(async () => {
    t = await TestBot.start({ options: { schedule: false } });
    trial = await activeTrial(t);
    t.db.prepare(`INSERT INTO people (slack_user_id, role, email, name, eligible) VALUES (?, 'feedback_owner', ?, 'Fay', 1)`).run('UFEED2', 'fay@vendor.test');
    // Nothing recorded here is carried out: each case is rolled back.
    await t.bot.worker.stop();
  });
  afterAll(async () => t.close());

  class Rollback extends Error {}

  /** Runs `fn` in a transaction that is always rolled back, returning what it returned. */
  function rolledBack<T>(db: Db, fn: () => T): T {
    let out: T | undefined;
    try {
      db.transaction(() => {
        out = fn();
        throw new Rollback();
      })();
    } catch (error) {
      if (!(error instanceof Rollback)) throw error;
    }
    return out as T;
  }

  it('extend and terminate reasons, company and prospect names: the notices, feedback request, card, status and issues stay inert', () => {
    const now = new Date();
    let checked = 0;
    fc.assert(
      fc.property(hostile, hostile, hostile, hostile, fc.boolean(), (company, name, email, reason, terminate) => {
        const rendered = rolledBack(t.db, () => {
          t.db.prepare('UPDATE trials SET company = ?, prospect_name = ?, prospect_email = ? WHERE id = ?').run(company, name, email, trial.id);
          const before = (t.db.prepare('SELECT max(id) AS id FROM outbox').get() as { id: number }).id;
          const outcome = terminate
            ? terminateTrial(t.db, t.config, trial.id, team.ce1.id, { reason, source: 'command' }, now)
            : extendTrial(t.db, t.config, trial.id, team.ce1.id, { days: 20, reason, submission: `p-${checked}`, source: 'command' }, now);
          expect(outcome).toHaveProperty('ok', true);
          const effects = (t.db.prepare('SELECT kind, payload FROM outbox WHERE id > ?').all(before) as Array<{ kind: string; payload: string }>).map((e) => ({
            kind: e.kind,
            payload: JSON.parse(e.payload),
          }));
          const row = getTrial(t.db, trial.id)!;
          return {
            effects,
            card: trialCard(trialCardView(t.db, trial.id, 'UTC')!),
            status: trialStatus(trialStatusView(t.db, row, 'UTC', now)),
          };
        });
        checked++;
        const posts = rendered.effects.filter((e) => e.kind === 'slack.post').map((e) => e.payload);
        const issues = rendered.effects.filter((e) => e.kind === 'github.issue').map((e) => e.payload.draft);
        expect(posts.length).toBeGreaterThan(0);
        expect(issues).toHaveLength(1);
        for (const message of [...posts, rendered.card, rendered.status]) {
          expect(unescapedControls(slackTexts(message))).toEqual([]);
        }
        for (const issue of issues) expect(gitHubProblems(issue.body)).toEqual([]);
      }),
      { numRuns: 2000 },
    );
    expect(checked).toBe(2000);
  }, 120_000);
});

describe('hostile requests against the running server', () => {
  let t: TestBot;
  let trial: ActiveTrial;
  beforeAll(async () => {
    t = await TestBot.start({ options: { schedule: false } });
    trial = await activeTrial(t);
  });
  afterAll(async () => t.close());

  const snapshot = () => ['signups', 'trials', 'outbox', 'audit', 'instances', 'milestones', 'activity_events'].map((table) => t.count(table));

  // The trial's id is known only once it exists: generated as a placeholder, swapped in per run.
  const THE_TRIAL = '{trial}';
  const words = fc.constantFrom(
    'extend',
    'terminate',
    'convert',
    'status',
    'list',
    'domain',
    'help',
    '15',
    '30',
    '-1',
    '1e3',
    '90',
    '91',
    THE_TRIAL,
    'hooli.com',
    'all',
    'mine',
  );
  const commandText = fc
    .oneof(
      hostile,
      fc.array(fc.oneof(words, hostile), { maxLength: 6 }).map((parts) => parts.join(' ')),
    )
    .map((text) => () => text.replaceAll(THE_TRIAL, trial.id));

  it('/trial text from an outsider: never a 5xx, nothing changed, the answer escapes what was typed', async () => {
    const channels = [trial.space, t.alertsChannel, 'D123'];
    await fc.assert(
      fc.asyncProperty(commandText, fc.constantFrom(...channels), async (text, channel) => {
        const before = snapshot();
        const res = await t.command(team.outsider.id, channel, text());
        expect(res.status).toBeLessThan(500);
        expect(snapshot()).toEqual(before);
        if (res.body) expect(unescapedControls(slackTexts(res.body))).toEqual([]);
      }),
      { numRuns: 2000 },
    );
  }, 180_000);

  it("/trial text from the trial's CE: never a 5xx, and the answer escapes what was typed", async () => {
    await fc.assert(
      fc.asyncProperty(commandText, async (text) => {
        const res = await t.command(team.ce1.id, trial.space, text());
        expect(res.status).toBeLessThan(500);
        if (res.body) expect(unescapedControls(slackTexts(res.body))).toEqual([]);
      }),
      { numRuns: 1000 },
    );
    expect((await t.request('GET', '/healthz', undefined)).status).toBe(200);
  }, 180_000);

  it('activity bodies (signed): never a 5xx, and a rejected one stores nothing', async () => {
    const event = fc.record(
      {
        id: fc.oneof(fc.string({ maxLength: 250 }), fc.integer(), hostile),
        instanceUrl: fc.oneof(
          fc.constant(trial.instanceUrl),
          fc.constant(trial.instanceUrl.toUpperCase()),
          fc.webUrl(),
          hostile,
          fc.constant('https://nobody.sourcegraph.test'),
        ),
        event: fc.oneof(fc.constantFrom('search', 'visit', 'code_host_added', 'repo_added'), hostile),
        private: fc.oneof(fc.boolean(), fc.anything()),
        at: fc.oneof(
          fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
          fc.constant('2026-03-02T10:00:00+02:00'),
          hostile,
        ),
      },
      { requiredKeys: [] },
    );
    const body = fc.oneof(
      fc.json({ maxDepth: 3 }),
      event.map((e) => JSON.stringify(e)),
      hostile,
    );
    let stored = 0;
    await fc.assert(
      fc.asyncProperty(body, async (raw) => {
        const before = snapshot();
        const res = await t.webhook('/webhooks/activity', raw);
        expect(res.status).toBeLessThan(500);
        if (res.status === 200) {
          stored++;
          expect(res.body).toMatchObject({ ok: true, grade: expect.stringMatching(/^[A-D]$/) });
        } else {
          expect([400, 404, 413]).toContain(res.status);
          expect(res.body.error).toEqual(expect.any(String));
          expect(snapshot()).toEqual(before);
        }
      }),
      { numRuns: 2000 },
    );
    // The generator reaches the accepting path too, not only refusals.
    expect(stored).toBeGreaterThan(0);
    expect((await t.request('GET', '/healthz', undefined)).status).toBe(200);
  }, 180_000);
});

describe('CSV imports of accounts and instances', () => {
  const cellFor = (extra: string[]) =>
    fc.oneof(fc.constantFrom(...extra, ''), fc.string({ maxLength: 40 }), fc.constantFrom('"', ',', '\n', '\r\n', '\uFEFF', ' yes ', 'YES'));
  const quoted = (cells: string[]) => cells.map((c) => `"${c.replace(/"/g, '""')}"`).join(',');

  const tables = (db: Db) => ({
    people: db.prepare('SELECT * FROM people ORDER BY slack_user_id, role').all(),
    accounts: db.prepare('SELECT * FROM accounts ORDER BY domain').all(),
    instances: db.prepare('SELECT * FROM instances ORDER BY url').all(),
    audit: db.prepare('SELECT count(*) AS n FROM audit').get(),
  });

  it.each([
    {
      name: 'accounts',
      header: 'domain,account_name,prequalified,named,named_sdr,ae,ce,region',
      cells: [
        'acme.com',
        'Acme',
        'globex.co.uk',
        'yes',
        'no',
        'alice@acme-sales.com',
        'carol@acme-sales.com',
        'sam@acme-sales.com',
        'nobody@acme-sales.com',
        'EMEA',
        'gmail.com',
        'bad domain',
      ],
      run: importAccounts,
    },
    {
      name: 'instances',
      header: 'url,domain,admin_email',
      cells: [
        'https://acme.sourcegraph.test',
        'https://POOL-1.sourcegraph.test/',
        'ftp://x.test',
        'https://u:p@x.test',
        'acme.com',
        'admin@acme.com',
        'not-an-email',
      ],
      run: importInstances,
    },
  ])('any $name file either imports or fails with a line number, and a failure imports nothing', ({ header, cells, run }) => {
    const db = openDatabase(':memory:');
    importRoster(
      db,
      [
        'slack_user_id,email,name,role,region,eligible',
        'U01AE,alice@acme-sales.com,Alice,ae,EMEA,yes',
        'U02CE,carol@acme-sales.com,Carol,ce,,yes',
        'W03SDR,sam@acme-sales.com,Sam,sdr,AMER,no',
      ].join('\n'),
      new Date('2026-11-22T09:00:00Z'),
    );
    const columns = header.split(',').length;
    const row = fc.oneof(
      fc.array(cellFor(cells), { minLength: columns, maxLength: columns }).map(quoted),
      fc.array(cellFor(cells), { minLength: 0, maxLength: columns + 2 }).map(quoted),
      hostile,
    );
    let imported = 0;
    fc.assert(
      fc.property(fc.array(row, { maxLength: 6 }), fc.boolean(), (rows, withHeader) => {
        const text = [...(withHeader ? [header] : []), ...rows].join('\n');
        const before = tables(db);
        try {
          run(db, text, new Date('2026-11-22T09:00:00Z'));
          imported++;
        } catch (error) {
          expect((error as Error).name).toBe('ImportError');
          expect((error as Error).message).toMatch(/^line \d+: /);
          expect(tables(db)).toEqual(before);
        }
      }),
      { numRuns: 2000 },
    );
    expect(imported).toBeGreaterThan(0);
    db.close();
  });
});
