// One whole trial through the sandbox page in Debian's Chromium, the way a person would walk it:
// sign up, qualify, see the channel and the issue, mark the instance ready, jump 15 days, run the
// deadlines job, extend from the prompt, and see the extend issue — plus a lead disqualified through
// the bot's modal, a `/trial status` typed in the channel and a reply in a thread. The page may reach
// nothing but the sandbox itself: any other request fails the test.
//
// README's screenshot is this test's last page. After a change to the page, refresh it with
//   npx vitest run test/sandbox/sandbox.browser.test.ts && cp test/artifacts/sandbox.png test/fixtures/sandbox.png
// and look at it before committing.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/start-sandbox.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = join(import.meta.dirname, '..', 'artifacts');
const UI_TIMEOUT = 10_000;

let dir: string;
let box: Sandbox;
let context: BrowserContext;
let page: Page;
/** Requests the page tried to make anywhere but the sandbox (there must be none). */
const offMachine: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `The browser test needs Debian's Chromium at ${CHROMIUM}. Install it with: apt-get update && apt-get install -y chromium (.ci/run does this).`,
    );
  }
  dir = mkdtempSync(join(tmpdir(), 'trialbot-sandbox-browser-'));
  box = await startSandbox({ DATABASE_PATH: join(dir, 'sandbox.db'), PORT: '0', LOG_LEVEL: 'silent' }, { schedule: false });
  context = await chromium.launchPersistentContext(join(dir, 'chromium-profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1440, height: 900 },
  });
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.protocol === 'http:' && url.hostname === '127.0.0.1' && url.port === String(box.bot.port)) return route.continue();
    offMachine.push(route.request().url());
    return route.abort('blockedbyclient');
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(UI_TIMEOUT);
}, 60_000);

afterAll(async () => {
  await context?.close();
  await box?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const tab = (name: string) => page.locator(`.tabs button[data-tab="${name}"]`).click();
/** Waits until `locator` is on screen (and holds `text`, when given). */
async function sees(locator: Locator, text?: string | RegExp, why?: string): Promise<void> {
  await locator
    .first()
    .waitFor({ state: 'visible' })
    .catch((error: Error) => {
      throw new Error(`${why ? why + ': ' : ''}${error.message}`);
    });
  if (text === undefined) return;
  const content = () =>
    locator
      .first()
      .textContent()
      .then((t) => t ?? '');
  if (typeof text === 'string') await expect.poll(content, { timeout: UI_TIMEOUT, message: why }).toContain(text);
  else await expect.poll(content, { timeout: UI_TIMEOUT, message: why }).toMatch(text);
}

/** Opens a sidebar entry, clicking again while the list is redrawn under the pointer (a click on a replaced row is lost). */
async function open(testId: string, title: string) {
  await expect
    .poll(
      async () => {
        await page.getByTestId(testId).click();
        return page.getByTestId('channel-title').textContent();
      },
      { timeout: UI_TIMEOUT },
    )
    .toContain(title);
}

async function actAsId(id: string) {
  await page.locator('#as').selectOption(id);
}

async function actAs(name: string) {
  const id = await page.locator('#as option', { hasText: name }).first().getAttribute('value');
  await actAsId(id!);
}

describe('the sandbox page', () => {
  it('walks one whole trial, from signup to an extension', async () => {
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    try {
      await walkTheTrial();
    } finally {
      // The last page, for a person to look at (test/artifacts is not committed).
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, 'sandbox.png') });
    }
    expect(pageErrors).toEqual([]);
    expect(offMachine).toEqual([]);
  }, 120_000);
});

