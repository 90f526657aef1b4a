// Browser tests of the reader site in headless Debian chromium (playwright-core), against
// the real server with the demo content:
//  - home, section, topic, article and archive pages load with no console errors, page
//    errors, failed requests or requests for any host but 127.0.0.1;
//  - axe-core finds no violations on each, at 390, 768 and 1280 px, in light and dark mode;
//  - full-page screenshots go to <build>/e2e-screenshots/<page>-<width>.png (and
//    <page>-dark-<width>.png);
//  - pictures have width and height and the page does not shift while it loads;
//  - an article reads with JavaScript off.
// Run by ctest through tests/e2e/run; see docs/testing.md.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium } from 'playwright-core';

import { CHROMIUM, CHROMIUM_FLAGS, E2E_DIR, axeViolations, describeViolations, openWatchedPage, outputDir, startServer, visit } from './lib.mjs';

const WIDTHS = [390, 768, 1280];

let server;
let browser;
let shots;
const urls = {};

// Layout shifts (CLS as the browser reports it), recorded from the first paint on.
const RECORD_LAYOUT_SHIFTS = () => {
  window.__layoutShift = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (!entry.hadRecentInput) window.__layoutShift += entry.value;
    }
  }).observe({ type: 'layout-shift', buffered: true });
};

// A browser context that reaches only the test server, and a page in it that records
// whatever goes wrong while it loads.
function openPage(options = {}) {
  return openWatchedPage(browser, server.origin, { contextOptions: options, abortedOk: 'images', initScript: RECORD_LAYOUT_SHIFTS });
}

// Scrolls through the page so that lazy pictures load, then waits for every picture.
async function loadEverything(page) {
  await page.evaluate(async () => {
    const step = Math.max(200, window.innerHeight / 2);
    for (let y = 0; y < document.documentElement.scrollHeight; y += step) {
      window.scrollTo(0, y);
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 16)));
    }
    window.scrollTo(0, 0);
    await Promise.all(
      [...document.images].map((img) =>
        img.complete ? null : new Promise((resolve) => { img.onload = img.onerror = resolve; })),
    );
    await document.fonts.ready;
  });
}


// The checks every page type gets: loads cleanly; at each width, no axe violations and a
// full-page screenshot; pictures sized; no layout shift.
async function checkPage(name, url, { colorScheme = 'light' } = {}) {
  const { context, page, problems } = await openPage({ colorScheme });
  try {
    await visit(page, url);
    await loadEverything(page);
    const failures = [];
    const found = new Map(); // one entry per rule and element, with the widths it fails at
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      await loadEverything(page);
      for (const violation of await axeViolations(page)) {
        const key = `${violation.id} ${violation.nodes.map((n) => n.target.join(' ')).join(',')}`;
        if (!found.has(key)) found.set(key, { violation, widths: [] });
        found.get(key).widths.push(width);
      }
      const file = colorScheme === 'dark' ? `${name}-dark-${width}.png` : `${name}-${width}.png`;
      await page.screenshot({ path: path.join(shots, file), fullPage: true });
    }
    for (const { violation, widths } of found.values()) {
      failures.push(`axe (${colorScheme}, at ${widths.join(', ')} px):\n${describeViolations([violation])}`);
    }

    const unsized = await page.$$eval('img', (images) =>
      images.filter((img) => !img.getAttribute('width') || !img.getAttribute('height')).map((img) => img.outerHTML));
    if (unsized.length) failures.push(`pictures without width and height:\n  ${unsized.join('\n  ')}`);
    const shift = await page.evaluate(() => window.__layoutShift);
    if (shift > 0.01) failures.push(`layout shift while loading: ${shift.toFixed(3)} (want at most 0.01)`);
    if (problems.length) failures.push(`while loading:\n  ${problems.join('\n  ')}`);

    assert.ok(failures.length === 0, `${name} page ${url}:\n${failures.join('\n')}`);
  } finally {
    await context.close();
  }
}

before(async () => {
  shots = outputDir('e2e-screenshots');
  for (const width of WIDTHS) {
    for (const name of ['home', 'section', 'topic', 'article', 'archive']) {
      rmSync(path.join(shots, `${name}-${width}.png`), { force: true });
      rmSync(path.join(shots, `${name}-dark-${width}.png`), { force: true });
    }
  }
  server = await startServer();
  // Playwright gives each launch a fresh temporary --user-data-dir of its own and removes
  // it on close.
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });

  // Find one page of each kind by following links, as a reader would.
  const { context, page } = await openPage();
  try {
    urls.home = server.url('/');
    await visit(page, urls.home);
    urls.section = await page.$eval('nav.sections a[href]:not([href="/"])', (a) => a.href);
    urls.article = await page.evaluate(() => {
      const a = [...document.querySelectorAll('main a[href]')]
        .find((link) => /^Japan.s (foreign )?minister/i.test(link.textContent.trim()));
      return a && a.href;
    });
    assert.ok(urls.article, 'the home page links to no reference article ("Japan\'s minister visits Kyiv...")');
    await visit(page, urls.article);
    urls.topic = await page.evaluate(() => {
      const a = [...document.querySelectorAll('main a[href]')].find((link) => new URL(link.href).pathname.startsWith('/topic/'));
      return a && a.href;
    });
    assert.ok(urls.topic, `the reference article (${urls.article}) links to no topic page`);
  } finally {
    await context.close();
  }
  urls.archive = server.url('/archive');
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

describe('reader pages in chromium', () => {
  test('the archive answers /archive with a redirect to a day page', async () => {
    const response = await fetch(urls.archive, { redirect: 'manual' });
    assert.ok(
      [301, 302, 303, 307, 308].includes(response.status),
      `GET /archive answered ${response.status}, not a redirect to a day page: the archive is missing`,
    );
    const location = new URL(response.headers.get('location'), urls.archive);
    assert.match(location.pathname, /^\/archive\/\d{4}\/\d{2}\/\d{2}$/, `/archive redirects to ${location}`);
    urls.archive = location.href;
  });

  for (const name of ['home', 'section', 'topic', 'article', 'archive']) {
    test(`${name} page: clean load, no axe violations, screenshots at ${WIDTHS.join(', ')} px`, async () => {
      await checkPage(name, urls[name]);
    });
  }

  for (const name of ['home', 'section', 'topic', 'article', 'archive']) {
    test(`${name} page in dark mode: no axe violations`, async () => {
      await checkPage(name, urls[name], { colorScheme: 'dark' });
    });
  }

  test('an article reads with JavaScript off', async () => {
    const { context, page, problems } = await openPage({ javaScriptEnabled: false, viewport: { width: 390, height: 900 } });
    try {
      await visit(page, urls.article);
      const body = page.locator('.story__body');
      assert.ok(await body.isVisible(), 'the story body is not visible with JavaScript off');
      const text = (await body.innerText()).trim();
      assert.ok(text.length > 500, `the story body shows only ${text.length} characters with JavaScript off`);
      assert.ok(await page.locator('h1').first().isVisible(), 'the headline is not visible with JavaScript off');
      await page.screenshot({ path: path.join(shots, 'article-nojs-390.png'), fullPage: true });
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
});
