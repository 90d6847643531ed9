// Hostile text in a real browser (issue 6, items 2 and 4): HTML and script payloads typed into
// a field must come back as text in the explanation card and the findings panel — no element,
// no handler, no request, no dialog. A payload rendered as markup would be a way for page text
// to make a network request (`<img src=… onerror=…>`), so this is a privacy test as well.
//
//   ./build.sh && node --test --test-concurrency=1 tests/privacy/hostile-render.browser.mjs
//
// Chromium (Debian's /usr/bin/chromium through playwright-core), the shipped dist/extension with
// the content script rebuilt as the test build in a temp directory (open shadow root, so the
// overlay can be inspected; see extension/content/main.js), on the basic fixture page served
// as x.com. A custom rule (stored as the options page would, in storage.sync) matches the
// payloads themselves, so they are finding text in the panel; its message and suggestion carry
// markup too; a quoted payload is evidence in the card.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const requireRoot = createRequire(join(REPO, 'package.json'));
const { chromium } = requireRoot('playwright-core');
const esbuild = requireRoot('esbuild');
const { startFixtureServer, FIXTURE_HOSTS } = await import(pathToFileURL(join(REPO, 'tests/browser/lib/fixture-server.js')).href);

const SHIPPED = join(REPO, 'dist/extension');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const WAIT_MS = 15_000;

/** Payloads, each with a distinct resource path: a request for it means it was rendered. */
const PAYLOADS = [
  '<img src=/pwned-img-1 onerror=alert(1)>',
  '<script>alert(2)</script>',
  '<a href="javascript:alert(3)">link</a>',
  '<svg/onload=alert(4)>',
  '<iframe src=/pwned-frame-5></iframe>',
];
const MESSAGE = 'Markup in a message: <b>bold</b> <img src=/pwned-img-6 onerror=alert(6)>';
const SUGGESTION = '<img src=/pwned-img-7 onerror=alert(7)>';
/** What is typed: every payload, one quoted (evidence "client's own words" in the card); words
 * between them, since the core merges findings of one rule separated only by spaces. */
const TEXT = `My 3pm said "${PAYLOADS[0]}" today. ${PAYLOADS.slice(1).join(' then ')} end`;
/** Elements and attributes that would make rendered text live. */
const LIVE = 'img,script,iframe,frame,object,embed,svg,math,a,link,meta,base,form,video,audio,source,picture';

let server;
let context;
let profile;
let ext;
const requested = [];
const dialogs = [];

before(async () => {
  assert.ok(existsSync(join(SHIPPED, 'manifest.json')), `${SHIPPED} is missing: run ./build.sh first`);
  ext = mkdtempSync(join(tmpdir(), 'insession-hostile-ext-'));
  cpSync(SHIPPED, ext, { recursive: true });
  await esbuild.build({
    entryPoints: [join(REPO, 'extension/content/main.js')],
    bundle: true,
    format: 'iife',
    target: ['chrome121'],
    define: { INSESSION_TEST: 'true' },
    outfile: join(ext, 'content.js'),
    logLevel: 'warning',
  });
  server = await startFixtureServer();
  profile = mkdtempSync(join(tmpdir(), 'insession-hostile-profile-'));
  const map = FIXTURE_HOSTS.map((h) => `MAP ${h} 127.0.0.1:${server.port}`).join(', ');
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: false, // --headless=new below: the mode that runs extensions
    ignoreHTTPSErrors: true,
    viewport: { width: 1100, height: 760 },
    timeout: 60_000,
    args: [
      '--headless=new', `--load-extension=${ext}`, `--disable-extensions-except=${ext}`, '--no-sandbox',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
      '--ignore-certificate-errors', `--host-resolver-rules=${map}, MAP * ~NOTFOUND`,
    ],
  });
  context.on('request', (r) => requested.push(r.url()));
  // the custom rule, stored as the options page stores it (schema.js, version 2)
  const worker = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://')) ??
    (await context.waitForEvent('serviceworker', { timeout: WAIT_MS }));
  const config = {
    rules: [{
      id: 'payload', category: 'professionalism', severity: 'high', phrases: PAYLOADS, whole_word: false,
      case_sensitive: true, message: MESSAGE, suggestion: SUGGESTION,
    }],
  };
  await worker.evaluate((c) => chrome.storage.sync.set({ schemaVersion: 2, config: c }), config);
}, { timeout: 120_000 });

after(async () => {
  await context?.close();
  await server?.close();
  for (const d of [profile, ext]) if (d) rmSync(d, { recursive: true, force: true });
});

/** In the page: the overlay's shadow root, summarised. */
function overlayState(selector, live) {
  const sr = document.querySelector('[data-insession-overlay]')?.shadowRoot;
  const field = document.querySelector(selector);
  const all = sr ? [...sr.querySelectorAll('*')] : [];
  const text = (sel) => [...(sr?.querySelectorAll(sel) ?? [])].map((e) => e.textContent).join('\n');
  return {
    hasRoot: !!sr,
    live: all.filter((e) => e.matches(live)).map((e) => e.outerHTML.slice(0, 80)),
    handlers: all.flatMap((e) => [...e.attributes].filter((a) => /^on/i.test(a.name) || /^\s*javascript:/i.test(a.value)).map((a) => `${e.localName}[${a.name}]`)),
    card: text('.pop.card'),
    panel: text('.pop.panel'),
    // one shadow root per document, one badge per field: the visible one (the other field is empty)
    badge: (() => {
      const b = sr?.querySelector('.badge:not([hidden])');
      if (!b) return null;
      const r = b.getBoundingClientRect();
      return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    })(),
    fieldLive: field.querySelectorAll(live).length,
    pageLive: document.querySelectorAll('img,script:not([src]),iframe,svg').length,
    risk: field.getAttribute('data-insession-risk'),
    findings: Number(field.getAttribute('data-insession-findings')),
    value: field.value ?? field.innerText,
  };
}

