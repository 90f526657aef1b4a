// Browser test of the paywall and the test gateway in headless Debian chromium
// (playwright-core), against the real server with the demo content and a meter of one free
// premium story a month (no registration bonus):
//  - a visitor reads premium story A in full, then gets only the teaser of premium story B
//    (B's last paragraph is nowhere in the HTML) with the subscription offer;
//  - the visitor signs up, signs in (the account's own meter: A again is free, B is not),
//    picks a plan on /subscribe, confirms, pays on the test gateway's checkout page ("no
//    money moves"), lands on /subscription with the plan active and reads B in full;
//  - cancels and still reads B (paid up to the period end); once the period has ended
//    (period_end moved into the past in the database) B is the teaser again;
//  - axe-core finds no violations on /subscribe, the teaser, /account and /subscription;
//  - screenshots of /subscribe, the teaser, /account and /subscription (cancelled) at 390
//    and 1280 px go to <build>/e2e-screenshots/paywall-<page>-<width>.png;
//  - no console errors, page errors, failed requests or requests for another host.
// Run by ctest through tests/e2e/run; see docs/testing.md.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium } from 'playwright-core';

import { CHROMIUM, CHROMIUM_FLAGS, E2E_DIR, axeViolations, describeViolations, openWatchedPage, outputDir, startServer, visit } from './lib.mjs';

const WIDTHS = [390, 1280];
const CONFIG = `
[paywall]
free_stories_per_month = 1
registration_bonus = 0
grace_days = 7

[billing]
gateway = "test"
`;
const LOCKED = 'This is a premium story.';

let server;
let browser;
let shots;
const stories = {}; // a, b: { url, headline, lastParagraph, sentence }

// A browser context (one per actor) that reaches only the test server, and a page in it
// that records whatever goes wrong.
// The test moves on at each load event, so what a page still fetches afterwards (the icon,
// lazy pictures) is aborted by the next navigation.
function openActor() {
  return openWatchedPage(browser, server.origin, { abortedOk: 'all' });
}

// Submits a form by clicking its button and waits for the page it leads to.
async function submit(page, button) {
  const [response] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), button.click()]);
  assert.ok(response, `no response after clicking ${button}`);
  assert.equal(response.status(), 200, `${response.request().method()} ${response.url()} answered ${response.status()}`);
  return response;
}


