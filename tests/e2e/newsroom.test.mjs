// Browser test of the newsroom in headless Debian chromium (playwright-core), against the
// real server with the demo content and the demo staff it prints on a first start:
//  - the editor signs in, finds the reference story, reworks its headline and lead picture
//    (a picture from the library, with a caption, credit and alt text of the newsroom's);
//  - the reader page shows the new headline and picture and keeps the syndication notice;
//  - the admin sees the edit in the audit log;
//  - axe-core finds no violations on the sign-in page, home, queue, articles, the article
//    editor, the audit log and the staff page;
//  - screenshots of the queue and the article editor at 1280 px go to
//    <build>/e2e-screenshots/newsroom-<page>-1280.png;
//  - no console errors, page errors, failed requests or requests for another host.
// Run by ctest through tests/e2e/run; see docs/testing.md.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';

import { checkAxe, newsroomInChromium, openWatchedPage, signInAsStaff, submit, visit } from './lib.mjs';

const HEADLINE = 'Japan\'s foreign minister in Kyiv as North Korean troops gather';
const CAPTION = 'Picture chosen in the newsroom';
const CREDIT = 'Broadsheet picture desk';
const ALT = 'A picture the editor chose for the Kyiv story';

const newsroom = newsroomInChromium(['editor', 'admin']);

async function signIn(page, role) {
  await signInAsStaff(page, newsroom.server, newsroom.passwords, role);
  assert.equal(new URL(page.url()).pathname, '/newsroom', `signing in led to ${page.url()}`);
}

describe('newsroom in chromium', () => {
  test('an editor reworks the headline and picture of the reference story', async () => {
    const { context, page, problems } = await openWatchedPage(newsroom.browser, newsroom.server.origin, { abortedOk: 'all' });
    try {
      await visit(page, newsroom.server.url('/newsroom/login'));
      await checkAxe(page, 'the sign-in page');
      await page.screenshot({ path: path.join(newsroom.shots, 'newsroom-login-1280.png'), fullPage: false });
      await signIn(page, 'editor');
      await checkAxe(page, 'the newsroom home');
      await page.screenshot({ path: path.join(newsroom.shots, 'newsroom-home-1280.png'), fullPage: false });

      await visit(page, newsroom.server.url('/newsroom/queue'));
      assert.ok(await page.locator('table.grid tbody tr').count() > 10, 'the queue lists the demo items');
      await checkAxe(page, 'the wire queue');
      await page.screenshot({ path: path.join(newsroom.shots, 'newsroom-queue-1280.png'), fullPage: false });

      await visit(page, newsroom.server.url('/newsroom/articles?q=minister+visits+Kyiv'));
      await checkAxe(page, 'the article list');
      await page.screenshot({ path: path.join(newsroom.shots, 'newsroom-articles-1280.png'), fullPage: false });
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.locator('table.grid a').first().click()]);
      assert.match(new URL(page.url()).pathname, /^\/newsroom\/articles\/\d+$/);
      await checkAxe(page, 'the article editor');
      await page.screenshot({ path: path.join(newsroom.shots, 'newsroom-article-1280.png'), fullPage: true });
      const readerPath = await page.getByRole('link', { name: 'Reader page' }).getAttribute('href');

      // A picture from the library that is not the wire's own.
      const wireSrc = await page.locator('aside.readonly img.current').getAttribute('src');
      const choices = page.locator('.library input[type="radio"]:not([value=""])');
      let chosen = null;
      for (let i = 0; i < await choices.count(); ++i) {
        const value = await choices.nth(i).getAttribute('value');
        if (`/media/${value}` !== wireSrc) { chosen = choices.nth(i); break; }
      }
      assert.ok(chosen, 'the picture library offers no other picture');
      const chosenPath = await chosen.getAttribute('value');
      await chosen.check();
      await page.getByLabel('Headline readers see').fill(HEADLINE);
      await page.getByLabel('Caption').fill(CAPTION);
      await page.getByLabel('Credit').fill(CREDIT);
      await page.getByLabel(/^Alt text/).fill(ALT);
      await submit(page, page.getByRole('button', { name: 'Save' }));
      assert.ok(await page.getByText(/^Saved:/).isVisible(), 'no "Saved" message after saving');
      assert.equal(await page.getByLabel('Headline readers see').inputValue(), HEADLINE);

      // The reader page: the new headline and picture, and the syndication notice.
      await visit(page, newsroom.server.url(readerPath));
      assert.equal((await page.locator('h1').first().innerText()).trim(), HEADLINE);
      const img = page.locator('figure.story__picture img');
      assert.equal(await img.getAttribute('alt'), ALT);
      assert.ok((await img.getAttribute('src')).includes(chosenPath.replace(/\.[a-z]+$/, '')),
        `the reader page shows ${await img.getAttribute('src')}, not ${chosenPath}`);
      assert.match(await page.locator('figure.story__picture figcaption').innerText(), new RegExp(CAPTION));
      assert.ok(await page.getByText(/Only the headline and picture of this report may have been reworked/).first().isVisible(),
        'the syndication notice is gone');
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test('the admin pages: audit log and staff', async () => {
    const { context, page, problems } = await openWatchedPage(newsroom.browser, newsroom.server.origin, { abortedOk: 'all' });
    try {
      await signIn(page, 'admin');
      await visit(page, newsroom.server.url('/newsroom/audit'));
      assert.ok(await page.locator('table.grid code').filter({ hasText: /^article\.edit$/ }).first().isVisible(), 'the audit log does not show the edit');
      await checkAxe(page, 'the audit log');
      await page.screenshot({ path: path.join(newsroom.shots, 'newsroom-audit-1280.png'), fullPage: false });
      await visit(page, newsroom.server.url('/newsroom/users'));
      await checkAxe(page, 'the staff page');
      await page.screenshot({ path: path.join(newsroom.shots, 'newsroom-users-1280.png'), fullPage: false });
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
});
