// Browser test of staff stories in headless Debian chromium (playwright-core), against the
// real server with the demo staff:
//  - a writer drafts a story in the editor (the live preview shows the Markdown rendered)
//    and finds no Publish button;
//  - an editor opens the draft and publishes it; the reader page shows it;
//  - axe-core finds no violations on the story list, the story editor and the revisions;
//  - a screenshot of the story editor at 1280 px goes to
//    <build>/e2e-screenshots/newsroom-story-editor-1280.png;
//  - no console errors, page errors, failed requests or requests for another host.
// Run by ctest through tests/e2e/run; see docs/testing.md.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';

import { checkAxe, newsroomInChromium, openWatchedPage, signInAsStaff, submit, visit } from './lib.mjs';

const HEADLINE = 'Harbour reopens after the storm';

const newsroom = newsroomInChromium(['editor', 'writer']);

async function signIn(page, role) {
  await signInAsStaff(page, newsroom.server, newsroom.passwords, role);
}

describe('staff stories in chromium', () => {
  test('a writer drafts, an editor publishes', async () => {
    let storyUrl;
    {
      const { context, page, problems } = await openWatchedPage(newsroom.browser, newsroom.server.origin, { abortedOk: 'all' });
      try {
        await page.setViewportSize({ width: 1280, height: 900 });
        await signIn(page, 'writer');
        await visit(page, newsroom.server.url('/newsroom/stories/new'));
        await checkAxe(page, 'the new story form');
        await page.getByLabel('Headline').fill(HEADLINE);
        await page.getByLabel('Standfirst').fill('Ships return to the quay a week after the cyclone');
        await page.getByLabel('Section').selectOption('world');
        await page.getByLabel('Topics').fill('Weather, Shipping');
        await page.locator('#markdown').fill('The **harbour** reopened on *Monday*.\n\n- Ferries run again\n- Fishing resumes');
        // The live preview renders the Markdown without a page load.
        await page.locator('#story-preview strong', { hasText: 'harbour' }).waitFor({ timeout: 5000 });
        await submit(page, page.getByRole('button', { name: 'Save draft' }));
        storyUrl = page.url();
        assert.match(new URL(storyUrl).pathname, /^\/newsroom\/stories\/\d+$/);
        assert.equal(await page.getByRole('button', { name: 'Publish now' }).count(), 0, 'a writer sees no Publish');
        await checkAxe(page, 'the story editor');
        await page.screenshot({ path: path.join(newsroom.shots, 'newsroom-story-editor-1280.png'), fullPage: false });
        await visit(page, newsroom.server.url('/newsroom/stories'));
        await checkAxe(page, 'the story list');
        assert.deepEqual(problems, [], 'browser problems');
      } finally {
        await context.close();
      }
    }
    {
      const { context, page, problems } = await openWatchedPage(newsroom.browser, newsroom.server.origin, { abortedOk: 'all' });
      try {
        await signIn(page, 'editor');
        await visit(page, storyUrl);
        await submit(page, page.getByRole('button', { name: 'Publish now' }));
        assert.ok(await page.getByText('Published', { exact: true }).count() > 0, 'the story says Published');
        const readerLink = page.getByRole('link', { name: 'Read it on the site' });
        const readerPath = await readerLink.getAttribute('href');
        await visit(page, storyUrl + '/revisions');
        await checkAxe(page, 'the revisions');
        await visit(page, newsroom.server.url(readerPath));
        assert.equal(await page.getByRole('heading', { level: 1 }).first().textContent(), HEADLINE);
        assert.deepEqual(problems, [], 'browser problems');
      } finally {
        await context.close();
      }
    }
  });
});
