// Hostile text in a real browser (issue 6, items 2 and 4), written once for both browsers and
// run by hostile-render.browser.mjs (Chromium) and hostile-render.firefox.browser.mjs (Firefox)
// through the driver interface of tests/browser/lib/drivers.js: HTML and script payloads, and
// `javascript:` links, typed into a field must come back as text in the explanation card and
// the findings panel — no element, no handler, no request, no dialog. A payload rendered as
// markup would be a way for page text to make a network request (`<img src=… onerror=…>`), so
// this is a privacy test as well; every test is also held to the network audit of
// tests/browser/lib/net-log.js.
//
// The test build of the extension (tests/browser/lib/extension-build.js: open shadow root, so
// the overlay can be inspected, and the test bridge for settings), on the basic fixture page
// served as x.com. A custom rule, saved the way the options page saves it (setSettings),
// matches the payloads themselves, so they are finding text in the panel; its message and
// suggestion carry markup too; a quoted payload is evidence in the card.
//
// What "inert" is checked as: the overlay's shadow root holds none of the elements a payload
// names (and no element that could load or run anything), no inline handler and no
// javascript: URL; the panel and card show each payload verbatim (so it went in as text); the
// page and the field gained no element; the fixture server was never asked for a payload's
// resource; no dialog opened. (The fixture page's CSP, `script-src 'self'`, would block an
// inline handler even if one were rendered, so the structural checks are the proof that no
// script could run, not the absence of a dialog.)

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startFixtureServer, FIXTURE_HOSTS } from '../browser/lib/fixture-server.js';
import { buildTestExtension } from '../browser/lib/extension-build.js';
import { auditEachTest, serverLog } from '../browser/lib/net-log.js';

const WAIT_MS = 15_000;

/** Payloads; each that could load something names a distinct resource: a request for it means it was rendered. */
export const PAYLOADS = [
  '<img src=/pwned-img-1 onerror=alert(1)>',
  '<script>alert(2)</script>',
  '<a href="javascript:alert(3)">link</a>',
  '<svg/onload=alert(4)>',
  'javascript:alert(8)',
  '<img src=https://pwned.example/img-9 onerror=alert(9)>',
  '<iframe src=/pwned-frame-5></iframe>',
];
export const MESSAGE = 'Markup in a message: <b>bold</b> <img src=/pwned-img-6 onerror=alert(6)>';
export const SUGGESTION = '<img src=/pwned-img-7 onerror=alert(7)>';
/** What is typed: every payload, one quoted (evidence "client's own words" in the card); words
 * between them, since the core merges findings of one rule separated only by spaces. */
export const TEXT = `My 3pm said "${PAYLOADS[0]}" today. ${PAYLOADS.slice(1).join(' then ')} end`;
/** Elements that would make rendered text live, and those the payloads and the message name. */
const LIVE = 'img,script,iframe,frame,object,embed,svg,math,a,link,meta,base,form,video,audio,source,picture,b,template';
const FIELDS = [['textarea', '#post-textarea'], ['contenteditable', '#post-editable']];

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
    // (the fixture's own same-origin iframe, #frame, is part of the page as served)
    pageLive: document.querySelectorAll('img,script:not([src]),iframe:not(#frame),svg,a[href^="javascript:" i]').length,
    risk: field.getAttribute('data-insession-risk'),
    findings: Number(field.getAttribute('data-insession-findings')),
    value: field.value ?? field.innerText,
  };
}

/** In the page: the field's centre, scrolled into view. */
function fieldCentre(selector) {
  const f = document.querySelector(selector);
  f.scrollIntoView({ block: 'center' });
  const r = f.getBoundingClientRect();
  return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
}

/** In the page: what the test hooks on the fields say (for failure messages). */
function hooks() {
  return [...document.querySelectorAll('[data-insession-risk]')]
    .map((f) => `${f.id}: risk=${f.getAttribute('data-insession-risk')} findings=${f.getAttribute('data-insession-findings')}`).join('; ');
}

/**
 * Defines the hostile-render tests of one browser on the current test file.
 * @param {'chromium'|'firefox'} browser
 * @param {(opts: { ext: string, hosts: string[], port: number }) => Promise<import('../browser/lib/drivers.js').Driver>} launch
 */
