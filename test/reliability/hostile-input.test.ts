import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeGitHubMarkdown } from '../../src/core/github-markdown.js';
import { escapeMrkdwn, userText } from '../../src/core/mrkdwn.js';
import { signupAlert } from '../../src/messages/slack/signup-alert.js';
import { trialCard } from '../../src/messages/slack/trial-card.js';
import { instanceRequestIssue } from '../../src/messages/github/issue-bodies.js';
import { importRoster } from '../../src/admin/import-roster.js';
import { openDatabase } from '../../src/db/open-database.js';
import { disqualifyReasons } from '../../src/flows/triage-lead.js';
import { TestBot } from '../support/test-bot.js';
import { seedTeam, team } from '../support/seed.js';
import { ActionId } from '../../src/messages/slack/ids.js';

/** Strings people type, plus the ones attackers type. */
const hostile = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 300 }),
  fc.constantFrom(
    '<!channel>',
    '<!here>',
    '<!everyone>',
    '<@U123>',
    '<#C123>',
    '<http://evil|click>',
    '<https://evil.example>',
    '@org/team',
    'fixes #1',
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '&lt;!channel&gt;',
    '*bold* _it_ `code`',
    '\u202e',
    '\u0000',
    'x'.repeat(5000),
  ),
  fc.array(fc.constantFrom('<', '>', '&', '!', '@', '#', '|', 'channel', 'http://e', ' ', '\n', '*'), { maxLength: 40 }).map((a) => a.join('')),
);

/** Every mrkdwn string of a message (plain_text is never parsed for mentions or links). */
function mrkdwnTexts(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => mrkdwnTexts(n, out));
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (o.type === 'mrkdwn' && typeof o.text === 'string') out.push(o.text);
    for (const [k, v] of Object.entries(o)) if (k !== 'text' || typeof v !== 'string') mrkdwnTexts(v, out);
  }
  return out;
}

/** Everything a mrkdwn text may contain that did not come from the bot's own markup. */
function unescapedControls(json: string): string[] {
  const safe =
    /<@U[A-Z0-9]+>|<#C[A-Z0-9]+>|<!date\^\d+\^[^|>]*\|[^>]*>|<https:\/\/pool\d+\.sourcegraph\.test\|https:\/\/pool\d+\.sourcegraph\.test>|<https:\/\/github\.com\/[^|>]+\|#\d+>/g;
  const rest = json.replace(safe, '');
  return rest.match(/<[^>]*>?/g) ?? [];
}

/** A GitHub @mention: an @ at the start of a word, followed by a login character. */
const mentionAtWordStart = /(?<![A-Za-z0-9_])@[A-Za-z0-9]/;

