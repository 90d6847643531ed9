/**
 * The overlay test list, defined once for both browsers: per fixture editor, the posts
 * (underlines, badge, hook, card), text integrity, Apply + undo and pause before posting; then
 * per-site state (off, paused) and the network audit.
 */
import assert from 'node:assert/strict';
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from './fixture-server.js';
import {
  EDITORS, scenarioPosts, scenarioIntegrity, scenarioApplyUndo, scenarioPause, scenarioSiteState, scenarioSettings,
} from './overlay-cases.js';

const SITES = JSON.parse(readFileSync(join(EDITORS, 'sites.json'), 'utf8'));

/**
 * @param {typeof import('node:test').test} test
 * @param {() => any} getEnv
 * @param {{ browser: string, screenshots: boolean }} opts
 */
export function defineOverlaySuite(test, getEnv, { browser, screenshots }) {
  const T = { timeout: 240_000 };
  /** Run a scenario; on failure keep a screenshot in tests/.out/overlay-failures/ for the log. */
  const run = (label, fn) => async () => {
    try {
      await fn();
    } catch (err) {
      try {
        const dir = join(REPO, 'tests/.out/overlay-failures');
        mkdirSync(dir, { recursive: true });
        const file = join(dir, `${label.replace(/[^a-z0-9]+/gi, '-')}.png`);
        writeFileSync(file, await getEnv().d.screenshot());
        err.message += `\n(screenshot: ${file})`;
      } catch { /* the browser may be gone */ }
      throw err;
    }
  };
  for (const site of SITES) {
    const name = `${browser} ${site.site} (${site.editor})`;
    test(`${name}: high, caution and harmless posts — underlines on the words (registry/boxes and pixels), badge, test hook, card`, T,
      run(`${name} posts`, () => scenarioPosts(getEnv().d, site, { screenshot: screenshots })));
    test(`${name}: text integrity — 500 typed characters give the same editor state with and without the extension; nothing of ours in the editor`, T,
      run(`${name} integrity`, () => scenarioIntegrity(getEnv().d, site)));
    test(`${name}: Apply a suggestion, then Ctrl+Z — editor state and caret right`, T,
      run(`${name} apply`, () => scenarioApplyUndo(getEnv().d, site)));
    test(`${name}: pause before posting — the Post handler waits for "Post anyway"; a harmless post posts at once`, T,
      run(`${name} pause`, () => scenarioPause(getEnv().d, site, { screenshot: screenshots && site.site === 'facebook' })));
  }
  test(`${browser}: a site turned off, or InSession paused, has no overlay, no checks, no hook; it comes back by itself`, T,
    run(`${browser} site-state`, () => scenarioSiteState(getEnv().d, SITES.find((s) => s.site === 'bluesky'))));
  test(`${browser}: settings — "Turn off this rule" is saved and the post re-checked; the reminder wording; pause before posting off`, T,
    run(`${browser} settings`, () => scenarioSettings(getEnv().d, SITES.find((s) => s.site === 'linkedin'))));
  test(`${browser}: no network request outside the fixture server (whole session; each test is audited too)`, { timeout: 30_000 }, async () => {
    const { d } = getEnv();
    assert.deepEqual(await d.foreignRequests(), [], `${browser}: requests to hosts other than the fixture hosts`);
    assert.ok(d.requested().some((u) => /bsky\.app/.test(u)), `${browser}: the request log is live`);
  });
}
