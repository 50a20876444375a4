import { afterEach, describe, expect, it } from 'vitest';
import { TestBot } from '../support/test-bot.js';
import { seedTeam, team } from '../support/seed.js';

let t: TestBot;
afterEach(async () => t?.close());

describe('/trial help and unknown subcommands', () => {
  it('help, and /trial alone, list every subcommand, ephemerally', async () => {
    t = await TestBot.start({ options: { schedule: false } });
    seedTeam(t.db);
    for (const text of ['help', '']) {
      const res = await t.command(team.outsider.id, t.alertsChannel, text);
      expect(res.body.response_type).toBe('ephemeral');
      const shown = JSON.stringify(res.body.blocks);
      for (const sub of ['status', 'list', 'extend', 'terminate', 'convert', 'domain', 'help']) expect(shown).toContain(`/trial ${sub}`);
    }
  });

  it('an unknown subcommand names the problem, escaped, with the usage', async () => {
    t = await TestBot.start({ options: { schedule: false } });
    const res = await t.command(team.outsider.id, t.alertsChannel, '<!channel> please');
    expect(res.body.text).toContain('I don\'t know the subcommand "&lt;!channel&gt;"');
    expect(JSON.stringify(res.body)).not.toContain('<!channel>');
    expect(JSON.stringify(res.body.blocks)).toContain('/trial extend');
  });
});