describe('rendering user input', () => {
  it('alerts and trial cards never carry a broadcast, mention or link that came from user input', () => {
    fc.assert(
      fc.property(hostile, hostile, hostile, hostile, (name, company, email, reason) => {
        const alert = signupAlert({
          trialId: 'tr_x',
          caseCode: '3',
          name,
          email,
          company,
          domain: company.slice(0, 50) || 'x.com',
          personalEmail: false,
          instanceUrl: 'https://pool001.sourcegraph.test',
          accountName: company,
          namedSdrId: 'UNSDR',
          aeId: 'UAE1',
          ceId: 'UCE1',
          poolEmpty: false,
          signedUpAt: '2026-11-22T09:00:00.000Z',
          decision: { kind: 'disqualified', by: 'USDR1', at: '2026-11-22T09:00:00.000Z', reason },
        });
        const card = trialCard({
          trialId: 'tr_x',
          caseCode: '3',
          status: 'active',
          company,
          domain: 'x.com',
          prospectName: name,
          prospectEmail: email,
          instanceUrl: 'https://pool001.sourcegraph.test',
          aeId: 'UAE1',
          ceId: 'UCE1',
          sdrId: 'USDR1',
          namedSdrId: null,
          createdAt: '2026-11-22T09:00:00.000Z',
          startedAt: null,
          endsOn: null,
          grade: null,
          issues: [],
          recent: [{ at: '2026-11-22T09:00:00.000Z', actor: 'USDR1', action: reason, detail: name }],
        });
        for (const rendered of [alert, card]) {
          // The notification text is shown (and parsed) like mrkdwn too.
          expect(unescapedControls([rendered.text, ...mrkdwnTexts(rendered.blocks)].join('\n'))).toEqual([]);
          expect(rendered.blocks.length).toBeLessThanOrEqual(50);
          for (const b of rendered.blocks as any[]) {
            if (b.text?.text) expect(b.text.text.length).toBeLessThanOrEqual(b.type === 'header' ? 150 : 3000);
            for (const e of b.elements ?? []) if (e.type === 'button') expect(e.text.text.length).toBeLessThanOrEqual(75);
          }
        }
      }),
      { numRuns: 2000 },
    );
    // Thousands of generated inputs: ~5 s on CI, more on a loaded machine; the suite's 30 s is thin.
  }, 90_000);

  it('escaping leaves no < or > and round-trips the visible text', () => {
    fc.assert(
      fc.property(hostile, (s) => {
        const escaped = escapeMrkdwn(s);
        expect(escaped).not.toMatch(/[<>]/);
        expect(escaped.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')).toBe(s);
        expect(userText(s, 300).length).toBeLessThanOrEqual(300);
      }),
      { numRuns: 3000 },
    );
  });

  it('GitHub issue bodies carry no @mention pings, issue references or raw HTML from user input', () => {
    fc.assert(
      fc.property(hostile, hostile, (name, company) => {
        const issue = instanceRequestIssue({
          trialId: 'tr_x',
          company,
          domain: 'x.com',
          requesterName: name,
          requesterEmail: 'a@x.com',
          ceEmail: 'ce@vendor.test',
          ceName: name,
          aeEmail: null,
          caseCode: '3',
          trialSpace: null,
        });
        const body = issue.body.replace(/<!-- trialbot:[^>]*-->/, '');
        // GitHub mentions @login only at a word start; the @ inside user@domain pings nobody.
        expect(body).not.toMatch(mentionAtWordStart);
        expect(body).not.toMatch(/#[0-9]/);
        expect(body).not.toMatch(/<[A-Za-z!/]/);
        const escaped = escapeGitHubMarkdown(name);
        expect(escaped).not.toMatch(/[<>]/);
      }),
      { numRuns: 2000 },
    );
    // Thousands of generated inputs: ~5 s on CI, more on a loaded machine; the suite's 30 s is thin.
  }, 90_000);
});

describe('hostile requests against the running server', () => {
  let t: TestBot;
  beforeAll(async () => {
    t = await TestBot.start({ options: { schedule: false } });
    seedTeam(t.db);
  });
  afterAll(async () => t.close());

  const snapshot = () => ['signups', 'trials', 'outbox', 'audit', 'instances', 'milestones'].map((table) => t.count(table));

  it('signup bodies: never a 5xx, and a rejected one stores nothing', async () => {
    const body = fc.oneof(
      fc.json({ maxDepth: 3 }),
      fc
        .record(
          {
            id: fc.oneof(fc.string({ maxLength: 250 }), fc.integer()),
            email: fc.oneof(fc.emailAddress(), hostile),
            name: fc.option(hostile),
            company: fc.option(hostile),
            signedUpAt: fc.option(
              fc.oneof(
                fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
                hostile,
              ),
            ),
          },
          { requiredKeys: [] },
        )
        .map((o) => JSON.stringify(o)),
    );
    await fc.assert(
      fc.asyncProperty(body, async (raw) => {
        const before = snapshot();
        const res = await t.webhook('/webhooks/signup', raw);
        expect(res.status).toBeLessThan(500);
        if (res.status !== 200) {
          expect([400, 413]).toContain(res.status);
          expect(res.body.error).toEqual(expect.any(String));
          expect(snapshot()).toEqual(before);
        }
      }),
      { numRuns: 2000 },
    );
    expect((await t.request('GET', '/healthz', undefined)).status).toBe(200);
  }, 120_000);

  /** A signed view_submission whose view is whatever the test says (the gate only asks for an object `state`). */
  const submitRawView = (user: string, view: Record<string, unknown>) =>
    t.slackForm({
      payload: JSON.stringify({
        type: 'view_submission',
        team: { id: 'T1' },
        user: { id: user, username: user, team_id: 'T1' },
        api_app_id: 'A1',
        token: 'legacy',
        trigger_id: t.slack.newTriggerId(user),
        view: { id: 'V1', type: 'modal', ...view },
      }),
    });

  const reasons = fc.constantFrom('student', 'job_seeker', 'competitor', 'not_a_fit', 'spam', 'other', 'toString', '__proto__', 'constructor');
  const actionIds = fc.oneof(
    fc.constantFrom(
      ActionId.Qualify,
      ActionId.Disqualify,
      'trial_opportunity_created',
      ActionId.Extend,
      ActionId.Terminate,
      'trial_convert',
      'trial_feedback_sent',
      'license_rotated',
    ),
    fc.string(),
  );

  /** view_submission payloads of every shape: Slack's own, stale ones, and forged ones. */
  const viewPayload = (trialIds: string[]) => {
    const trialId = fc.oneof(fc.constantFrom(...trialIds), hostile, fc.anything());
    const metadata = fc.oneof(
      fc
        .record(
          { trialId, channel: fc.oneof(fc.constant(t.alertsChannel), fc.anything()), ts: fc.oneof(fc.constant('1.000001'), fc.anything()) },
          { requiredKeys: [] },
        )
        .map((m) => JSON.stringify(m)),
      fc.json(),
      hostile,
      fc.anything(),
    );
    const input = fc.oneof(
      fc.record(
        {
          value: fc.record(
            {
              type: fc.constant('static_select'),
              selected_option: fc.oneof(fc.record({ value: fc.oneof(reasons, hostile) }), fc.constant(null), fc.anything()),
            },
            { requiredKeys: [] },
          ),
        },
        { requiredKeys: [] },
      ),
      fc.record(
        { value: fc.record({ type: fc.constant('plain_text_input'), value: fc.oneof(hostile, fc.constant(''), fc.anything()) }, { requiredKeys: [] }) },
        { requiredKeys: [] },
      ),
      fc.anything(),
    );
    const values = fc.oneof(fc.dictionary(fc.constantFrom('reason', 'detail', 'other'), input), fc.anything());
    const state = fc.oneof(fc.constant({}), fc.record({ values }, { requiredKeys: [] }), fc.dictionary(fc.string(), fc.anything()));
    return fc.record(
      {
        callback_id: fc.oneof(fc.constant('trial_disqualify_reason'), fc.string()),
        private_metadata: metadata,
        state,
      },
      { requiredKeys: ['callback_id', 'state'] },
    );
  };

  it('a signed view_submission without state.values gets a modal error, not a 5xx', async () => {
    const signup = await t.signup({ id: 'no-values', email: 'nora@initrode.com' });
    await t.settle();
    for (const state of [{}, { values: null }, { values: 'x' }, { values: { reason: null } }, { values: { reason: { value: 7 } } }]) {
      const res = await submitRawView(team.sdr.id, {
        callback_id: 'trial_disqualify_reason',
        private_metadata: JSON.stringify({ trialId: signup.body.trialId, channel: null, ts: null }),
        state,
      });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ response_action: 'errors', errors: { reason: 'Pick a reason.' } });
    }
    expect((t.db.prepare('SELECT decision FROM trials WHERE id = ?').get(signup.body.trialId) as any).decision).toBeNull();
  });

  it('a reason that is only a name every object has (toString) is no reason: "Pick a reason." and nothing changes', async () => {
    const signup = await t.signup({ id: 'to-string', email: 'tess@tostring.com' });
    await t.settle();
    const before = snapshot();
    for (const reason of ['toString', '__proto__', 'constructor', 'hasOwnProperty']) {
      const res = await t.submitView(team.sdr.id, {
        callback_id: 'trial_disqualify_reason',
        private_metadata: JSON.stringify({ trialId: signup.body.trialId, channel: t.alertsChannel, ts: '1.000001' }),
        values: {
          reason: { value: { type: 'static_select', selected_option: { value: reason } } },
          detail: { value: { type: 'plain_text_input', value: 'x' } },
        },
      });
      expect(res.body, reason).toEqual({ response_action: 'errors', errors: { reason: 'Pick a reason.' } });
    }
    expect(snapshot()).toEqual(before);
    expect(t.db.prepare('SELECT decision, disqualify_reason FROM trials WHERE id = ?').get(signup.body.trialId)).toEqual({
      decision: null,
      disqualify_reason: null,
    });
  });

  it('block_actions and view_submission payloads: never a 5xx, and an outsider changes nothing', async () => {
    const signup = await t.signup({ id: 'target', email: 'bob@initech.com' });
    await t.settle();
    const trialId = signup.body.trialId as string;
    const action = fc.record({ action_id: actionIds, value: fc.oneof(fc.constant(trialId), fc.constant(`${trialId}:15`), hostile) });
    const request = fc.oneof(
      action.map((a) => ({ kind: 'click' as const, a })),
      action.map((a) => ({ kind: 'view' as const, a })),
      viewPayload([trialId]).map((v) => ({ kind: 'raw' as const, v })),
    );
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const before = snapshot();
        const res =
          r.kind === 'click'
            ? await t.clickButton(team.outsider.id, r.a.action_id, r.a.value, { channel: t.alertsChannel, ts: '1.000001' })
            : r.kind === 'view'
              ? await t.submitView(team.outsider.id, {
                  callback_id: r.a.action_id,
                  private_metadata: r.a.value,
                  values: { reason: { value: { type: 'static_select', selected_option: { value: r.a.value } } } },
                })
              : await submitRawView(team.outsider.id, r.v);
        expect(res.status).toBeLessThan(500);
        expect(snapshot()).toEqual(before);
      }),
      { numRuns: 2000 },
    );
    expect((t.db.prepare('SELECT decision FROM trials WHERE id = ?').get(trialId) as any).decision).toBeNull();
  }, 180_000);

  it('buttons and modals from the people allowed to decide: never a 5xx, at most one decision per trial', async () => {
    const trialIds: string[] = [];
    for (let n = 1; n <= 12; n++) trialIds.push((await t.signup({ id: `decide-${n}`, email: `lead${n}@decide${n}.com` })).body.trialId);
    await t.settle();
    // Buttons go to the first four; the others are decided, if at all, by the modal (else a Qualify click takes them all first).
    const clicked = trialIds.slice(0, 4);
    const modalOnly = trialIds.slice(4);
    const insiders = fc.constantFrom(team.sdr.id, team.sdr2.id, team.namedSdr.id, team.ae1.id, team.ce1.id, team.admin.id, team.outsider.id);
    const click = fc.record({
      action_id: fc.oneof(fc.constantFrom(ActionId.Qualify, ActionId.Disqualify, 'trial_opportunity_created'), actionIds),
      value: fc.oneof(fc.constantFrom(...clicked), hostile),
    });
    // The modal as Slack sends it, with any reason (prototype names included) and any detail.
    const submission = fc.record({ trialId: fc.constantFrom(...modalOnly), reason: reasons, detail: fc.option(hostile) });
    const decisionsPerTrial = () =>
      t.db.prepare(`SELECT trial_id AS id, count(*) AS n FROM audit WHERE action IN ('qualified', 'disqualified') GROUP BY trial_id`).all() as Array<{
        id: string;
        n: number;
      }>;
    await fc.assert(
      fc.asyncProperty(
        insiders,
        fc.oneof(
          click.map((c) => ({ c })),
          viewPayload(trialIds).map((v) => ({ v })),
          submission.map((m) => ({ m })),
        ),
        async (user, r) => {
          const res =
            'c' in r
              ? await t.clickButton(user, r.c.action_id, r.c.value, { channel: t.alertsChannel, ts: '1.000001' })
              : 'm' in r
                ? await t.submitView(user, {
                    callback_id: 'trial_disqualify_reason',
                    private_metadata: JSON.stringify({ trialId: r.m.trialId, channel: t.alertsChannel, ts: '1.000001' }),
                    values: {
                      reason: { value: { type: 'static_select', selected_option: { value: r.m.reason } } },
                      ...(r.m.detail === null ? {} : { detail: { value: { type: 'plain_text_input', value: r.m.detail } } }),
                    },
                  })
                : await submitRawView(user, r.v);
          expect(res.status).toBeLessThan(500);
          for (const d of decisionsPerTrial()) expect(d.n, d.id).toBe(1);
        },
      ),
      { numRuns: 2000 },
    );
    // Whatever was decided is what the trial says, by an inbound SDR; and something was.
    expect(decisionsPerTrial().length).toBeGreaterThan(0);
    const labels: string[] = Object.values(disqualifyReasons);
    expect(t.count('trials', `id IN (${trialIds.map(() => '?').join(',')}) AND decision = 'disqualified'`, ...trialIds)).toBeGreaterThan(0);
    for (const id of trialIds) {
      const trial = t.db.prepare('SELECT decision, decided_by, disqualify_reason FROM trials WHERE id = ?').get(id) as {
        decision: string | null;
        decided_by: string | null;
        disqualify_reason: string | null;
      };
      if (trial.decision) expect([team.sdr.id, team.sdr2.id]).toContain(trial.decided_by);
      // A disqualification says why in one of the modal's own words, whatever was submitted.
      if (trial.decision === 'disqualified') {
        const reason = trial.disqualify_reason ?? '';
        expect(
          labels.some((l) => reason === l || reason.startsWith(`${l}: `)),
          reason,
        ).toBe(true);
      }
    }
    expect((await t.request('GET', '/healthz', undefined)).status).toBe(200);
  }, 300_000);

  it('garbage on /slack/events (signed) never gets a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.json(),
          hostile,
          fc.string().map((s) => `payload=${encodeURIComponent(s)}`),
        ),
        async (raw) => {
          const res = await t.slackForm({ payload: raw });
          expect(res.status).toBeLessThan(500);
        },
      ),
      { numRuns: 2000 },
    );
    expect((await t.request('GET', '/healthz', undefined)).status).toBe(200);
  }, 120_000);
});

describe('CSV imports', () => {
  it('any file either imports or fails with a line number, and a failure imports nothing', () => {
    const db = openDatabase(':memory:');
    const cell = fc.oneof(hostile, fc.constantFrom('yes', 'no', 'ae', 'ce', 'inbound_sdr', 'U123ABC', 'a@b.com', ''));
    const row = fc.array(cell, { minLength: 0, maxLength: 8 }).map((cells) => cells.map((c) => `"${c.replace(/"/g, '""')}"`).join(','));
    fc.assert(
      fc.property(fc.array(row, { maxLength: 6 }), fc.boolean(), (rows, withHeader) => {
        const text = [...(withHeader ? ['slack_user_id,email,name,role,region,eligible'] : []), ...rows].join('\n');
        const before = (db.prepare('SELECT count(*) AS n FROM people').get() as { n: number }).n;
        try {
          importRoster(db, text, new Date('2026-11-22T09:00:00Z'));
        } catch (error) {
          expect((error as Error).name).toBe('ImportError');
          expect((error as Error).message).toMatch(/^line \d+: /);
          expect((db.prepare('SELECT count(*) AS n FROM people').get() as { n: number }).n).toBe(before);
        }
      }),
      { numRuns: 2000 },
    );
    db.close();
  });
});