async function walkTheTrial() {
  {
    await page.goto(box.url);
    await sees(page.getByTestId('channel-title'), 'cloud-trial-alerts');

    // A prospect from a domain nobody knows signs up (the page calls the signed webhook).
    await actAsId('U0OUTSIDE');
    await tab('signup');
    await page.locator('#signup-email').fill('pat@quantum-widgets.com');
    await page.locator('#signup-name').fill('Pat Prospect');
    await page.locator('#signup-company').fill('Quantum Widgets');
    await page.getByRole('button', { name: 'Sign up', exact: true }).click();
    await sees(page.getByTestId('signup-answer'), '"case": "3"');

    // Another lead, which the inbound SDR disqualifies through the bot's modal.
    await page.locator('#signup-email').fill('lee@spam-farm.biz');
    await page.locator('#signup-name').fill('Lee Spam');
    await page.locator('#signup-company').fill('Spam Farm');
    await page.getByRole('button', { name: 'Sign up', exact: true }).click();
    await sees(page.getByTestId('signup-answer'), 'trialId');
    await actAs('Sam Rivera');
    const spam = page.locator('.msg', { hasText: 'Spam Farm' }).filter({ has: page.getByRole('button', { name: 'Disqualify', exact: true }) });
    await spam.getByRole('button', { name: 'Disqualify', exact: true }).click();
    const modal = page.getByTestId('modal');
    await sees(modal, 'Disqualify lead');
    await modal.locator('select').selectOption('not_a_fit');
    await modal.getByRole('button', { name: 'Disqualify', exact: true }).click();
    await modal.waitFor({ state: 'hidden' });
    await sees(page.locator('.msg', { hasText: 'Spam Farm' }).first(), 'Disqualified');
    await sees(page.locator('.msg.ephemeral', { hasText: 'Disqualified' }), 'Only visible to you');
    await tab('emails');
    await sees(page.getByTestId('email').filter({ hasText: 'lee@spam-farm.biz' }), 'self-hosted');

    // The inbound SDR qualifies the first lead from the alert.
    const alert = page.locator('.msg', { hasText: 'Quantum Widgets' }).filter({ has: page.getByRole('button', { name: 'Qualify', exact: true }) });
    await alert.getByRole('button', { name: 'Qualify', exact: true }).click();
    await sees(page.locator('.msg.ephemeral', { hasText: /✅ Qualified/ }), 'Only visible to you');

    // The trial channel and the instance request appear.
    const trialChannel = page.getByTestId('channel-cloud-trial-quantum-widgets');
    // The channel list redraws as the bot opens the channel: a click on a row being replaced is lost, so click until it opens.
    await expect
      .poll(
        async () => {
          await trialChannel.click();
          return page.getByTestId('channel-title').textContent();
        },
        { timeout: UI_TIMEOUT },
      )
      .toContain('cloud-trial-quantum-widgets');
    await sees(page.locator('.messages'), 'Quantum Widgets');
    await tab('github');
    const request = page.locator('#tab-github .card', { hasText: 'instance request' });
    await sees(request, 'Quantum Widgets');

    // The cloud team gives the instance's address, then marks it ready; the bot hears both through the signed webhook.
    await request.getByRole('button', { name: 'Comment' }).click();
    await page.locator('#dialog-text').fill('Provisioned at https://quantum-widgets.trials.acme-cloud.com');
    await page.getByTestId('dialog').locator('button[type="submit"]').click();
    await request.getByRole('button', { name: 'Label cloud-trial/instance-ready' }).click();
    await sees(request.locator('.chip', { hasText: 'cloud-trial/instance-ready' }));
    await sees(page.locator('.messages'), 'is ready');
    // The channel's bookmarks carry the instance and the cloud team's issue.
    await sees(page.getByTestId('bookmarks'), 'Instance');
    const trial = box.bot.db.prepare(`SELECT id, ce_id, status FROM trials WHERE domain = 'quantum-widgets.com'`).get() as {
      id: string;
      ce_id: string;
      status: string;
    };
    expect(trial.status).toBe('active');

    // The CE types `/trial status` in the channel: the answer is theirs alone.
    const statusAnswer = page.locator('.msg.ephemeral', { hasText: 'Trial status: Quantum Widgets' });
    await actAsId(trial.ce_id);
    await page.locator('#composer-input').fill('/trial status');
    await page.locator('#composer-input').press('Enter');
    await sees(statusAnswer, 'Only visible to you');
    await actAs('Sam Rivera');
    await sees(page.getByTestId('channel-title'), 'cloud-trial-quantum-widgets');
    await expect.poll(() => statusAnswer.count(), { timeout: UI_TIMEOUT }).toBe(0);

    // And replies in the thread under the channel's first message.
    await actAsId(trial.ce_id);
    await page.locator('.messages > .msg').first().locator('[data-reply]').click();
    await page.locator('#composer-input').fill('On it: kickoff call booked for Monday');
    await page.locator('#composer-input').press('Enter');
    await sees(page.locator('.messages > .msg').first().locator('.replies'), 'kickoff call booked for Monday');
    await page.locator('#composer-thread-cancel').click();

    // Fifteen days later, the deadlines job prompts the CE.
    await tab('clock');
    const before = await page.getByTestId('clock-now').textContent();
    await page.getByRole('button', { name: '+15 days' }).click();
    await expect.poll(() => page.getByTestId('clock-now').textContent(), { timeout: UI_TIMEOUT }).not.toBe(before);
    const runDeadlines = page.getByRole('button', { name: 'Run deadlines' });
    await sees(runDeadlines, undefined, 'no "Run deadlines" button: is the deadlines job in jobs/index.ts?');
    await runDeadlines.click();
    await sees(page.getByTestId('job-result'), 'deadlines');
    expect(await page.getByTestId('job-result').textContent()).not.toMatch(/failed/);

    // The prospect bought: the CE answers the day-15 prompt in the trial channel with Converted.
    await actAsId(trial.ce_id);
    await trialChannel.click();
    const convert = page.locator('.msg').getByRole('button', { name: 'Converted' }).last();
    await sees(convert, undefined, 'no Converted button in the trial channel after the deadlines job');
    await convert.click();
    const confirm = page.getByTestId('dialog');
    await sees(confirm, 'Mark as converted?');
    await confirm.locator('button[type="submit"]').click();
    await sees(page.locator('.msg.ephemeral').last(), /converted/i);
    // Answered: no prompt in the channel offers a decision any more.
    await expect.poll(() => page.locator('.messages').getByRole('button', { name: 'Converted' }).count(), { timeout: UI_TIMEOUT }).toBe(0);

    // What people read along the way: names, not ids; dates as people write them; no commands to run.
    const ids = (box.bot.db.prepare('SELECT DISTINCT slack_user_id FROM people').pluck().all() as string[]).join('|');
    for (const where of ['#cloud-trial-alerts', 'the trial channel']) {
      if (where === '#cloud-trial-alerts') await open('channel-cloud-trial-alerts', 'cloud-trial-alerts');
      else await open('channel-cloud-trial-quantum-widgets', 'cloud-trial-quantum-widgets');
      const read = (await page.locator('.messages').textContent()) ?? '';
      expect(read, `raw user ids in ${where}`).not.toMatch(new RegExp(`\\b(${ids})\\b`));
      expect(read, `ISO dates in ${where}`).not.toMatch(/\d{4}-\d{2}-\d{2}/);
      expect(read, `CLI commands in ${where}`).not.toMatch(/npm run|admin -- /);
    }

    // The conversion reached GitHub: the instance moves to a customer license.
    await tab('github');
    await sees(page.locator('#tab-github .card h4', { hasText: /Cloud trial converted/ }), undefined, 'no "Cloud trial converted" issue');

    // The admin's Home tab: every open trial with Reassign, and the funnel.
    await actAs('Olivia');
    await open('app-home', 'trialbot · Home');
    await sees(page.locator('.messages'), 'The trial funnel, last 4 weeks');
    expect(await page.locator('.messages').textContent()).not.toMatch(/\d{4}-\d{2}-\d{2}|npm run/);

    // The weekly digest, run from the jobs panel, shows its chart inline in #cloud-trial-alerts.
    await tab('clock');
    await page.getByRole('button', { name: 'Run weekly-digest' }).click();
    await sees(page.getByTestId('job-result'), 'weekly-digest');
    await open('channel-cloud-trial-alerts', 'cloud-trial-alerts');
    const chart = page.getByTestId('file-image').last();
    await sees(chart, undefined, 'no chart image in #cloud-trial-alerts after the weekly digest');
    await expect.poll(() => chart.evaluate((img: HTMLImageElement) => img.naturalWidth), { timeout: UI_TIMEOUT }).toBeGreaterThan(100);

    // At 1024 px wide nothing is cut off: the right panel and the clock are on screen.
    await page.setViewportSize({ width: 1024, height: 768 });
    for (const part of ['.panel', '#clock-badge', '#as', '.tabs button[data-tab="clock"]']) {
      const box = await page.locator(part).first().boundingBox();
      expect(box, `${part} is drawn`).not.toBeNull();
      expect(box!.x + box!.width, `${part} ends inside 1024 px`).toBeLessThanOrEqual(1024);
    }
    await page.setViewportSize({ width: 1440, height: 900 });
  }
}
