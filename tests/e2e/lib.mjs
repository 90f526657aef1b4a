// Shared by the browser tests: the real server on an ephemeral loopback port with a
// temporary data dir (the demo content loads on its first start), and Debian's chromium
// launched so that it can reach 127.0.0.1 and nothing else.
import { spawn } from 'node:child_process';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

export const E2E_DIR = path.dirname(fileURLToPath(import.meta.url));
export const CHROMIUM = process.env.CHROME_PATH || '/usr/bin/chromium';

// Flags for every chromium these tests start. --user-data-dir is added per launch.
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
];

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (tests/e2e/run sets it; see docs/testing.md)`);
  return value;
}

export const binary = () => required('BROADSHEET_BINARY');
export const buildDir = () => required('BROADSHEET_BUILD_DIR');

export function makeTempDir(prefix) {
  return mkdtempSync(path.join(tmpdir(), `broadsheet-e2e-${prefix}-`));
}

export function outputDir(name) {
  const dir = path.join(buildDir(), name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

// Starts `broadsheet serve --listen 127.0.0.1:0 --data <tmp>` and resolves when it names
// its port ("... on http://127.0.0.1:PORT/"). Its output is read throughout (the access
// log goes to stdout) and kept for failure messages. `config` (TOML text, optional) is
// written to a temporary file and passed as --config. `data` is the data dir.
export async function startServer({ config } = {}) {
  const data = makeTempDir('data');
  const args = ['serve', '--listen', '127.0.0.1:0', '--data', data];
  let configDir;
  if (config !== undefined) {
    configDir = makeTempDir('config');
    const file = path.join(configDir, 'broadsheet.toml');
    writeFileSync(file, config);
    args.push('--config', file);
  }
  const child = spawn(binary(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = [];
  const keep = (line) => {
    lines.push(line);
    if (lines.length > 200) lines.shift();
  };
  readline.createInterface({ input: child.stderr }).on('line', keep);
  const out = readline.createInterface({ input: child.stdout });

  const origin = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error('the server named no port within 60 s')), 60000);
    function fail(error) {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${error.message}\n--- server output ---\n${lines.join('\n')}`));
    }
    out.on('line', (line) => {
      keep(line);
      const match = /on (http:\/\/127\.0\.0\.1:\d+)\//.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.on('error', fail);
    child.on('exit', (code, signal) => fail(new Error(`the server exited (${code ?? signal}) before naming its port`)));
  });
  child.removeAllListeners('exit');

  return {
    origin,
    data,
    url: (p) => new URL(p, origin).href,
    output: () => lines.join('\n'),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15000);
        await exited;
        clearTimeout(timer);
      }
      try {
        rmSync(data, { recursive: true, force: true, maxRetries: 10, retryDelay: 300 });
      } catch (error) {
        console.warn(`e2e: could not remove ${data}: ${error.message}`);  // Best effort, in a temp dir.
      }
      if (configDir) rmSync(configDir, { recursive: true, force: true });
    },
  };
}