// The page as it is now: axe at each width (and, when `shot` names it, a full-page
// screenshot at each width), then back to 1280 px.
async function checkAndShoot(page, what, shot) {
  const failures = [];
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    await page.evaluate(() => document.fonts.ready);
    const violations = await axeViolations(page);
    if (violations.length) failures.push(`at ${width} px:\n${describeViolations(violations)}`);
    if (shot) await page.screenshot({ path: path.join(shots, `paywall-${shot}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  assert.ok(failures.length === 0, `axe on ${what} (${page.url()}):\n${failures.join('\n')}`);
}

// Escapes text as page.content() serialises it, so that a sentence with & < > is found.
const asHtml = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\u00a0/g, '&nbsp;');

async function expectFull(page, story, who) {
  await visit(page, story.url);
  const body = page.locator('.story__body');
  assert.ok(await body.isVisible(), `${who}: ${story.url} has no visible story body`);
  assert.ok(
    await page.getByText(story.sentence, { exact: false }).first().isVisible(),
    `${who}: the last paragraph of ${story.url} ("${story.sentence}") is not visible`,
  );
  assert.equal(await page.getByText(LOCKED).count(), 0, `${who}: ${story.url} says "${LOCKED}" though it reads in full`);
}

async function expectTeaser(page, story, who) {
  await visit(page, story.url);
  const html = await page.content();
  for (const text of [story.sentence, story.lastParagraph]) {
    assert.ok(!html.includes(asHtml(text)) && !html.includes(text),
      `${who}: the teaser of ${story.url} has its last paragraph in the HTML ("${text.slice(0, 80)}...")`);
  }
  assert.ok(await page.getByText(LOCKED).first().isVisible(), `${who}: ${story.url} does not say "${LOCKED}"`);
  assert.ok(await page.locator('.story__teaser p').first().isVisible(), `${who}: ${story.url} shows no teaser paragraph`);
  assert.ok(await page.locator('main a[href="/subscribe"]').first().isVisible(), `${who}: the teaser of ${story.url} does not link to /subscribe`);
}

function sqlite(sql) {
  return execFileSync('sqlite3', ['-cmd', '.timeout 10000', path.join(server.data, 'broadsheet.db'), sql], { encoding: 'utf8' }).trim();
}

before(async () => {
  shots = outputDir('e2e-screenshots');
  for (const width of WIDTHS) {
    for (const name of ['subscribe', 'teaser', 'account', 'subscription']) rmSync(path.join(shots, `paywall-${name}-${width}.png`), { force: true });
  }
  server = await startServer({ config: CONFIG });
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });

  // The two newest Markets stories are premium. Each is read once by a fresh visitor (its
  // own context, so its own meter) to learn a sentence of its last paragraph.
  const finder = await openActor();
  try {
    await visit(finder.page, server.url('/markets'));
    const links = await finder.page.$$eval('main a[href^="/markets/"]', (as) => [...new Set(as.map((a) => a.href))]);
    assert.ok(links.length >= 2, `/markets links to ${links.length} stories`);
    const premium = [];
    for (const url of links) {
      const reader = await openActor();
      try {
        await visit(reader.page, url);
        if (await reader.page.locator('.premium-badge').count()) {
          const paragraphs = await reader.page.$$eval('.story__body > p:not([class])', (ps) => ps.map((p) => p.textContent.trim()).filter(Boolean));
          assert.ok(paragraphs.length >= 3, `premium story ${url} has ${paragraphs.length} paragraphs for a fresh visitor`);
          const lastParagraph = paragraphs.at(-1);
          const sentence = lastParagraph.split(/(?<=[.!?])\s+/).sort((x, y) => y.length - x.length)[0];
          const headline = (await reader.page.locator('h1').first().innerText()).trim();
          premium.push({ url, headline, lastParagraph, sentence });
        }
        assert.deepEqual(reader.problems, [], `while loading ${url}`);
      } finally {
        await reader.context.close();
      }
      if (premium.length === 2) break;
    }
    assert.equal(premium.length, 2, `found ${premium.length} premium stories on /markets, want 2`);
    [stories.a, stories.b] = premium;
  } finally {
    await finder.context.close();
  }
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

describe('paywall in chromium', () => {
  test('a visitor reads until the meter is spent, subscribes, cancels, and reads until the period ends', async () => {
    const { context, page, problems } = await openActor();
    try {
      // 1. A visitor: one free premium story, then the teaser.
      await expectFull(page, stories.a, 'visitor, meter left');
      await expectTeaser(page, stories.b, 'visitor, meter spent');
      await checkAndShoot(page, 'the teaser', 'teaser');
      await expectFull(page, stories.a, 'visitor, story already counted');

      // 2. Signs up, then signs in: the account's meter is its own (one free story).
      const email = `paywall-${process.pid}-${Date.now()}@example.test`;
      const password = 'correct horse battery staple';
      await visit(page, server.url('/account/signup'));
      await page.getByLabel('E-mail address').fill(email);
      await page.getByLabel('Password').fill(password);
      await submit(page, page.getByRole('button', { name: 'Create account' }));
      await visit(page, server.url('/account/signin?next=/account'));
      await page.getByLabel('E-mail address').fill(email);
      await page.getByLabel('Password').fill(password);
      await submit(page, page.getByRole('button', { name: 'Sign in' }));
      assert.equal(new URL(page.url()).pathname, '/account', `signing in led to ${page.url()}`);
      assert.ok(await page.getByText(email).first().isVisible(), '/account does not show the reader\'s address');
      await checkAndShoot(page, '/account', 'account');

      await expectFull(page, stories.a, 'reader, meter left');
      await expectTeaser(page, stories.b, 'reader, meter spent');

      // Subscribes through the test gateway.
      await visit(page, server.url('/subscribe'));
      await checkAndShoot(page, '/subscribe', 'subscribe');
      const choose = page.locator('main a[href^="/subscribe/"]').first();
      const planUrl = new URL(await choose.getAttribute('href'), server.origin);
      const planId = planUrl.pathname.split('/').pop();
      const planName = (await page.locator(`#plan-${planId}`).innerText()).trim();
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), choose.click()]);
      assert.equal(new URL(page.url()).pathname, planUrl.pathname, `the Subscribe link led to ${page.url()}`);
      await submit(page, page.getByRole('button', { name: 'Continue to payment' }));
      assert.equal(new URL(page.url()).pathname, '/subscribe/test-checkout', `the confirm page led to ${page.url()}`);
      assert.ok(await page.getByText(/no money moves/i).first().isVisible(), 'the test checkout does not say that no money moves');
      await submit(page, page.getByRole('button', { name: 'Pay (test)' }));
      assert.equal(new URL(page.url()).pathname, '/subscription', `paying led to ${page.url()}`);
      const subscription = page.locator('.subscription').filter({ hasText: planName });
      assert.equal(await subscription.count(), 1, `/subscription does not list ${planName} once`);
      assert.match(await subscription.locator('.badge').innerText(), /active/i, `${planName} is not active after paying`);
      await checkAndShoot(page, '/subscription (active)');

      await expectFull(page, stories.b, 'subscriber');

      // 3. Cancels: paid up to the period end, so still reads.
      await visit(page, server.url('/subscription'));
      await submit(page, subscription.getByRole('button', { name: /cancel/i }));
      assert.equal(new URL(page.url()).pathname, '/subscription', `cancelling led to ${page.url()}`);
      assert.ok(await subscription.getByRole('button', { name: /resume/i }).isVisible(), 'no Resume button after cancelling');
      await checkAndShoot(page, '/subscription (cancelled)', 'subscription');
      await expectFull(page, stories.b, 'cancelled but paid up');

      // The period ends.
      const reader = sqlite(`SELECT id FROM readers WHERE email = '${email}'`);
      assert.match(reader, /^\d+$/, `no reader ${email} in the database`);
      const rows = sqlite(`SELECT id, status, cancel_at_period_end FROM subscriptions WHERE reader_id = ${reader}`);
      assert.match(rows, /^\d+\|active\|1$/, `the reader's subscriptions: ${rows}`);
      sqlite(`UPDATE subscriptions SET period_end = strftime('%s', 'now') - 60 WHERE reader_id = ${reader} AND status = 'active'`);
      await expectTeaser(page, stories.b, 'cancelled, period ended');

      assert.deepEqual(problems, [], 'while browsing');
    } finally {
      await context.close();
    }
  });
});
