import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

const complete = {
  SLACK_BOT_TOKEN: 'xoxb-1',
  SLACK_SIGNING_SECRET: 'sign-secret-value',
  ALERTS_CHANNEL: 'C0123ABCD',
  GITHUB_TOKEN: 'ghp_secretvalue',
  GITHUB_REPO: 'acme/cloud',
  GITHUB_WEBHOOK_SECRET: 'gh-hook-secret',
  WEBHOOK_SECRET: 'hook-secret',
};

describe('configuration', () => {
  it('fills in the documented defaults', () => {
    const c = loadConfig(complete);
    expect(c).toMatchObject({
      DATABASE_PATH: './data/trialbot.db',
      PORT: 3000,
      TIMEZONE: 'UTC',
      MAX_ACTIVE_INSTANCES: 100,
      TRIAL_SPACE: 'channel',
      LICENSE_ROTATION_DAYS: 7,
    });
  });

  it.each(Object.keys(complete).filter((k) => k !== 'SLACK_BOT_TOKEN'))('a missing %s stops start-up with one line naming it', (name) => {
    const env: Record<string, string> = { ...complete, [name]: '' };
    expect(() => loadConfig(env)).toThrow(new ConfigError(`missing required setting ${name}`));
  });

  it('says what is wrong with a bad value, without echoing it', () => {
    const bad = (extra: Record<string, string>) => {
      try {
        loadConfig({ ...complete, ...extra });
      } catch (error) {
        return (error as Error).message;
      }
      return 'accepted';
    };
    expect(bad({ TIMEZONE: 'Mars/Olympus' })).toMatch(/^invalid setting TIMEZONE: must be an IANA time zone/);
    expect(bad({ ALERTS_CHANNEL: '#cloud-trial-alerts' })).toMatch(/^invalid setting ALERTS_CHANNEL/);
    expect(bad({ PORT: 'eighty' })).toMatch(/^invalid setting PORT/);
    expect(bad({ SMTP_URL: 'smtp://u:hunter2@mail:25' })).toBe('invalid setting EMAIL_FROM: is required when SMTP_URL is set');
    expect(bad({ SMTP_URL: 'smtp://u:hunter2@mail:25', EMAIL_FROM: 'nope' })).not.toContain('hunter2');
    expect(bad({ GITHUB_REPO: 'just-a-name' })).toMatch(/^invalid setting GITHUB_REPO: must be owner\/name/);
  });
});
