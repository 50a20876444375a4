import { afterEach, describe, expect, it } from 'vitest';
import { INSTANCE_REQUEST_LABELS } from '../../src/messages/github/issue-bodies.js';
import { REPO, TestBot } from '../support/test-bot.js';
import { seedTeam, team } from '../support/seed.js';
import { ActionId } from '../../src/messages/slack/ids.js';

let t: TestBot;
afterEach(async () => t?.close());

describe('the instance-request effect', () => {
  it('opens the issue from a payload that names only the trial and its labels: the body is drawn from the trial', async () => {
    t = await TestBot.start();
    seedTeam(t.db);
    // GitHub is down while the lead is qualified: the request waits in the outbox.
    t.github.fail('POST /repos/:o/:r/issues', { status: 503 }, 1000);
    const res = await t.signup({ id: 's1', email: 'bob@initech.com', company: 'Initech' });
    await t.settle();
    const alert = t.alerts()[0]!;
    await t.clickButton(team.sdr.id, ActionId.Qualify, res.body.trialId, { channel: alert.channel, ts: alert.ts });
    await t.lastEphemeral(team.sdr.id);
    await t.eventually(() => expect(t.github.callsTo('POST /repos/:o/:r/issues').length).toBeGreaterThan(0));

    // The shape recorded without a draft (nothing reads it: the issue is drawn when opened).
    const labels = [...INSTANCE_REQUEST_LABELS];
    t.db
      .prepare(`UPDATE outbox SET payload = ? WHERE kind = 'github.issue'`)
      .run(JSON.stringify({ trialId: res.body.trialId, kind: 'instance-request', labels }));
    t.github.clearFaults();
    await t.eventually(async () => {
      await t.settle();
      expect(t.db.prepare(`SELECT status, last_error FROM outbox WHERE kind = 'github.issue'`).get()).toEqual({ status: 'done', last_error: null });
    });

    const [issue] = t.github.issues(REPO);
    const trial = t.db.prepare('SELECT ce_id, request_issue_number FROM trials WHERE id = ?').get(res.body.trialId) as {
      ce_id: string;
      request_issue_number: number;
    };
    expect(trial.request_issue_number).toBe(issue!.number);
    expect(issue!.labels.map((l) => l.name).sort()).toEqual([...labels].sort());
    expect(issue!.title).toContain('initech.com');
    const ce = Object.values(team).find((p) => p.id === trial.ce_id)!;
    expect(issue!.body).toContain(`| CE email | \`${ce.email}\` |`);
  }, 15_000);
});