export function defineHostileRenderTests(browser, launch) {
  /** @type {Awaited<ReturnType<typeof startFixtureServer>>} */
  let server;
  /** @type {import('../browser/lib/drivers.js').Driver} */
  let d;

  before(async () => {
    const ext = await buildTestExtension();
    server = await startFixtureServer();
    d = await launch({ ext, hosts: FIXTURE_HOSTS, port: server.port });
  }, { timeout: 180_000 });

  after(async () => {
    await d?.close();
    await server?.close();
  });

  // after every test (the first: since the browser started): no request outside the fixture
  // hosts (and, in Chromium, the extension's pages and service worker asked only for its own
  // files; in Firefox, no channel was opened by the extension at all)
  auditEachTest(() => [d?.net, server && serverLog(server, FIXTURE_HOSTS)]);

  const state = (selector) => d.eval(overlayState, selector, LIVE);
  /** Polls `probe` until it returns a truthy value; returns it. */
  const waitFor = async (what, probe) => {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const v = await probe();
      if (v) return v;
      if (Date.now() > deadline) assert.fail(`${browser}: timed out waiting for ${what}; test hooks: ${await d.eval(hooks) || 'none'}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  /** Waits until the overlay shows `part` ('card' or 'panel'); returns the state. */
  const waitShown = (selector, part, what) => waitFor(what, async () => {
    const s = await state(selector);
    return s[part] ? s : null;
  });
  const openPage = async () => {
    await d.goto('https://x.com/index.html');
    await waitFor('the content script (<html data-insession-ready="1">)', () => d.eval(() => document.documentElement.getAttribute('data-insession-ready') === '1'));
  };

  test(`${browser}: a custom rule whose phrases, message and suggestion are markup is saved as the options page saves it`, { timeout: 60_000 }, async () => {
    await openPage();
    const config = {
      rules: [{
        id: 'payload', category: 'professionalism', severity: 'high', phrases: PAYLOADS, whole_word: false,
        case_sensitive: true, message: MESSAGE, suggestion: SUGGESTION,
      }],
    };
    const reply = await d.message({ type: 'setSettings', settings: { config } });
    assert.equal(reply?.type, 'settings', `setSettings answered ${JSON.stringify(reply)}`);
  });

  for (const [kind, selector] of FIELDS) {
    test(`${browser} ${kind}: HTML/script payloads and javascript: links render as text in the card and the panel`, { timeout: 120_000 }, async () => {
      const served = server.requests.length;
      await openPage();
      let c = await d.eval(fieldCentre, selector);
      await d.click(c.x, c.y);
      await d.type(TEXT);
      // every payload is a finding (custom rule) next to the built-in ones
      await waitFor(`${kind}: the test hook to report the payload findings`, async () => {
        const s = await state(selector);
        return s.risk === 'high' && s.findings >= PAYLOADS.length;
      });

      // the panel: the badge, clicked
      let s = await state(selector);
      assert.ok(s.hasRoot && s.badge, `${kind}: the overlay (open shadow root in the test build) with its badge`);
      await d.click(s.badge.x, s.badge.y);
      s = await waitShown(selector, 'panel', `${kind}: the findings panel`);
      for (const p of PAYLOADS) assert.ok(s.panel.includes(`“${p}”`), `${kind}: the panel shows ${p} as text; panel text: ${s.panel}`);
      // the panel names each finding by its rule's title (issue 16: short); the message, markup
      // and all, is the card's (checked below)
      assert.ok(s.panel.includes('Payload'), `${kind}: the panel names the rule; panel text: ${s.panel}`);
      assert.deepEqual(s.live, [], `${kind}: live elements in the overlay with the panel open`);
      assert.deepEqual(s.handlers, [], `${kind}: inline handlers or javascript: URLs in the overlay`);
      await d.press('Escape');

      // the card of the finding at the caret: inside the last payload (</iframe> … end)
      c = await d.eval(fieldCentre, selector);
      await d.click(c.x, c.y);
      await d.press('Control+End');
      for (let i = 0; i < 8; i++) await d.press('ArrowLeft');
      await d.press('Alt+Shift+KeyI');
      s = await waitShown(selector, 'card', `${kind}: the explanation card`);
      assert.ok(s.card.includes(MESSAGE), `${kind}: the card shows the message as text; card text: ${s.card}`);
      assert.ok(s.card.includes(SUGGESTION), `${kind}: the card shows the suggestion as text; card text: ${s.card}`);
      assert.deepEqual(s.live, [], `${kind}: live elements in the overlay with the card open`);
      assert.deepEqual(s.handlers, [], `${kind}: inline handlers or javascript: URLs in the overlay with the card open`);
      await d.press('Escape');

      // the card of the quoted payload: it is evidence ("client's own words") of the
      // confidentiality finding at the start of the post
      await d.press('Control+Home');
      await d.press('ArrowRight');
      await d.press('Alt+Shift+KeyI');
      s = await waitShown(selector, 'card', `${kind}: the card of the first finding`);
      assert.ok(s.card.includes(PAYLOADS[0]), `${kind}: the card shows the quoted payload as text; card text: ${s.card}`);
      assert.deepEqual(s.live, [], `${kind}: live elements in the overlay with the first card open`);
      assert.deepEqual(s.handlers, [], `${kind}: inline handlers or javascript: URLs in the overlay with the first card open`);
      await d.press('Escape');

      // the field and the page are untouched: typed markup stays text
      assert.equal(s.fieldLive, 0, `${kind}: elements were created inside the field`);
      assert.equal(s.pageLive, 0, `${kind}: elements were created in the page`);
      assert.equal(s.value.trim(), TEXT, `${kind}: the field holds exactly what was typed`);
      // nothing was rendered: no request for a payload's resource, no dialog
      const pwned = server.requests.slice(served).filter((r) => /pwned/.test(r.url));
      assert.deepEqual(pwned, [], `${kind}: the fixture server was asked for a payload's resource`);
      assert.deepEqual(await d.dialogs(), [], `${kind}: dialogs opened by payloads`);
    });
  }

  test(`${browser}: no request outside the fixture server in the whole session; the request logs are live`, async () => {
    const foreign = await d.foreignRequests();
    assert.deepEqual(foreign, [], `${browser}: requests outside the fixture hosts:\n  ${foreign.join('\n  ')}`);
    assert.deepEqual(server.requests.filter((r) => /pwned/.test(r.url)), [], 'the fixture server was asked for a payload resource');
    assert.ok(server.requests.some((r) => r.host === 'x.com'), 'the fixture server saw x.com');
    assert.ok(d.requested().some((u) => /x\.com/.test(u)), `${browser}: the browser's request log saw x.com`);
  });
}
