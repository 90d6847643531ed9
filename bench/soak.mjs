#!/usr/bin/env node
// Long-session soak (issue 6, item 3): a benchmark, not part of the default test run.
//
//   ./build.sh && node bench/soak.mjs [--minutes 10] [--seed 6] [--json FILE]
//
// Headless Chromium with the extension (the shipped dist/extension, with the content script
// rebuilt as the test build so each drawn frame is stamped on <html>; see
// extension/content/main.js) on two editor fixtures under their real host names: x.com (Draft.js)
// and www.facebook.com (Lexical). For `--minutes` it types continuously with real key events,
// alternating between the two pages: risky and harmless sentences, edits (backspace, moving the
// caret and typing), undo, paste, and clearing when the post gets long. The extension's service
// worker is stopped several times along the way (DevTools ServiceWorker.stopAllWorkers).
//
// Reports (Markdown, and JSON with --json):
//  - JS heap (after a forced GC) of each page (its isolate holds the content script and
//    overlay too) and of the extension's service worker, at the start and at the end, plus the
//    largest page heap seen; the worker is restarted by each stop, so its figure is per life;
//  - checks answered (test-hook writes), frames drawn, keystrokes, service-worker stops;
//  - keystroke → underline latency: for every keystroke, the time from its keydown to the first
//    frame drawn with a current (non-stale) report for that text or a later one; median, p95
//    and worst;
//  - lost keystrokes: after every typing action the editor's own text (Draft getPlainText,
//    Lexical getTextContent) must hold what was typed;
//  - stuck underlines: after every action, once settled, the underlined words (the
//    CSS.highlights ranges) must be exactly the findings the same Wasm, loaded here in Node,
//    reports for the editor's text;
//  - requests to anything but the fixture server (must be none).
// Exit status 0 when there is no lost keystroke, no stuck underline, no foreign request and
// the end heaps are within noise of the start (see GROWTH_LIMIT); 1 otherwise.

import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir, cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, '..');
const requireRoot = createRequire(join(REPO, 'package.json'));
const { chromium } = requireRoot('playwright-core');
const esbuild = requireRoot('esbuild');
const { startFixtureServer } = await import(pathToFileURL(join(REPO, 'tests/browser/lib/fixture-server.js')).href);

const opt = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const MINUTES = Number(opt('--minutes', '10'));
const SEED = Number(opt('--seed', '6'));
const JSON_OUT = opt('--json', null);
/** Control run: the same typing on the same pages without the extension (what the editors alone do). */
const CONTROL = process.argv.includes('--control');
/** The fixture pages' host where the extension does not run (as in tests/browser/lib/overlay-cases.js). */
const PLAIN_HOST = 'fixtures.test';
const SHIPPED = join(REPO, 'dist/extension');
const EDITORS = join(REPO, 'tests/fixtures/editors/dist');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
/** How many times the service worker is stopped over the run. */
const SW_STOPS = 5;
/** Switch page this often (ms). */
const PAGE_TURN_MS = 30_000;
/** Keep a post below this many characters (then clear it). */
const MAX_POST = 1_500;
/** Delay between key events (ms): a fast typist. */
const KEY_DELAY = 25;
/** Allowed heap growth, end vs start: "beyond noise". */
const GROWTH_LIMIT = { ratio: 1.25, bytes: 3 * 1024 * 1024 };
const SETTLE_MS = 15_000;

// ---------------------------------------------------------------------------------------------
// Text material
// ---------------------------------------------------------------------------------------------

const RISKY = [
  'My 3pm today, a 34-year-old teacher from Leeds, told me about her divorce.',
  'Honestly some of my clients are just crazy.',
  'He committed suicide last spring and I still think about it.',
  'Call my client on 07700 900142 if you see her.',
  'My boss is a total psycho this week.',
  'Her NHS number is 943 476 5919, can someone check?',
];
const HARMLESS = [
  'Clients often ask me how to cope with holiday stress.',
  'Here are five tips that help most people slow down.',
  'Grounding exercises work best when you practise them before you need them.',
  'If you are struggling, talk to your GP or call a local helpline.',
  'Rest is not a reward; it is a need.',
  'Supervision this week reminded me why boundaries matter.',
];

