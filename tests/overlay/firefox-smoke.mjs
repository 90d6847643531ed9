#!/usr/bin/env node
/**
 * Firefox smoke run of the overlay on every fixture (not part of `node --test`; the
 * cross-browser tests with the real extension are issue 4 phase 2). Debian firefox-esr driven
 * by selenium-webdriver with geckodriver from `cargo install geckodriver` (PATH or
 * ~/.cargo/bin). For each fixture: type a high + caution post with WebDriver key events, check
 * the underlines (Highlight API registry or boxes), Apply the high suggestion through the card,
 * Ctrl+Z, and pause-before-posting. Prints one line per site; exits 1 on any failure.
 *   node tests/overlay/firefox-smoke.mjs [site,site…]
 */
import { Builder, By, Key, until } from 'selenium-webdriver';
import firefox from 'selenium-webdriver/firefox.js';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { startServer } from './server.mjs';
import { build } from '../fixtures/editors/build.mjs';
import { SITES } from './browser.mjs';

const sites = process.argv[2] ? process.argv[2].split(',') : SITES;
await build({ quiet: true });
const server = await startServer();
const gecko = ['/usr/local/bin/geckodriver', join(homedir(), '.cargo/bin/geckodriver')].find(existsSync) || 'geckodriver';
const options = new firefox.Options().addArguments('-headless').setBinary('/usr/bin/firefox-esr');
options.setPreference('ui.prefersReducedMotion', 1);
const driver = await new Builder().forBrowser('firefox').setFirefoxOptions(options)
  .setFirefoxService(new firefox.ServiceBuilder(gecko)).build();
let failed = 0;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const js = (fn, ...args) => driver.executeScript(`return (${fn}).apply(null, arguments)`, ...args);
try {
  await driver.manage().window().setRect({ width: 1200, height: 800 });
  for (const site of sites) {
    const notes = [];
    const check = (ok, what) => { if (!ok) { notes.push(`FAIL ${what}`); failed++; } };
    try {
      await driver.get(`${server.url}/${site}/`);
      await driver.wait(async () => js(() => window.__fixtureReady === true), 5000);
      await js(() => {
        window.__harnessConfig = {};
        const s = document.createElement('script');
        s.type = 'module';
        s.src = '/tests/overlay/harness.js';
        document.head.appendChild(s);
      });
      await driver.wait(async () => js(() => window.__overlayReady === true), 5000);
      const fx = await js(() => window.__fixture);
      const field = await driver.findElement(By.css(fx.fieldSelector));
      await field.click();
      await driver.actions().sendKeys('Saw my client today.', Key.ENTER, 'She was in bed 12 again.').perform();
      await js(() => window.__overlay.whenIdle());
      const st = await js(() => ({
        risk: window.__overlay.risk,
        renderer: window.__overlay.renderer,
        hl: CSS.highlights ? ['insession-high', 'insession-high-dark'].flatMap((n) => [...(CSS.highlights.get(n) || [])].map((r) => r.toString())) : null,
        under: window.__overlay.underlineRects().map((u) => u.rects.length),
        text: window.__editorText(),
      }));
      check(st.risk === 'high', `risk ${st.risk}`);
      check(st.under.every((n) => n > 0), 'underline rectangles');
      if (st.renderer === 'highlight') check(st.hl && st.hl.includes('bed 12'), `highlight registry ${JSON.stringify(st.hl)}`);
      const original = st.text;
      // Apply through the card (after a pause, as a user would: editors merge quick edits
      // into one undo step)
      await sleep(600);
      await js(() => { const i = window.__overlay.findings.findIndex((f) => f.severity === 'high'); window.__overlay.openCard(i); });
      const host = await driver.findElement(By.css('[data-insession-overlay]'));
      const root = await host.getShadowRoot();
      await (await root.findElement(By.css('.card [data-action="apply"]'))).click();
      const want = original.replace('bed 12', 'a hospital bed');
      await driver.wait(async () => (await js(() => window.__editorText())) === want, 3000).catch(() => {});
      const applied = await js(() => window.__editorText());
      check(applied === want, `apply: ${JSON.stringify(applied)}`);
      await driver.actions().keyDown(Key.CONTROL).sendKeys('z').keyUp(Key.CONTROL).perform();
      await driver.wait(async () => (await js(() => window.__editorText())) === original, 3000).catch(() => {});
      check((await js(() => window.__editorText())) === original, `undo: ${JSON.stringify(await js(() => window.__editorText()))}`);
      // pause before posting
      await js(() => window.__overlay.whenIdle());
      await (await driver.findElement(By.css(fx.postButtonSelector))).click();
      await sleep(150);
      check((await js(() => window.__posted.length)) === 0, `post was not paused (${JSON.stringify(await js(() => [window.__overlay.risk, window.__overlay.text, window.__editorText()]))})`);
      const post = await root.findElement(By.css('.pause [data-action="post-anyway"]')).catch(() => null);
      check(!!post, 'pause card');
      if (post) {
        await post.click();
        await sleep(100);
        check((await js(() => window.__posted.length)) === 1, 'post anyway');
      }
      const csp = await js(() => window.__cspViolations || []);
      check(csp.length === 0, `CSP ${csp}`);
      console.log(`${notes.length ? 'not ok' : 'ok'} firefox ${site} (${st.renderer})${notes.length ? ': ' + notes.join('; ') : ''}`);
    } catch (e) {
      failed++;
      console.log(`not ok firefox ${site}: ${e.message.split('\n')[0]}`);
    }
  }
} finally {
  await driver.quit();
  await server.close();
}
process.exit(failed ? 1 : 0);
