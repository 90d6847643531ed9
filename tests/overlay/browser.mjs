/**
 * Shared setup for the overlay's browser tests: one headless Debian Chromium (playwright-core,
 * never Playwright's own browsers), the static fixture server, and page helpers.
 */
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from './server.mjs';
import { build } from '../fixtures/editors/build.mjs';

export const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SCREENSHOTS = join(REPO, 'tests/.out/screenshots');
export const SITES = ['x', 'facebook', 'bluesky', 'linkedin', 'mastodon', 'reddit', 'youtube'];

export const CHROMIUM_ARGS = ['--headless=new', '--no-sandbox', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--font-render-hinting=none'];

/** Build the fixtures (no-op when up to date), start the server and the browser. */
export async function setup() {
  await build({ quiet: true });
  mkdirSync(SCREENSHOTS, { recursive: true });
  const server = await startServer();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  return {
    server,
    browser,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/**
 * Open a fixture page; attach the overlay unless `overlay === false`.
 * @param {import('playwright-core').Browser} browser
 * @param {string} baseUrl
 * @param {string} site
 * @param {{ overlay?: boolean, config?: object, viewport?: { width: number, height: number } }} [opts]
 */
export async function openFixture(browser, baseUrl, site, opts = {}) {
  const context = await browser.newContext({ viewport: opts.viewport || { width: 1200, height: 800 } });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  await page.goto(`${baseUrl}/${site}/`);
  await page.waitForFunction(() => /** @type {any} */ (window).__fixtureReady === true);
  await page.evaluate(() => {
    const w = /** @type {any} */ (window);
    w.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const fx = await page.evaluate(() => /** @type {any} */ (window).__fixture);
  if (opts.overlay !== false) {
    await page.evaluate((cfg) => { /** @type {any} */ (window).__harnessConfig = cfg; }, opts.config || {});
    await page.addScriptTag({ url: '/tests/overlay/harness.js', type: 'module' });
    await page.waitForFunction(() => /** @type {any} */ (window).__overlayReady === true);
  }
  return { page, context, fx, problems, close: () => context.close() };
}

/** Focus the fixture's editor by clicking into it (like a user). */
export async function focusEditor(page, fx) {
  await page.click(fx.fieldSelector);
  await page.evaluate(() => /** @type {any} */ (window).__focusEditor());
}

/** Wait until the overlay has checked the current text and drawn it. */
export async function idle(page) {
  await page.evaluate(() => /** @type {any} */ (window).__overlay.whenIdle());
}

/** Poll the editor's own state text until `pred` holds or time runs out; returns the last. */
export async function editorTextWhen(page, pred, timeout = 2000) {
  const until = Date.now() + timeout;
  let t = await page.evaluate(() => /** @type {any} */ (window).__editorText());
  while (!pred(t) && Date.now() < until) {
    await page.waitForTimeout(20);
    t = await page.evaluate(() => /** @type {any} */ (window).__editorText());
  }
  return t;
}

/** Strip an editor's representation differences: Quill's final "\n", Lexical's "\n\n" paragraphs. */
export function normalizeEditorText(editor, text) {
  let t = text;
  if (editor === 'quill') t = t.replace(/\n$/, '');
  if (editor === 'lexical') t = t.replace(/\n\n/g, '\n');
  return t;
}
