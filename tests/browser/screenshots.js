#!/usr/bin/env node
/**
 * Screenshots of the options page and the popup, light and dark, for the README:
 * docs/screenshots/options-*.png and docs/screenshots/popup-*.png. Not a test (it is not named
 * *.test.js): `./build.sh screenshots` runs it (after the overlay screenshots), or run it after
 * ./build.sh with `node tests/browser/screenshots.js`.
 *
 * It loads dist/extension in headless Chromium, saves a custom rule, turns off a built-in rule,
 * adds a name to the watch list, types a risky post on the x.com fixture page, then takes the
 * pictures with prefers-color-scheme light and dark.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO, startFixtureServer } from './lib/fixture-server.js';
import { chromiumDriver, until } from './lib/ext-driver.js';
import { page as inPage, fresh } from './lib/options-cases.js';

const OUT = join(REPO, 'docs/screenshots');
mkdirSync(OUT, { recursive: true });
const server = await startFixtureServer();
const profile = mkdtempSync(join(tmpdir(), 'insession-shots-'));
const d = await chromiumDriver({ port: server.port, profile });
try {
  await fresh(d);
  await d.eval(inPage.send, { type: 'setSettings', settings: { config: {
    profession: 'uk-hcpc-nmc',
    disabled_rules: ['stigma.suffering-from'],
    rules: [{ id: 'local-employer', category: 'confidentiality', severity: 'high', phrases: ['Acme Mill'],
      message: 'Names the town\u2019s main employer; with a client reference this can identify them.', replace: 'a local employer' }],
  } } });
  await d.eval(inPage.send, { type: 'watchlistAdd', entry: 'Siobh\u00e1n O\'Neill' });
  await d.eval(inPage.send, { type: 'watchlistAdd', entry: '@jd_runs' });

  const p = await d.use('site');
  await d.gotoSite('x.com');
  await d.type('#post-textarea', 'My 3pm today, a 34-year-old teacher from Leeds, told me about her divorce.');
  await until(() => d.eval(() => document.querySelector('#post-textarea').getAttribute('data-insession-risk') === 'high'), 'the fixture post is rated high');
  await d.use('ext');
  const tabId = await d.eval(inPage.tabId, 'https://x.com/');

  const ext = await d.use('ext');
  for (const scheme of ['light', 'dark']) {
    await ext.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
    await ext.setViewportSize({ width: 1000, height: 1100 });
    await d.gotoExtension('options/options.html');
    await ext.screenshot({ path: join(OUT, `options-${scheme}.png`) });

    // the rule editor with an inline error, and the tester with the shared overlay
    await d.type('#rule-id', 'case-number');
    await d.click('#rule-kind-regex');
    await d.type('#rule-regex', 'case\\s*#?(\\d{5,}');
    await d.type('#rule-message', 'Our case numbers identify a family.');
    await d.click('#rule-save');
    await until(() => d.eval(inPage.text, '.field-error[data-error-for="regex"]'), 'the inline error');
    await d.type('#tester-input', 'Lovely walk past Acme Mill after my 3pm today');
    await until(() => d.eval(() => document.querySelector('#tester-input').getAttribute('data-insession-risk') === 'high'), 'the tester result');
    await ext.evaluate(() => document.querySelector('#rule-form').scrollIntoView({ block: 'start' }));
    await ext.screenshot({ path: join(OUT, `options-editor-${scheme}.png`) });

    await ext.setViewportSize({ width: 352, height: 400 });
    await d.gotoExtension(`popup/popup.html?tab=${tabId}`);
    const box = await ext.evaluate(() => { const r = document.body.getBoundingClientRect(); return { x: 0, y: 0, width: Math.ceil(r.width), height: Math.ceil(r.height) }; });
    await ext.screenshot({ path: join(OUT, `popup-${scheme}.png`), clip: box });
  }
  console.log(`screenshots written to ${OUT}`);
  void p;
} finally {
  await d.close();
  await server.close();
  rmSync(profile, { recursive: true, force: true });
}
