#!/usr/bin/env node
/**
 * Benchmark (not a test): keystroke → updated underline on a 2,000-character post in the
 * Lexical (Facebook) fixture, in headless Chromium, with the overlay and the fake check
 * (answers after a 0 ms timer, standing in for the background's ~1–2 ms round trip).
 * Two latencies, from the keydown event's timestamp to the end of the overlay frame that
 *  - "adjusted": first draws the text including that keystroke (underlines moved with the
 *    edit, spans the edit touched dropped — what the user sees first), and
 *  - "fresh": first draws the checker's report for that text (new findings appear).
 * Also reports the longest task seen while typing (PerformanceObserver 'longtask', so only
 * tasks over 50 ms count) and, for comparison, how long a message posted at the editor's DOM
 * mutation waits for the busy main thread without any overlay work ("browser task delay").
 *   node tests/overlay/bench.mjs [keystrokes=200] [site=facebook]
 */
import { setup, openFixture, focusEditor, idle } from './browser.mjs';

const N = Number(process.argv[2] || 200);
const site = process.argv[3] || 'facebook';
const env = await setup();
try {
  const { page, fx, close } = await openFixture(env.browser, env.server.url, site);
  await page.evaluate(() => { /** @type {any} */ (window).__checkDelayMs = 0; });
  const base = [];
  while (base.join('\n').length < 2000) base.push(`Paragraph ${base.length + 1}: my client mentioned bed ${base.length + 3} and the weather, then we talked about routines and rest.`);
  await page.evaluate((t) => /** @type {any} */ (window).__setText(t), base.join('\n').slice(0, 2000));
  await focusEditor(page, fx);
  await page.keyboard.press('Control+End');
  await idle(page);
  await page.evaluate(() => {
    const w = /** @type {any} */ (window);
    w.__lat = [];
    w.__adj = [];
    w.__long = [];
    let pending = null;
    document.addEventListener('keydown', (e) => { pending = { t0: e.timeStamp, len: w.__overlay.text.length, adj: false }; }, true);
    w.__onRender = (info) => {
      if (!pending || info.textLength === pending.len) return;
      if (!pending.adj) { pending.adj = true; w.__adj.push(info.at - pending.t0); }
      if (!info.stale) {
        w.__lat.push(info.at - pending.t0);
        pending = null;
      }
    };
    new PerformanceObserver((l) => { for (const e of l.getEntries()) w.__long.push(e.duration); }).observe({ type: 'longtask' });
  });
  const words = 'the client said bed 9 was fine today and ';
  for (let i = 0; i < N; i++) await page.keyboard.type(words[i % words.length], { delay: 0 }), await page.waitForTimeout(30);
  await idle(page);
  const r = await page.evaluate(() => {
    const w = /** @type {any} */ (window);
    return { lat: w.__lat, adj: w.__adj, long: w.__long, len: w.__overlay.text.length };
  });
  const stats = (arr) => {
    const a = arr.slice().sort((x, y) => x - y);
    const q = (p) => +a[Math.min(a.length - 1, Math.floor(p * a.length))].toFixed(1);
    return { n: a.length, median: q(0.5), p95: q(0.95), max: q(1) };
  };
  console.log(JSON.stringify({
    site, keystrokes: N, textLength: r.len,
    adjustedMs: stats(r.adj), freshMs: stats(r.lat),
    longTasksOver50ms: r.long.length, longestTaskMs: r.long.length ? Math.max(...r.long) : 0,
  }));
  await close();
} finally {
  await env.close();
}