/** Small deterministic PRNG (mulberry32). */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---------------------------------------------------------------------------------------------
// Setup
// ---------------------------------------------------------------------------------------------

/** dist/extension with the test-build content script, in a private temp dir. */
async function testExtension() {
  if (!existsSync(join(SHIPPED, 'manifest.json'))) throw new Error(`${SHIPPED} is missing: run ./build.sh first`);
  const dir = mkdtempSync(join(tmpdir(), 'insession-soak-ext-'));
  cpSync(SHIPPED, dir, { recursive: true });
  await esbuild.build({
    entryPoints: [join(REPO, 'extension/content/main.js')],
    bundle: true,
    format: 'iife',
    target: ['chrome121'],
    define: { INSESSION_TEST: 'true' },
    outfile: join(dir, 'content.js'),
    logLevel: 'warning',
  });
  return dir;
}

/** The Wasm the extension ships, in Node: the expected findings for a text. */
async function nodeChecker() {
  const wasmDir = join(SHIPPED, 'wasm');
  const mod = await import(pathToFileURL(join(wasmDir, 'insession.js')).href);
  mod.initSync({ module: readFileSync(join(wasmDir, 'insession_bg.wasm')) });
  const c = new mod.Checker('{}');
  return (text) => c.check(text);
}

/** In the page (main world): counters for keystrokes, frames, hook writes and latencies. */
function installProbe(selector) {
  const w = /** @type {any} */ (window);
  if (w.__soak) return true;
  const html = document.documentElement;
  const s = (w.__soak = {
    keys: 0, inputs: 0, frames: 0, staleFrames: 0, writes: 0,
    lastKey: 0, lastInput: 0, pending: [], // keydown times not yet covered by a current frame
    lat: { n: 0, max: 0, buckets: new Array(100).fill(0) }, // 10 ms buckets, last = ≥ 990 ms
  });
  document.addEventListener('keydown', () => { s.keys++; s.lastKey = performance.now(); s.pending.push(s.lastKey); }, true);
  document.addEventListener('paste', () => { s.lastKey = performance.now(); s.pending.push(s.lastKey); }, true);
  const field = document.querySelector(selector);
  const empty = () => !(field.value ?? field.innerText).trim();
  document.addEventListener('input', () => {
    s.inputs++;
    s.lastInput = performance.now();
    // an empty field has nothing to underline (and no frame is stamped for it)
    if (empty()) s.pending = [];
  }, true);
  new MutationObserver(() => {
    const v = html.getAttribute('data-insession-test-render');
    if (!v) return;
    const [at, stale] = v.split(' ');
    const t = Number(at);
    s.frames++;
    if (stale !== '0') { s.staleFrames++; return; }
    if (t < s.lastInput) return; // drawn before the latest edit was read
    const keep = [];
    for (const k of s.pending) {
      if (k > t) { keep.push(k); continue; }
      const ms = t - k;
      s.lat.n++;
      s.lat.max = Math.max(s.lat.max, ms);
      s.lat.buckets[Math.min(99, Math.floor(ms / 10))]++;
    }
    s.pending = keep;
  }).observe(html, { attributes: true, attributeFilter: ['data-insession-test-render'] });
  new MutationObserver(() => { s.writes++; })
    .observe(field, { attributes: true, attributeFilter: ['data-insession-risk', 'data-insession-findings'] });
  return true;
}

/** Settled: a current frame drawn after the last input, and the hook written after it. */
function settled(selector) {
  const s = /** @type {any} */ (window).__soak;
  const field = document.querySelector(selector);
  if (!(field.value ?? field.innerText).trim()) return true; // empty: nothing to draw
  const v = document.documentElement.getAttribute('data-insession-test-render');
  if (!v) return false;
  const [at, stale] = v.split(' ');
  return stale === '0' && Number(at) >= s.lastInput && s.pending.length === 0;
}

/** The underlined texts (CSS.highlights ranges of the overlay) and the editor's own text. */
function drawnNow() {
  const reg = /** @type {any} */ (CSS).highlights;
  const under = [];
  // insession-active marks the finding whose card is open, on top of its own underline
  if (reg) for (const [name, h] of reg) if (name.startsWith('insession-') && name !== 'insession-active') for (const r of h) under.push(r.toString());
  return { under, text: /** @type {any} */ (window).__editorText() };
}