// Fetches a page from the test server and returns its HTML (following redirects).
export async function fetchHtml(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url}: ${response.status}`);
  return { url: response.url, html: await response.text() };
}

// axe-core, injected into pages by axeViolations.
const AXE_SCRIPT = path.join(E2E_DIR, 'node_modules', 'axe-core', 'axe.min.js');

/** Readable lines for a test failure: each violation, its help and up to six elements. */
export function describeViolations(violations) {
  return violations
    .map((v) => {
      const nodes = v.nodes.slice(0, 6).map((n) => {
        const summary = (n.failureSummary || '').replace(/\s+/g, ' ').trim();
        return `    - ${n.target.join(' ')}\n      ${n.html.slice(0, 200)}\n      ${summary}`;
      });
      const more = v.nodes.length > 6 ? `\n    ... and ${v.nodes.length - 6} more` : '';
      return `  [${v.impact}] ${v.id}: ${v.help} (${v.nodes.length} element(s))\n  ${v.helpUrl}\n${nodes.join('\n')}${more}`;
    })
    .join('\n');
}

/** axe-core's violations on the page: its defaults, plus tap target size (WCAG 2.2 AA,
 *  which Lighthouse checks too) and duplicate ids, both off by default in axe 4.14. */
export async function axeViolations(page) {
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) {
    await page.addScriptTag({ path: AXE_SCRIPT });
  }
  return page.evaluate(async () => {
    const rules = { 'target-size': { enabled: true }, 'duplicate-id': { enabled: true }, 'duplicate-id-active': { enabled: true } };
    const results = await window.axe.run(document, { resultTypes: ['violations'], rules });
    return results.violations.map(({ id, impact, help, helpUrl, nodes }) => ({
      id, impact, help, helpUrl,
      nodes: nodes.map(({ target, html, failureSummary }) => ({ target, html, failureSummary })),
    }));
  });
}

/**
 * A page in a new browser context that records what goes wrong on it: console errors, page
 * errors, failed requests, HTTP errors, and any request for a host but the server's (those
 * are refused). `abortedOk` says which aborted requests are expected: 'images' (pictures
 * whose srcset candidate changed when a test resized the window) or 'all' (a test that moves
 * on at the load event, so the next navigation aborts what is still loading).
 */
export async function openWatchedPage(browser, origin, { contextOptions = {}, abortedOk = 'images', initScript } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...contextOptions });
  const problems = [];
  const host = new URL(origin).hostname;
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === host || url.protocol === 'data:' || url.protocol === 'blob:') return route.continue();
    problems.push(`request for another host: ${route.request().url()}`);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()} (${msg.location().url})`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => {
    const aborted = request.failure()?.errorText === 'net::ERR_ABORTED';
    if (aborted && (abortedOk === 'all' || request.resourceType() === 'image')) return;
    problems.push(`request failed: ${request.url()} (${request.failure()?.errorText})`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  if (initScript && contextOptions.javaScriptEnabled !== false) await page.addInitScript(initScript);
  return { context, page, problems };
}

/** Goes to `url` and asserts it answered 200. */
export async function visit(page, url) {
  const response = await page.goto(url, { waitUntil: 'load' });
  assert.ok(response, `no response for ${url}`);
  assert.equal(response.status(), 200, `GET ${url} answered ${response.status()}`);
  return response;
}

/** Clicks `button`, waits for the page it leads to and asserts that answered 200. */
export async function submit(page, button) {
  const [response] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), button.click()]);
  assert.ok(response, 'no response after submitting');
  assert.equal(response.status(), 200, `${response.request().method()} ${response.url()} answered ${response.status()}`);
  return response;
}

/** Asserts axe-core finds no violations on the page; `what` names it in the message. */
export async function checkAxe(page, what) {
  const violations = await axeViolations(page);
  assert.ok(violations.length === 0, `axe on ${what} (${page.url()}):\n${describeViolations(violations)}`);
}

/** The demo staff's passwords by role, from what `server` printed on its first start;
 *  asserts that those of `roles` are there. */
export function demoStaffPasswords(server, roles) {
  const passwords = {};
  for (const match of server.output().matchAll(/newsroom: (\w+)@demo\.broadsheet \(\w+\) password (\w+)/g)) {
    passwords[match[1]] = match[2];
  }
  assert.ok(roles.every((role) => passwords[role]), `serve printed no demo staff:\n${server.output()}`);
  return passwords;
}

/** Signs the demo staff member `role` in through the newsroom's sign-in form on `page`. */
export async function signInAsStaff(page, server, passwords, role) {
  await visit(page, server.url('/newsroom/login'));
  await page.getByLabel('E-mail address').fill(`${role}@demo.broadsheet`);
  await page.getByLabel('Password').fill(passwords[role]);
  await submit(page, page.getByRole('button', { name: 'Sign in' }));
}

/**
 * For the newsroom's browser tests: registers the hooks that start the server (with the demo
 * content and staff) and chromium before the file's tests and stop both after them. Once the
 * first has run, the object returned holds `server`, `browser`, `shots` (the screenshot dir)
 * and `passwords` (the demo staff's, by role; those of `roles` must be there).
 */
export function newsroomInChromium(roles) {
  const session = {};
  before(async () => {
    session.shots = outputDir('e2e-screenshots');
    session.server = await startServer();
    session.passwords = demoStaffPasswords(session.server, roles);
    session.browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
  });
  after(async () => {
    await session.browser?.close();
    await session.server?.stop();
  });
  return session;
}
