import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main as admin } from '../../src/cli/admin.js';
import { loadEnvFile } from '../../src/env-file.js';
import { REPO, TestBot } from '../support/test-bot.js';
import { seedPool, seedTeam } from '../support/seed.js';

// Issue 18: `npm run admin -- check` says what is wired wrong, one line per check with its fix.
let t: TestBot;
afterEach(async () => t?.close());

async function check(env: Record<string, string | undefined>, ...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await admin(['check', ...args], { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, env });
  return { code, stdout, stderr, lines: stdout.trim().split('\n') };
}

/** A deployment set up as the README says: roster, pool, the ready label, SMTP with its login. */
async function wellSetUp() {
  t = await TestBot.start({ smtp: true });
  seedTeam(t.db);
  seedPool(t.db, 3);
  t.github.setLabel(REPO, 'cloud-trial/instance-ready');
  const env = { ...t.env, SMTP_URL: t.smtp!.useCredentials('trialbot', 'Right-Pa55') };
  return env;
}

const failing = (lines: string[]) => lines.filter((l) => l.startsWith('✗'));

describe('admin -- check', () => {
  it('against a correct setup: every line ✓, exit 0', async () => {
    const env = await wellSetUp();
    const out = await check(env);
    expect(failing(out.lines)).toEqual([]);
    expect(out.lines).toEqual(
      expect.arrayContaining([
        '✓ Slack token works: @trialbot in Fake Workspace',
        '✓ Slack token has every scope the manifest asks for (14)',
        '✓ @trialbot is in #cloud-trial-alerts (ALERTS_CHANNEL)',
        `✓ GitHub token can open issues in ${REPO}`,
        '✓ label cloud-trial/instance-ready exists',
        expect.stringMatching(/^✓ SMTP login works at 127\.0\.0\.1:\d+ as trialbot$/),
        expect.stringMatching(/^✓ database .* at schema version \d+ \(migrations applied\)$/),
        '✓ roster has 2 inbound SDRs',
        '✓ 3 pre-provisioned instances in the pool',
        'all checks pass',
      ]),
    );
    expect(out.code).toBe(0);
  });

  it('a token Slack refuses', async () => {
    const env = await wellSetUp();
    const out = await check({ ...env, SLACK_BOT_TOKEN: 'xoxb-not-the-one' });
    expect(failing(out.lines)).toEqual([
      '✗ Slack refuses SLACK_BOT_TOKEN (invalid_auth) — copy the Bot User OAuth Token (xoxb-…) from the app’s OAuth & Permissions page into SLACK_BOT_TOKEN',
    ]);
    expect(out.code).toBe(1);
  });

  it('a token without channels:manage', async () => {
    const env = await wellSetUp();
    t.slack.scopes = t.slack.scopes!.filter((s) => s !== 'channels:manage');
    const out = await check(env);
    expect(failing(out.lines)).toEqual([
      '✗ Slack token lacks scope channels:manage — add scope channels:manage under OAuth & Permissions (or from manifest.yml) and reinstall the app',
    ]);
  });

  it('ALERTS_CHANNEL given as a name', async () => {
    const env = await wellSetUp();
    const out = await check({ ...env, ALERTS_CHANNEL: 'cloud-trial-alerts' });
    // The configuration itself refuses a name, before anything is asked of Slack.
    expect(failing(out.lines)).toEqual([
      expect.stringMatching(/^✗ configuration: invalid setting ALERTS_CHANNEL: must be a channel id like C0123ABCD — set it in \.env/),
    ]);
    expect(out.code).toBe(1);
  });

  it('a private alerts channel the bot was never invited to', async () => {
    const env = await wellSetUp();
    const secret = t.slack.createChannel({ name: 'cloud-trial-alerts-private', isPrivate: true, botIsMember: false });
    const out = await check({ ...env, ALERTS_CHANNEL: secret.id });
    expect(failing(out.lines)).toEqual([
      `✗ ALERTS_CHANNEL ${secret.id}: Slack answers channel_not_found — if #cloud-trial-alerts is private, invite @trialbot to it (/invite @trialbot); otherwise check the id`,
    ]);
  });

  it('a GitHub token that cannot open issues, or is refused, or a repository it cannot see', async () => {
    const env = await wellSetUp();
    t.github.tokenCanWrite = false;
    expect(failing((await check(env)).lines)).toEqual([
      `✗ the token can read ${REPO} but not open issues there — give the token Issues: read and write (or write access) on ${REPO}`,
    ]);
    t.github.tokenCanWrite = true;
    expect(failing((await check({ ...env, GITHUB_TOKEN: 'ghp_wrong' })).lines)).toEqual([
      '✗ GitHub refuses GITHUB_TOKEN (401 Bad credentials) — create a new token with Issues: read and write on the repository, and set GITHUB_TOKEN',
    ]);
    expect(failing((await check({ ...env, GITHUB_REPO: 'acme-ops/nope' })).lines)).toEqual([
      '✗ GitHub shows no repository acme-ops/nope to this token (404) — check GITHUB_REPO, and give the token access to acme-ops/nope',
    ]);
  });

  it('the ready label missing: named with its fix, and --fix creates it', async () => {
    const env = await wellSetUp();
    t.github.setLabel(REPO, 'cloud-trial/instance-ready', false);
    expect(failing((await check(env)).lines)).toEqual([
      `✗ label cloud-trial/instance-ready is missing in ${REPO} — create label cloud-trial/instance-ready (the cloud team marks ready instances with it), or run npm run admin -- check --fix`,
    ]);
    const fixed = await check(env, '--fix');
    expect(fixed.lines).toContain('✓ label cloud-trial/instance-ready created (--fix)');
    expect(fixed.code).toBe(0);
    expect(t.github.hasLabel(REPO, 'cloud-trial/instance-ready')).toBe(true);
  });

  it('an SMTP password the server refuses', async () => {
    const env = await wellSetUp();
    const wrong = env.SMTP_URL.replace('Right-Pa55', 'Wrong-Pa55');
    const out = await check({ ...env, SMTP_URL: wrong });
    expect(failing(out.lines)).toEqual([
      expect.stringMatching(/^✗ SMTP server 127\.0\.0\.1:\d+ refuses the login of trialbot — check the user and password in SMTP_URL/),
    ]);
    expect(out.stdout).not.toContain('Wrong-Pa55');
  });

  it('a roster without an inbound SDR, an eligible AE or CE, or a license owner; an empty pool at the default cap', async () => {
    t = await TestBot.start();
    t.github.setLabel(REPO, 'cloud-trial/instance-ready');
    const out = await check(t.env);
    expect(failing(out.lines)).toEqual([
      '✗ roster has no inbound SDRs — add them to the roster CSV and run npm run admin -- import-roster FILE (role inbound_sdr)',
      '✗ roster has no AEs in the round robin — add them to the roster CSV and run npm run admin -- import-roster FILE (role ae, eligible yes)',
      '✗ roster has no CEs in the round robin — add them to the roster CSV and run npm run admin -- import-roster FILE (role ce, eligible yes)',
      '✗ roster has no license owners — add them to the roster CSV and run npm run admin -- import-roster FILE (role license_owner)',
      '✗ the pool is empty and MAX_ACTIVE_INSTANCES is left at its default 100 — import the pre-provisioned instances (npm run admin -- import-instances FILE), or set MAX_ACTIVE_INSTANCES to what the cloud team can run',
    ]);
    const capped = await check({ ...t.env, MAX_ACTIVE_INSTANCES: '10' });
    expect(capped.lines).toContain('✓ the pool is empty; Case 3 trials get instances by request (MAX_ACTIVE_INSTANCES 10)');
  });

  it('a missing setting is one ✗ line naming it', async () => {
    const out = await check({ SLACK_BOT_TOKEN: 'xoxb-1' });
    expect(out.lines[0]).toMatch(/^✗ configuration: .*SLACK_SIGNING_SECRET.* — set it in \.env or the environment/);
    expect(out.code).toBe(1);
  });
});

describe('.env', () => {
  it('is read for what the environment does not set; the environment wins', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trialbot-env-'));
    try {
      writeFileSync(join(dir, '.env'), 'PORT=4100\nTIMEZONE="Europe/Berlin"\n# a comment\nGITHUB_REPO=acme/from-file\n');
      const env: Record<string, string | undefined> = { GITHUB_REPO: 'acme/from-env', PORT: '' };
      expect(loadEnvFile(env, join(dir, '.env')).sort()).toEqual(['PORT', 'TIMEZONE']);
      expect(env).toEqual({ GITHUB_REPO: 'acme/from-env', PORT: '4100', TIMEZONE: 'Europe/Berlin' });
      expect(loadEnvFile(env, join(dir, 'missing.env'))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