/** The overlay state, as a page expression (overlayState runs in the page). */
const stateExpr = (selector) => `(${overlayState})(${JSON.stringify(selector)}, ${JSON.stringify(LIVE)})`;

/** Polls `expr` (a page expression) until it is truthy; returns its value. */
async function waitFor(page, what, expr) {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const v = await page.evaluate(expr);
    if (v) return v;
    if (Date.now() > deadline) {
      const seen = await page.evaluate(`[...document.querySelectorAll('[data-insession-risk]')].map((f) => f.id + ': risk=' + f.getAttribute('data-insession-risk') + ' findings=' + f.getAttribute('data-insession-findings')).join('; ')`);
      assert.fail(`timed out waiting for ${what}; test hooks: ${seen || 'none'}`);
    }
    await page.waitForTimeout(25);
  }
}

/** Waits until the overlay shows `part` ('card' or 'panel'); returns the state. */
const waitShown = (page, selector, part, what) =>
  waitFor(page, what, `(() => { const s = ${stateExpr(selector)}; return s.${part} ? s : null; })()`);

for (const [kind, selector] of [['textarea', '#post-textarea'], ['contenteditable', '#post-editable']]) {
  test(`chromium ${kind}: HTML/script payloads render as text in the card and the panel`, { timeout: 120_000 }, async () => {
    const page = await context.newPage();
    page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss().catch(() => {}); });
    await page.goto('https://x.com/index.html');
    await page.waitForSelector('html[data-insession-ready="1"]', { timeout: WAIT_MS });
    await page.click(selector);
    await page.keyboard.type(TEXT);
    // every payload is a finding (custom rule) next to the built-in ones
    await waitFor(page, `${kind}: the test hook to report the payload findings`, `(() => {
      const f = document.querySelector(${JSON.stringify(selector)});
      return f.getAttribute('data-insession-risk') === 'high' && Number(f.getAttribute('data-insession-findings')) >= ${PAYLOADS.length};
    })()`);

    // the panel: the badge, clicked
    let s = await page.evaluate(stateExpr(selector));
    assert.ok(s.hasRoot && s.badge, `${kind}: the overlay (open shadow root in the test build) with its badge`);
    await page.mouse.click(s.badge.x, s.badge.y);
    s = await waitShown(page, selector, 'panel', `${kind}: the findings panel`);
    for (const p of PAYLOADS) assert.ok(s.panel.includes(`“${p}”`), `${kind}: the panel shows ${p} as text; panel text: ${s.panel}`);
    assert.ok(s.panel.includes(MESSAGE), `${kind}: the panel shows the rule's message with its markup as text`);
    assert.deepEqual(s.live, [], `${kind}: live elements in the overlay with the panel open`);
    assert.deepEqual(s.handlers, [], `${kind}: inline handlers or javascript: URLs in the overlay`);
    await page.keyboard.press('Escape');

    // the card of the finding at the caret: inside the last payload (</script> … end)
    await page.click(selector);
    await page.keyboard.press('Control+End');
    for (let i = 0; i < 8; i++) await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Alt+Shift+KeyI');
    s = await waitShown(page, selector, 'card', `${kind}: the explanation card`);
    assert.ok(s.card.includes(MESSAGE), `${kind}: the card shows the message as text; card text: ${s.card}`);
    assert.ok(s.card.includes(SUGGESTION), `${kind}: the card shows the suggestion as text; card text: ${s.card}`);
    assert.deepEqual(s.live, [], `${kind}: live elements in the overlay with the card open`);
    assert.deepEqual(s.handlers, [], `${kind}: inline handlers or javascript: URLs in the overlay with the card open`);
    await page.keyboard.press('Escape');

    // the card of the quoted payload: it is evidence ("client's own words") of the
    // confidentiality finding at the start of the post
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Alt+Shift+KeyI');
    s = await waitShown(page, selector, 'card', `${kind}: the card of the first finding`);
    assert.ok(s.card.includes(PAYLOADS[0]), `${kind}: the card shows the quoted payload as text; card text: ${s.card}`);
    assert.deepEqual(s.live, [], `${kind}: live elements in the overlay with the first card open`);
    await page.keyboard.press('Escape');

    // the field and the page are untouched: typed markup stays text
    assert.equal(s.fieldLive, 0, `${kind}: elements were created inside the field`);
    assert.equal(s.pageLive, 0, `${kind}: elements were created in the page`);
    assert.equal(s.value.trim(), TEXT, `${kind}: the field holds exactly what was typed`);
    await page.close();
  });
}

test('no payload was rendered: no dialog, no request for a payload resource, nothing outside the fixture server', () => {
  assert.deepEqual(dialogs, [], 'dialogs opened by payloads');
  const pwned = server.requests.filter((r) => r.url.includes('pwned'));
  assert.deepEqual(pwned, [], 'the fixture server was asked for a payload resource');
  const foreign = requested.filter((u) => {
    if (/^(chrome-extension|data|blob):/.test(u)) return false;
    try {
      return !FIXTURE_HOSTS.includes(new URL(u).hostname);
    } catch {
      return true;
    }
  });
  assert.deepEqual(foreign, [], 'requests outside the fixture server');
  assert.ok(requested.some((u) => u.startsWith('https://x.com/')), 'the request log is live');
});