// ---------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------

async function main() {
  const sites = JSON.parse(readFileSync(join(EDITORS, 'sites.json'), 'utf8'));
  const chosen = ['draft', 'lexical'].map((e) => {
    const s = sites.find((x) => x.editor === e);
    if (!s) throw new Error(`no ${e} fixture in ${EDITORS}/sites.json`);
    return s;
  });
  const hosts = CONTROL ? [PLAIN_HOST] : chosen.map((s) => s.host);
  const expected = await nodeChecker();
  const ext = await testExtension();
  const server = await startFixtureServer({ root: EDITORS, hosts, dirOf: (h) => (CONTROL ? '' : chosen.find((s) => s.host === h).dir) });
  const profile = mkdtempSync(join(tmpdir(), 'insession-soak-profile-'));
  const map = hosts.map((h) => `MAP ${h} 127.0.0.1:${server.port}`).join(', ');
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: false, // --headless=new below
    ignoreHTTPSErrors: true,
    viewport: { width: 1100, height: 760 },
    timeout: 60_000,
    args: [
      '--headless=new', ...(CONTROL ? [] : [`--load-extension=${ext}`, `--disable-extensions-except=${ext}`]), '--no-sandbox',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
      '--ignore-certificate-errors', `--host-resolver-rules=${map}, MAP * ~NOTFOUND`,
      // background tabs must keep running: both pages are typed into in turn
      '--disable-background-timer-throttling', '--disable-renderer-backgrounding', '--disable-backgrounding-occluded-windows',
    ],
  });
  const requested = [];
  context.on('request', (r) => requested.push(r.url()));
  const random = rng(SEED);
  const pick = (xs) => xs[Math.floor(random() * xs.length)];
  const problems = { lost: [], stuck: [], errors: [] };
  const result = { control: CONTROL, date: new Date().toISOString(), minutes: MINUTES, seed: SEED, machine: `${cpus()[0]?.model}, ${cpus().length} cores, load ${loadavg().map((x) => x.toFixed(1)).join(' ')}`, pages: {}, worker: {}, swStops: 0 };

  try {
    // --- pages
    const pages = [];
    for (const site of chosen) {
      const page = await context.newPage();
      page.on('pageerror', (e) => problems.errors.push(`${site.host}: ${e.message}`));
      await page.goto(CONTROL ? `https://${PLAIN_HOST}/${site.dir}/` : `https://${site.host}/`);
      await page.waitForFunction(() => /** @type {any} */ (window).__fixtureReady === true, null, { timeout: SETTLE_MS });
      if (!CONTROL) {
        await page.waitForFunction(() => document.documentElement.getAttribute('data-insession-ready') === '1' && !!document.querySelector('[data-insession-overlay]'), null, { timeout: SETTLE_MS });
      }
      await page.evaluate(installProbe, site.field);
      const cdp = await context.newCDPSession(page);
      await cdp.send('HeapProfiler.enable');
      pages.push({ site, page, cdp, heap: { start: 0, end: 0, max: 0 }, actions: 0 });
    }
    const control = pages[0].cdp;
    if (!CONTROL) await control.send('ServiceWorker.enable');

    const pageHeap = async (p) => {
      await p.cdp.send('HeapProfiler.collectGarbage');
      return (await p.cdp.send('Runtime.getHeapUsage')).usedSize;
    };
    /** The service worker's heap after a GC (DevTools session attached through the page's). */
    const workerHeap = async () => {
      if (CONTROL) return null;
      const { targetInfos } = await control.send('Target.getTargets');
      const t = targetInfos.find((x) => x.type === 'service_worker' && x.url.startsWith('chrome-extension://'));
      if (!t) return null;
      const { sessionId } = await control.send('Target.attachToTarget', { targetId: t.targetId, flatten: false });
      let id = 0;
      const call = (method) => new Promise((resolveCall, reject) => {
        const my = ++id;
        const onMsg = (e) => {
          if (e.sessionId !== sessionId) return;
          const m = JSON.parse(e.message);
          if (m.id !== my) return;
          control.off('Target.receivedMessageFromTarget', onMsg);
          if (m.error) reject(new Error(m.error.message)); else resolveCall(m.result);
        };
        control.on('Target.receivedMessageFromTarget', onMsg);
        control.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: my, method }) }).catch(reject);
      });
      try {
        await call('HeapProfiler.collectGarbage');
        return (await call('Runtime.getHeapUsage')).usedSize;
      } finally {
        await control.send('Target.detachFromTarget', { sessionId }).catch(() => {});
      }
    };
    const stopWorker = async () => {
      const stopped = new Promise((res) => {
        const on = ({ versions }) => {
          if (versions.some((v) => v.scriptURL.startsWith('chrome-extension://') && v.runningStatus === 'stopped')) {
            control.off('ServiceWorker.workerVersionUpdated', on);
            res(true);
          }
        };
        control.on('ServiceWorker.workerVersionUpdated', on);
      });
      await control.send('ServiceWorker.stopAllWorkers');
      await Promise.race([stopped, new Promise((res) => setTimeout(() => res(false), SETTLE_MS))]);
      result.swStops++;
    };

    const waitSettled = async (p) => {
      try {
        if (CONTROL) return true;
        await p.page.waitForFunction(settled, p.site.field, { timeout: SETTLE_MS, polling: 20 });
        return true;
      } catch {
        return false;
      }
    };
    /** After an action: settled, and the underlines are exactly the expected findings. */
    const verify = async (p, what) => {
      if (CONTROL) return '';
      const ok = await waitSettled(p);
      const { under, text } = await p.page.evaluate(drawnNow);
      if (!ok) {
        problems.stuck.push(`${p.site.host}: not settled ${SETTLE_MS} ms after ${what} (text ${JSON.stringify(text.slice(-60))})`);
        return text;
      }
      const want = expected(text).findings.map((f) => f.text).sort();
      const got = [...under].sort();
      if (JSON.stringify(want) !== JSON.stringify(got)) {
        // the overlay reads the editor's DOM text; allow a moment for one more frame, then judge
        await p.page.waitForTimeout(300);
        const again = (await p.page.evaluate(drawnNow)).under.sort();
        if (JSON.stringify(want) !== JSON.stringify(again)) {
          problems.stuck.push(`${p.site.host} after ${what}: underlined ${JSON.stringify(again)}, findings ${JSON.stringify(want)}`);
        }
      }
      return text;
    };

    /** Bring the page to the front and click into its field (a real click, as a user would). */
    const focus = async (p) => {
      await p.page.bringToFront();
      const r = await p.page.evaluate((sel) => {
        const f = document.querySelector(sel);
        f.scrollIntoView({ block: 'center' });
        const b = f.getBoundingClientRect();
        return { x: b.left + 12, y: b.top + Math.min(14, b.height / 2) };
      }, p.site.field);
      await p.page.mouse.click(r.x, r.y);
      const inField = (sel) => {
        const f = document.querySelector(sel);
        return f === document.activeElement || f.contains(document.activeElement);
      };
      if (!(await p.page.evaluate(inField, p.site.field))) {
        // the click landed on something over the field (a placeholder): use the editor's focus
        await p.page.evaluate(() => /** @type {any} */ (window).__focusEditor());
      }
      await p.page.waitForFunction(inField, p.site.field, { timeout: SETTLE_MS }).catch(async () => {
        const a = await p.page.evaluate(() => `${document.activeElement?.localName}.${document.activeElement?.className} hasFocus=${document.hasFocus()}`);
        throw new Error(`${p.site.host}: could not focus ${p.site.field}; active element ${a}`);
      });
    };

    // --- warm up and dismiss the first-focus reminder on each page, then the start figures
    for (const p of pages) {
      await focus(p);
      await p.page.keyboard.type('Hello. ', { delay: KEY_DELAY });
      await verify(p, 'warm-up');
      await p.page.evaluate(() => {
        const b = document.querySelector('[data-insession-overlay]')?.shadowRoot?.querySelector('.bubble [data-action="dismiss"]');
        /** @type {any} */ (b)?.click();
        return true;
      });
    }
    for (const p of pages) p.heap.start = p.heap.max = await pageHeap(p);
    result.worker.start = await workerHeap();
    result.worker.beforeStops = [];

    // --- the soak
    const t0 = Date.now();
    const end = t0 + MINUTES * 60_000;
    const stopEvery = (MINUTES * 60_000) / (SW_STOPS + 1);
    let nextStop = t0 + stopEvery;
    let turn = 0;
    let nextTurn = t0 + PAGE_TURN_MS;
    let heapSampleAt = t0 + 60_000;
    result.samples = [];
    await focus(pages[0]);
    while (Date.now() < end) {
      if (Date.now() >= nextTurn) {
        turn = (turn + 1) % pages.length;
        nextTurn = Date.now() + PAGE_TURN_MS;
        await focus(pages[turn]);
      }
      const p = pages[turn];
      const kb = p.page.keyboard;
      const text = await p.page.evaluate(() => /** @type {any} */ (window).__editorText());
      const r = random();
      let what;
      if (text.length > MAX_POST) {
        what = 'clear';
        await kb.press('Control+a');
        await kb.press('Backspace');
      } else if (r < 0.5) {
        // type a sentence at the end
        const sentence = `${random() < 0.5 ? pick(RISKY) : pick(HARMLESS)} `;
        what = `type ${JSON.stringify(sentence.slice(0, 30))}`;
        await kb.press('Control+End');
        await kb.type(sentence, { delay: KEY_DELAY });
        await waitSettled(p);
        const now = await p.page.evaluate(() => /** @type {any} */ (window).__editorText());
        if (!now.replace(/\s+/g, ' ').includes(sentence.trim())) {
          problems.lost.push(`${p.site.host}: typed ${JSON.stringify(sentence)}, editor holds …${JSON.stringify(now.slice(-sentence.length - 20))}`);
        }
      } else if (r < 0.65) {
        // edit: delete a few characters, move left, type a word
        what = 'edit';
        await kb.press('Control+End');
        for (let i = 0, n = 1 + Math.floor(random() * 8); i < n; i++) await kb.press('Backspace', { delay: KEY_DELAY });
        for (let i = 0, n = Math.floor(random() * 12); i < n; i++) await kb.press('ArrowLeft');
        await kb.type(pick([' really', ' today', ' crazy', ' client', ' kind']), { delay: KEY_DELAY });
      } else if (r < 0.78) {
        what = 'undo';
        for (let i = 0, n = 1 + Math.floor(random() * 3); i < n; i++) await kb.press('Control+z', { delay: KEY_DELAY });
      } else if (r < 0.9) {
        // paste: a real paste event with clipboard data (what Ctrl+V delivers)
        const clip = `${pick(random() < 0.5 ? RISKY : HARMLESS)} `;
        what = `paste ${JSON.stringify(clip.slice(0, 30))}`;
        await kb.press('Control+End');
        const before = await p.page.evaluate(() => /** @type {any} */ (window).__editorText().length);
        await p.page.evaluate(([sel, t]) => {
          const field = document.querySelector(sel);
          const target = document.activeElement && field.contains(document.activeElement) ? document.activeElement : field;
          const dt = new DataTransfer();
          dt.setData('text/plain', t);
          target.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
          return true;
        }, [p.site.field, clip]);
        await waitSettled(p);
        const after = await p.page.evaluate(() => /** @type {any} */ (window).__editorText().length);
        if (after === before) await kb.insertText(clip); // the editor ignored a synthetic paste
      } else {
        what = 'newline + type';
        await kb.press('Control+End');
        await kb.press('Enter');
        await kb.type(`${pick(HARMLESS)} `, { delay: KEY_DELAY });
      }
      p.actions++;
      await verify(p, what);
      if (!CONTROL && Date.now() >= nextStop && result.swStops < SW_STOPS) {
        nextStop += stopEvery;
        result.worker.beforeStops.push(await workerHeap());
        await stopWorker();
      }
      if (Date.now() >= heapSampleAt) {
        heapSampleAt += 60_000;
        const sample = { minute: Math.round((Date.now() - t0) / 60_000) };
        for (const q of pages) {
          const h = await pageHeap(q);
          q.heap.max = Math.max(q.heap.max, h);
          sample[q.site.host] = h;
        }
        result.samples.push(sample);
      }
    }

    // --- end figures
    for (const p of pages) {
      await p.page.bringToFront();
      await waitSettled(p);
      p.heap.end = await pageHeap(p);
      p.heap.max = Math.max(p.heap.max, p.heap.end);
      const s = await p.page.evaluate(() => {
        const x = /** @type {any} */ (window).__soak;
        return { keys: x.keys, inputs: x.inputs, frames: x.frames, staleFrames: x.staleFrames, writes: x.writes, lat: x.lat };
      });
      const q = (frac) => {
        if (!s.lat.n) return null;
        let acc = 0;
        for (let i = 0; i < s.lat.buckets.length; i++) {
          acc += s.lat.buckets[i];
          if (acc >= frac * s.lat.n) return (i + 1) * 10;
        }
        return Infinity;
      };
      result.pages[p.site.host] = {
        editor: p.site.editor, actions: p.actions, ...s, lat: undefined,
        latency: { n: s.lat.n, medianUpTo: q(0.5), p95UpTo: q(0.95), max: s.lat.max },
        heap: p.heap,
      };
    }
    // one more keystroke wakes the worker if the last stop left it stopped
    await focus(pages[0]);
    await pages[0].page.keyboard.type('.', { delay: KEY_DELAY });
    await waitSettled(pages[0]);
    result.worker.end = await workerHeap();
  } finally {
    await context.close().catch(() => {});
    await server.close();
    rmSync(profile, { recursive: true, force: true });
    rmSync(ext, { recursive: true, force: true });
  }
  const foreign = requested.filter((u) => {
    if (u.startsWith('chrome-extension://') || u.startsWith('data:') || u.startsWith('blob:')) return false;
    try {
      return !hosts.includes(new URL(u).hostname);
    } catch {
      return true;
    }
  });
  result.problems = { ...problems, foreign };
  report(result);
  if (JSON_OUT) writeFileSync(JSON_OUT, JSON.stringify(result, null, 2));
  const grew = Object.values(result.pages).filter((p) => p.heap.end > p.heap.start * GROWTH_LIMIT.ratio + GROWTH_LIMIT.bytes);
  process.exit(problems.lost.length || problems.stuck.length || foreign.length || grew.length ? 1 : 0);
}

