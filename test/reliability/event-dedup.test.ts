import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open-database.js';
import { deduplicateEvents, SEEN_EVENTS_KEPT_MS } from '../../src/slack/deduplicate-events.js';
import { team } from '../support/seed.js';
import { TestBot } from '../support/test-bot.js';

const DAY = 24 * 60 * 60_000;

describe('remembered Slack event ids', () => {
  it('are forgotten after a few days (Slack retries within minutes), pruned at most hourly as events arrive', async () => {
    const db = openDatabase(':memory:');
    let clock = new Date('2026-03-10T12:00:00.000Z');
    const middleware = deduplicateEvents(db, () => clock);
    let handled = 0;
    const deliver = (eventId: string) => middleware({ body: { event_id: eventId }, next: async () => void handled++ } as never);
    const ids = () => (db.prepare('SELECT event_id FROM seen_slack_events ORDER BY event_id').all() as Array<{ event_id: string }>).map((r) => r.event_id);
    const remember = (id: string, agoMs: number) =>
      db.prepare('INSERT INTO seen_slack_events (event_id, seen_at) VALUES (?, ?)').run(id, new Date(clock.getTime() - agoMs).toISOString());

    remember('Ev-old', SEEN_EVENTS_KEPT_MS + 60_000);
    remember('Ev-yesterday', DAY);
    await deliver('Ev-new');
    expect(ids()).toEqual(['Ev-new', 'Ev-yesterday']);
    // A retry of a remembered event is still dropped.
    await deliver('Ev-yesterday');
    expect(handled).toBe(1);

    // Pruning is a cheap, occasional sweep: not on every event.
    remember('Ev-old-2', SEEN_EVENTS_KEPT_MS + 60_000);
    clock = new Date(clock.getTime() + 30 * 60_000);
    await deliver('Ev-2');
    expect(ids()).toContain('Ev-old-2');
    clock = new Date(clock.getTime() + 31 * 60_000);
    await deliver('Ev-3');
    expect(ids()).toEqual(['Ev-2', 'Ev-3', 'Ev-new', 'Ev-yesterday']);
    expect(handled).toBe(3);
    db.close();
  });
});

describe('the running server', () => {
  let t: TestBot | undefined;
  afterEach(async () => t?.close());

  it('prunes event ids older than a few days when events come in', async () => {
    t = await TestBot.start({ options: { schedule: false } });
    t.db.prepare('INSERT INTO seen_slack_events (event_id, seen_at) VALUES (?, ?)').run('EvAncient', new Date(Date.now() - 30 * DAY).toISOString());
    const event = { type: 'app_home_opened', user: team.ce1.id, channel: 'D1', tab: 'home', event_ts: '1.1' };
    expect((await t.slackEvent(event, 'EvFresh')).status).toBe(200);
    await t.eventually(() => expect(t!.slack.callsTo('views.publish')).toHaveLength(1));
    expect(t.db.prepare('SELECT event_id FROM seen_slack_events').all()).toEqual([{ event_id: 'EvFresh' }]);
  });
});
