/**
 * The issue-16 test list, defined once for both browsers (trust.chromium.test.js,
 * trust.firefox.test.js): each scenario of lib/trust-cases.js on the Facebook (Lexical)
 * fixture, with a screenshot kept in tests/.out/trust-failures/ when one fails.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from './fixture-server.js';
import * as cases from './trust-cases.js';

/**
 * @param {typeof import('node:test').test} test
 * @param {() => any} getEnv
 * @param {string} browser
 */
export function defineTrustSuite(test, getEnv, browser) {
  const T = { timeout: 120_000 };
  const site = () => getEnv().sites.find((s) => s.site === 'facebook');
  const run = (label, fn) => async () => {
    try {
      await fn(getEnv().d, site());
    } catch (err) {
      try {
        const dir = join(REPO, 'tests/.out/trust-failures');
        mkdirSync(dir, { recursive: true });
        const file = join(dir, `${browser}-${label}.png`);
        writeFileSync(file, await getEnv().d.screenshot());
        err.message += `\n(screenshot: ${file})`;
      } catch { /* the browser may be gone */ }
      throw err;
    }
  };
  test(`${browser}: a harmless post is "Nothing flagged" with the standing question — no tick, no green, no "No concerns"`, T,
    run('ok-neutral', cases.scenarioOkNeutral));
  test(`${browser}: ignoring every finding of a high post shows "N ignored" (not ok); the post button still pauses and says so; "Show again" restores one`, T,
    run('ignored', cases.scenarioIgnored));
  test(`${browser}: Alt+Shift+I opens the card with focus on its title; Enter there dismisses nothing`, T,
    run('focus-title', cases.scenarioFocusTitle));
  test(`${browser}: "Turn off this rule" on a high finding asks first; Undo (keyboard) turns it back on in the settings`, T,
    run('turn-off-undo', cases.scenarioTurnOffUndo));
  test(`${browser}: the high reminder is short and live — rule title, details counted (real plural), the question once; it follows an edit at once; cards carry their rule's title`, T,
    run('live-bubble', cases.scenarioLiveBubble));
  test(`${browser}: placement at 1280 and 360 px — bubble, panel, card and pause inside the visible area, never under the scrollbar, readable`, T,
    run('placement', cases.scenarioPlacement));
}