function report(r) {
  const mb = (b) => (b == null ? '—' : `${(b / 1048576).toFixed(1)} MB`);
  const lines = [];
  lines.push(`### Soak${r.control ? ' (control: same typing, no extension)' : ''}: ${r.minutes} min in headless Chromium — ${r.date.slice(0, 10)}`);
  lines.push('');
  lines.push(`Machine: ${r.machine}. Seed ${r.seed}. Service worker stopped ${r.swStops} times.`);
  lines.push('');
  lines.push('| page | editor | actions | keystrokes | checks answered (hook writes) | frames (stale) | keystroke → underline: median / p95 / worst | JS heap start → end (max) |');
  lines.push('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const [host, p] of Object.entries(r.pages)) {
    const l = p.latency;
    const lat = l.n ? `≤${l.medianUpTo} / ≤${l.p95UpTo} / ${l.max.toFixed(0)} ms (${l.n} keystrokes)` : '—';
    lines.push(`| ${host} | ${p.editor} | ${p.actions} | ${p.keys} | ${p.writes} | ${p.frames} (${p.staleFrames}) | ${lat} | ${mb(p.heap.start)} → ${mb(p.heap.end)} (${mb(p.heap.max)}) |`);
  }
  const w = r.worker;
  lines.push('');
  lines.push(`Service worker JS heap (after GC): start ${mb(w.start)}, before each stop ${(w.beforeStops ?? []).map(mb).join(', ') || '—'}, end ${mb(w.end)}.`);
  if (r.samples?.length) {
    lines.push('');
    lines.push(`Page heaps each minute (after GC): ${r.samples.map((s) => `${s.minute}′ ${Object.entries(s).filter(([k]) => k !== 'minute').map(([, v]) => mb(v)).join(' / ')}`).join('; ')}.`);
  }
  const pr = r.problems;
  lines.push('');
  lines.push(`Lost keystrokes: ${pr.lost.length}. Stuck or missing underlines: ${pr.stuck.length}. Requests outside the fixture server: ${pr.foreign.length}. Page errors: ${pr.errors.length}.`);
  for (const x of [...pr.lost, ...pr.stuck, ...pr.foreign, ...pr.errors].slice(0, 20)) lines.push(`- ${x}`);
  console.log(lines.join('\n'));
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
