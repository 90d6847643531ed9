/**
 * The overlay with the REAL extension (background Wasm checker, content script, overlay) on
 * every editor fixture (tests/fixtures/editors/: Draft.js, Lexical, ProseMirror, Quill,
 * textarea ×2, plain contenteditable), served under the sites' real host names with a strict
 * CSP. One set of steps and expectations, run by overlay.chromium.test.js and
 * overlay.firefox.test.js through the driver interface of drivers.js.
 *
 * What is compared with what:
 *  - expected findings come from the same Wasm module the extension ships, loaded in Node;
 *  - underlines on contenteditable editors: the ranges in the document's CSS.highlights
 *    registry (shared by the content script's isolated world and the page) must cover exactly
 *    the findings' words, and their rectangles must equal the words' own rectangles; on
 *    textareas: the fallback boxes (the test build's open shadow root) must sit on the words
 *    (clicking just inside a box's ends puts the caret at the finding's ends);
 *  - and the pixels: the screenshot must show the underline colour under each flagged word and
 *    nowhere on a harmless post — a highlight registered from an isolated world that the
 *    browser did not paint would fail here;
 *  - the editor's own state (window.__editorText(): Draft getPlainText, Lexical
 *    getTextContent, Quill getText, ProseMirror textBetween, value), never the DOM, for text
 *    integrity, Apply/undo and what the Post handler posts (window.__posted).
 */
import assert from 'node:assert/strict';
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, startFixtureServer } from './fixture-server.js';
import { buildTestExtension } from './extension-build.js';
import { decodePng, countColor } from './png.js';
import { build as buildFixtures } from '../../fixtures/editors/build.mjs';

export const EDITORS = join(REPO, 'tests/fixtures/editors/dist');
/** A host the extension does not run on: the same fixture pages "without the extension". */
export const PLAIN_HOST = 'fixtures.test';
/** Committed screenshots of the overlay (README "The overlay"). */
export const DOC_SHOTS = join(REPO, 'docs/screenshots');
export const WAIT_MS = 15_000;

export const POSTS = {
  high: 'My 3pm today, a 34-year-old teacher from Leeds, told me about her divorce.',
  caution: 'Rough week. Honestly some of my clients are just crazy.',
  ok: 'Clients often ask me how to cope with holiday stress. Here are five tips.',
};
/** Three lines; line 2 has a stigma finding whose rule gives replacement text ("committed suicide" → "died by suicide"). */
export const APPLY_POST = 'Saw the team today.\nA neighbour committed suicide years ago.\nLast line stays.';
export const APPLY_WORD = 'committed suicide';

/** 500 characters with line breaks and words the checker flags, the same every run. */
export const TEXT500 = (() => {
  const lines = [
    'Quick note after a long week on the ward.',
    'My 3pm today, a 34-year-old teacher from Leeds, told me about her divorce.',
    'Honestly some of my clients are just crazy, and so is my inbox.',
    'Nothing identifying here, just reflecting on how much small changes matter.',
    'Reminder to self: breathe, hydrate, and keep notes brief and factual.',
  ];
  let t = lines.join('\n');
  const filler = ' More thoughts about care, rest, and boundaries for everyone involved.';
  while (t.length < 500) t += filler;
  return t.slice(0, 500);
})();

/** Underline colours (styles.js), light and dark themes. */
const COLORS = {
  high: { light: [0xc6, 0x28, 0x28], dark: [0xff, 0x6b, 0x6b] },
  caution: { light: [0xb4, 0x53, 0x09], dark: [0xfb, 0xbf, 0x24] },
};

// ---------------------------------------------------------------------------------------------
// Setup
// ---------------------------------------------------------------------------------------------

/** The checker the extension ships, in Node: the expected findings. */
const wasmDir = join(REPO, 'dist/extension/wasm');
let checker = null;
export async function expectedReport(text) {
  if (!checker) {
    const wasm = await import(`file://${join(wasmDir, 'insession.js')}`);
    wasm.initSync({ module: readFileSync(join(wasmDir, 'insession_bg.wasm')) });
    checker = new wasm.Checker('{}');
  }
  return checker.check(text);
}

/**
 * Fixture pages, server, test build of the extension and the browser.
 * @param {(opts: { ext: string, hosts: string[], port: number }) => Promise<import('./drivers.js').Driver>} launch
 */
export async function setupEnv(launch) {
  await buildFixtures({ quiet: true });
  const sites = JSON.parse(readFileSync(join(EDITORS, 'sites.json'), 'utf8'));
  const hosts = [...sites.map((s) => s.host), PLAIN_HOST];
  const dirOf = (h) => sites.find((s) => s.host === h)?.dir ?? '';
  const server = await startFixtureServer({ root: EDITORS, hosts, dirOf });
  const ext = await buildTestExtension();
  const d = await launch({ ext, hosts, port: server.port });
  return {
    d,
    sites,
    hosts,
    server,
    async close() {
      await d?.close();
      await server.close();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Page helpers (the functions passed to d.eval run in the page: no closures)
// ---------------------------------------------------------------------------------------------

/** Poll `fn(...args)` in the page until it returns a truthy value; returns it. */
export async function waitFor(d, what, fn, ...args) {
  const until = Date.now() + WAIT_MS;
  let last;
  for (;;) {
    last = await d.eval(fn, ...args);
    if (last) return last;
    if (Date.now() > until) assert.fail(`timed out after ${WAIT_MS} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * Records whether the test hook was written after the last input: an input (document, capture:
 * before the overlay hears it) sets `waiting`; a write of the hook (delivered after the writing
 * listener returns, so after that input) clears it. A report from the overlay's cache is written
 * within the same input event, so no clock could tell the two apart.
 */
function installRecorder(selector) {
  const w = /** @type {any} */ (window);
  w.__t = { waiting: false, writes: 0 };
  document.addEventListener('input', () => { w.__t.waiting = true; }, true);
  new MutationObserver(() => { w.__t.waiting = false; w.__t.writes++; })
    .observe(document.querySelector(selector), { attributes: true, attributeFilter: ['data-insession-risk', 'data-insession-findings'] });
  return true;
}

/**
 * Open a fixture page; with the extension, wait until its overlay watches the field.
 * @param {import('./drivers.js').Driver} d
 * @param {any} site   an entry of sites.json
 * @param {{ plain?: boolean }} [opts]  plain: the same page on PLAIN_HOST (no extension)
 */
export async function openSite(d, site, opts = {}) {
  const url = opts.plain ? `https://${PLAIN_HOST}/${site.dir}/` : `https://${site.host}/`;
  await d.goto(url);
  await waitFor(d, `${url}: fixture ready`, () => /** @type {any} */ (window).__fixtureReady === true);
  if (!opts.plain) {
    await waitFor(d, `${url}: the content script's overlay on ${site.field}`, () =>
      document.documentElement.getAttribute('data-insession-ready') === '1' && !!document.querySelector('[data-insession-overlay]'));
  }
  await d.eval(installRecorder, site.field);
}

/** The field's rectangle after scrolling it into view. */
function fieldRect(selector) {
  const f = document.querySelector(selector);
  f.scrollIntoView({ block: 'center' });
  const r = f.getBoundingClientRect();
  return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
}

/** Click into the field (a real click near its top-left corner). */
export async function focusField(d, site) {
  const r = await d.eval(fieldRect, site.field);
  await d.click(r.left + 12, r.top + Math.min(14, (r.bottom - r.top) / 2));
  await waitFor(d, 'the field to have focus', (sel) => {
    const f = document.querySelector(sel);
    return f === document.activeElement || f.contains(document.activeElement);
  }, site.field);
}

/** Empty the editor through its own API, then click into it. */
export async function clearAndFocus(d, site) {
  await d.eval(() => { /** @type {any} */ (window).__clear(); return true; });
  // React editors (Draft.js) render the new state later: a click before that acts on the old one
  await waitFor(d, 'the editor to be empty', (sel) => {
    const f = document.querySelector(sel);
    const empty = /** @type {any} */ (window).__editorText().trim() === '' && (f.value ?? f.textContent).trim() === '';
    return empty && new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(true))));
  }, site.field);
  await focusField(d, site);
}

/**
 * The test hook says `risk` for the field's current text: written after the last input, or —
 * when that input changed nothing (an editor may fire more than one per edit; the overlay does
 * not check an unchanged text again) — the overlay's last frame was drawn, not stale, for a text
 * of the current length (test-build stamp).
 */
function hookSettled(selector, risk, length) {
  const f = document.querySelector(selector);
  const t = /** @type {any} */ (window).__t;
  if (t.writes === 0 || f.getAttribute('data-insession-risk') !== risk) return false;
  if (!t.waiting) return true;
  const stamp = (document.documentElement.getAttribute('data-insession-test-render') || '').split(' ');
  return length !== undefined && stamp[1] === '0' && Number(stamp[2]) === length;
}

/** The overlay has drawn a non-stale frame for text of this length (test build stamp). */
function drawn(length) {
  const v = document.documentElement.getAttribute('data-insession-test-render');
  if (!v) return false;
  const [, stale, len] = v.split(' ');
  if (stale !== '0' || Number(len) !== length) return false;
  return new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(true))));
}

/** Type `text` with real key events and wait for the hook (risk) and the drawn frame. */
export async function typeAndSettle(d, site, text, risk) {
  await d.type(text);
  await waitFor(d, `data-insession-risk="${risk}" after typing ${JSON.stringify(text.slice(0, 40))}… on ${site.site}`, hookSettled, site.field, risk, text.length);
  await waitFor(d, 'the overlay to draw the settled text', drawn, text.length);
}

/** Close the first-focus reminder bubble with its own button, if it is shown. */
export async function dismissReminder(d) {
  await d.eval(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(true)))));
  const b = await d.eval(() => {
    const sr = document.querySelector('[data-insession-overlay]')?.shadowRoot;
    const btn = sr?.querySelector('.bubble [data-action="dismiss"]');
    // placed (and made visible) by the overlay's next frame
    if (!btn || btn.closest('.bubble').style.visibility === 'hidden') return null;
    const r = btn.getBoundingClientRect();
    return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
  });
  if (b) {
    await d.click(b.x, b.y);
    await waitFor(d, 'the reminder to close', () => !document.querySelector('[data-insession-overlay]').shadowRoot.querySelector('.bubble'));
  }
  return !!b;
}

/**
 * Everything drawn for the field, seen from the page: highlight registry ranges (text,
 * rectangles, inside the field?), the words' own rectangles, the fallback boxes, the badge
 * and the test hook.
 */
function drawnState(selector, words) {
  const field = document.querySelector(selector);
  const rect = (b) => ({ left: b.left, top: b.top, right: b.right, bottom: b.bottom });
  const reg = /** @type {any} */ (CSS).highlights;
  const highlights = [];
  if (reg) {
    for (const [name, h] of reg) {
      if (!name.startsWith('insession-')) continue;
      for (const r of h) {
        highlights.push({ name, text: r.toString(), inField: field.contains(r.startContainer) && field.contains(r.endContainer), rects: [...r.getClientRects()].filter((b) => b.width > 0).map(rect) });
      }
    }
  }
  /** The n-th occurrence of `word` in the field's text nodes, as rectangles (contenteditable). */
  const wordRects = (word) => {
    if (field.localName === 'textarea' || field.localName === 'input') return null;
    const tw = document.createTreeWalker(field, NodeFilter.SHOW_TEXT);
    const nodes = [];
    let all = '';
    for (let n = tw.nextNode(); n; n = tw.nextNode()) { nodes.push({ n, start: all.length }); all += n.data; }
    const at = all.indexOf(word);
    if (at < 0) return [];
    const point = (off, end) => {
      for (let i = nodes.length - 1; i >= 0; i--) {
        const s = nodes[i];
        if (end ? off > s.start : off >= s.start) return [s.n, off - s.start];
      }
      return [nodes[0].n, 0];
    };
    const r = document.createRange();
    r.setStart(...point(at, false));
    r.setEnd(...point(at + word.length, true));
    return [...r.getClientRects()].filter((b) => b.width > 0).map(rect);
  };
  const host = document.querySelector('[data-insession-overlay]');
  const sr = host?.shadowRoot;
  // the field's own badge: the shown one next to the field (a page may have other fields)
  const fr = field.getBoundingClientRect();
  const badge = sr ? [...sr.querySelectorAll('.badge')].find((b) => {
    if (b.hidden) return false;
    const r = b.getBoundingClientRect();
    const x = (r.left + r.right) / 2;
    const y = (r.top + r.bottom) / 2;
    return x > fr.left - 40 && x < fr.right + 40 && y > fr.top - 40 && y < fr.bottom + 40;
  }) : null;
  const boxes = sr ? [...sr.querySelectorAll('.layer:not([hidden]) .u:not([hidden])')].map((b) => ({ cls: b.className, ...rect(b.getBoundingClientRect()) })) : [];
  return {
    highlights,
    words: Object.fromEntries(words.map((w) => [w, wordRects(w)])),
    boxes,
    badge: badge && !badge.hidden ? { risk: badge.getAttribute('data-risk'), text: badge.textContent } : null,
    risk: field.getAttribute('data-insession-risk'),
    findings: field.getAttribute('data-insession-findings'),
    field: rect(field.getBoundingClientRect()),
    dark: sr?.querySelector('.fui')?.getAttribute('data-theme') === 'dark',
    hostParentIsHtml: host?.parentNode === document.documentElement,
    textarea: field.localName === 'textarea',
  };
}

const near = (a, b, tol = 1.5) => Math.abs(a - b) <= tol;
const sameRect = (a, b, tol = 1.5) => near(a.left, b.left, tol) && near(a.right, b.right, tol) && near(a.top, b.top, tol) && near(a.bottom, b.bottom, tol);

/** Click at (x, y) and read where the textarea's caret went. */
async function caretAfterClick(d, selector, x, y) {
  await d.click(x, y);
  return d.eval((sel) => document.querySelector(sel).selectionStart, selector);
}

/** Count underline-coloured pixels under a rectangle (a band around its bottom edge). */
function underlinePixels(img, r, color) {
  return countColor(img, { left: r.left, right: r.right, top: r.bottom - 5, bottom: r.bottom + 5 }, color, { tolerance: 36 });
}

// ---------------------------------------------------------------------------------------------
// The checks
// ---------------------------------------------------------------------------------------------

/**
 * After a post settled: underlines over exactly the findings' words (registry or boxes, and
 * pixels), badge and test hook right; a harmless post has none of it.
 * @param {import('./drivers.js').Driver} d
 */
export async function assertDrawn(d, site, text, risk) {
  const report = await expectedReport(text);
  assert.equal(report.risk, risk, `the shipped checker rates ${JSON.stringify(text)} ${risk} (test data)`);
  const words = report.findings.map((f) => f.text);
  const st = await d.eval(drawnState, site.field, words);
  const where = `${d.name} ${site.site} (${site.editor}), ${risk} post`;
  assert.equal(st.risk, risk, `${where}: data-insession-risk`);
  assert.equal(st.findings, String(report.findings.length), `${where}: data-insession-findings`);
  assert.ok(st.hostParentIsHtml, `${where}: the overlay host is a child of <html>, never inside the editor`);
  assert.ok(st.badge, `${where}: the badge is shown`);
  assert.equal(st.badge.risk, risk, `${where}: badge risk`);
  if (risk !== 'ok') assert.match(st.badge.text, new RegExp(`\\b${report.findings.length}\\b`), `${where}: badge count`);

  const img = decodePng(await d.screenshot());
  const theme = st.dark ? 'dark' : 'light';
  if (!st.textarea) {
    // the Highlight API, from the content script's isolated world
    const got = st.highlights.filter((h) => h.name !== 'insession-active');
    assert.deepEqual(got.map((h) => h.text).sort(), words.slice().sort(), `${where}: highlighted ranges are the findings' words`);
    assert.equal(st.boxes.length, 0, `${where}: no fallback boxes where the Highlight API works`);
    for (const f of report.findings) {
      const h = got.find((x) => x.text === f.text);
      assert.ok(h.inField, `${where}: the range of "${f.text}" is inside the editor`);
      assert.ok(h.name.includes(f.severity), `${where}: "${f.text}" is drawn as ${f.severity} (${h.name})`);
      const word = st.words[f.text];
      assert.ok(word && word.length === h.rects.length && word.every((r, i) => sameRect(r, h.rects[i], 1)),
        `${where}: the underline of "${f.text}" ${JSON.stringify(h.rects)} is over the word ${JSON.stringify(word)}`);
    }
  } else {
    assert.equal(st.highlights.length, 0, `${where}: a textarea gets boxes, not highlights`);
    assert.equal(st.boxes.length, report.findings.length, `${where}: one box per finding (${JSON.stringify(st.boxes)})`);
  }
  // pixels: the underline colour under each flagged word …
  const rectsOf = (f) => (st.textarea ? [st.boxes.find((b) => b.cls.includes(f.severity))] : st.highlights.find((x) => x.text === f.text).rects);
  for (const f of report.findings) {
    const color = COLORS[f.severity][theme];
    for (const r of rectsOf(f)) {
      const n = underlinePixels(img, r, color);
      const min = f.severity === 'high' ? (r.right - r.left) * 1.5 : (r.right - r.left) * 0.3;
      assert.ok(n >= min, `${where}: ${n} pixels of the ${f.severity} underline colour under "${f.text}" (want ≥ ${Math.round(min)}): the underline is not painted`);
    }
  }
  // … and nowhere else in the field
  if (risk === 'ok') {
    assert.equal(st.highlights.length, 0, `${where}: no highlight on a harmless post`);
    assert.equal(st.boxes.length, 0, `${where}: no box on a harmless post`);
    for (const sev of ['high', 'caution']) {
      const n = countColor(img, st.field, COLORS[sev][theme], { tolerance: 20 });
      assert.ok(n < 4, `${where}: ${n} pixels of the ${sev} underline colour in the field of a harmless post`);
    }
  }
  if (st.textarea) {
    // the boxes sit on the words: clicking just inside a box's ends puts the caret at the ends
    for (const f of report.findings) {
      const b = st.boxes.find((x) => x.cls.includes(f.severity));
      const y = (b.top + b.bottom) / 2 - 1;
      assert.equal(await caretAfterClick(d, site.field, b.left + 1, y), f.start, `${where}: left end of the box of "${f.text}"`);
      assert.equal(await caretAfterClick(d, site.field, b.right - 1, y), f.end, `${where}: right end of the box of "${f.text}"`);
    }
  }
  return { report, st };
}

/** Move the mouse onto the first underline of `severity` and wait for its card. */
export async function hoverCard(d, site, severity) {
  // the word may be scrolled out of the editor's (or the page's) view: bring it back first
  await d.eval((sel, sev) => {
    const f = document.querySelector(sel);
    if (f.localName === 'textarea' || f.localName === 'input') {
      f.scrollTop = 0; // the test posts flag words on their first lines
      f.scrollIntoView({ block: 'center' });
    } else {
      for (const [name, h] of CSS.highlights) {
        if (!name.startsWith(`insession-${sev}`)) continue;
        for (const range of h) { range.startContainer.parentElement.scrollIntoView({ block: 'center' }); return true; }
      }
    }
    return true;
  }, site.field, severity);
  await d.eval(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(true)))));
  const r = await d.eval((sel, sev) => {
    const f = document.querySelector(sel);
    const sr = document.querySelector('[data-insession-overlay]').shadowRoot;
    let rect = null;
    if (f.localName === 'textarea' || f.localName === 'input') {
      const b = sr.querySelector(`.layer:not([hidden]) .u.${sev}:not([hidden])`);
      rect = b && b.getBoundingClientRect();
    } else {
      for (const [name, h] of CSS.highlights) {
        if (name.startsWith(`insession-${sev}`)) for (const range of h) rect = rect || range.getClientRects()[0];
      }
    }
    return rect && { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 - 1, left: rect.left };
  }, site.field, severity);
  assert.ok(r, `a ${severity} underline to hover on ${site.site}`);
  await d.move(r.left + 2, r.y);
  await d.move(r.x, r.y);
  await waitFor(d, `the card of the ${severity} finding on ${site.site}`, () => !!document.querySelector('[data-insession-overlay]').shadowRoot.querySelector('.card [data-action="ignore"]'));
}

/** Click a button inside the overlay (open shadow root in the test build) by its selector. */
export async function clickOverlay(d, selector) {
  const p = await waitFor(d, `overlay button ${selector}`, (sel) => {
    const b = document.querySelector('[data-insession-overlay]')?.shadowRoot?.querySelector(sel);
    if (!b) return null;
    const r = b.getBoundingClientRect();
    return r.width ? { x: r.left + r.width / 2, y: r.top + r.height / 2 } : null;
  }, selector);
  await d.click(p.x, p.y);
}

/** Clicks the site's post button where it is now (pages move it as the compose box changes). */
export async function clickPostButton(d, site) {
  const b = await d.eval((sel) => {
    const el = document.querySelector(sel);
    el.scrollIntoView({ block: 'center' });
    const r = el.getBoundingClientRect();
    return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
  }, site.postButton);
  await d.click(b.x, b.y);
}

/** Is something matching `selector` shown in the overlay? */
export const overlayHas = (d, selector) => d.eval((sel) => !!document.querySelector('[data-insession-overlay]')?.shadowRoot?.querySelector(sel), selector);

/** The editor's own state text, normalised to the model (Quill's final "\n", Lexical's "\n\n"). */
export function normalize(editor, t) {
  let s = t;
  if (editor === 'quill') s = s.replace(/\n$/, '');
  if (editor === 'lexical') s = s.replace(/\n\n/g, '\n');
  return s;
}

/** Where the caret is: the text before it (collapsed), in the field. */
function caretContext(selector) {
  const f = document.querySelector(selector);
  if (f.localName === 'textarea' || f.localName === 'input') {
    return { collapsed: f.selectionStart === f.selectionEnd, before: f.value.slice(0, f.selectionStart), focused: document.activeElement === f };
  }
  const sel = document.getSelection();
  if (!sel || !sel.rangeCount) return { collapsed: false, before: null, focused: false };
  const r = document.createRange();
  r.setStart(f, 0);
  r.setEnd(sel.focusNode, sel.focusOffset);
  return { collapsed: sel.isCollapsed, before: r.toString(), focused: f.contains(document.activeElement) || f === document.activeElement };
}

/** Editor DOM: no node of ours inside, and (while watching) no mutation we caused. */
function startMutationWatch(selector) {
  const w = /** @type {any} */ (window);
  const field = document.querySelector(selector);
  w.__mut = [];
  // Content and structure must not change at all. Attributes may (editors flip their own focus
  // classes as focus moves into a card), except ours: only the two test-hook attributes.
  const ours = (r) => /insession/i.test(String(r.attributeName)) && !(r.target === field && /^data-insession-(risk|findings)$/.test(String(r.attributeName)));
  w.__mo = new MutationObserver((recs) => w.__mut.push(...recs
    .filter((r) => r.type !== 'attributes' || ours(r))
    .map((r) => `${r.type}:${r.attributeName || ''}`)));
  w.__mo.observe(field, { subtree: true, childList: true, characterData: true, attributes: true });
  return true;
}
function stopMutationWatch(selector) {
  const w = /** @type {any} */ (window);
  w.__mo.disconnect();
  const field = document.querySelector(selector);
  const all = [field, ...field.querySelectorAll('*')];
  return {
    mutations: w.__mut,
    ours: all.filter((e) => e.hasAttribute('data-insession-overlay') || e.shadowRoot || [...e.attributes].some((a) => /insession/i.test(a.name) && !/^data-insession-(risk|findings)$/.test(a.name))).length,
  };
}

const posted = (d) => d.eval(() => /** @type {any} */ (window).__posted);
const editorText = (d) => d.eval(() => /** @type {any} */ (window).__editorText());

/** Poll the editor's own text until `pred` holds (or time runs out); returns the last text. */
async function editorTextWhen(d, pred, ms = 3000) {
  const until = Date.now() + ms;
  let t = await editorText(d);
  while (!pred(t) && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 25));
    t = await editorText(d);
  }
  return t;
}

// ---------------------------------------------------------------------------------------------
// The per-site scenarios
// ---------------------------------------------------------------------------------------------

/**
 * High, caution and harmless posts typed with real key events: underlines, badge, hook; the
 * card on hover; the first-focus reminder and its dismissal. With `screenshot` (Chromium, ./build.sh screenshots only) it also writes the
 * committed screenshot of the card.
 * @param {import('./drivers.js').Driver} d
 */
export async function scenarioPosts(d, site, { screenshot } = {}) {
  await openSite(d, site);
  // an earlier scenario in this browser may have dismissed it for the session: show it again
  assert.deepEqual(await d.message({ type: 'setReminder', dismissed: false }), { type: 'reminder', dismissed: false });
  await openSite(d, site);
  await focusField(d, site);
  // the first focus on a supported site shows the reminder; it can be dismissed
  await waitFor(d, 'the first-focus reminder', () => !!document.querySelector('[data-insession-overlay]').shadowRoot.querySelector('.bubble'));
  const bubbleText = await d.eval(() => document.querySelector('[data-insession-overlay]').shadowRoot.querySelector('.bubble').textContent);
  assert.match(bubbleText, /Would I discuss this in session\?/);
  assert.ok(await dismissReminder(d), 'the reminder has a dismiss button');
  // dismissed for the browsing session, not just this page: a fresh page does not show it
  let state;
  for (let i = 0; i < 40 && !state?.dismissed; i++) {
    if (i) await new Promise((r) => setTimeout(r, 25));
    state = await d.message({ type: 'reminderState' });
  }
  assert.deepEqual(state, { type: 'reminder', dismissed: true }, 'the background keeps the dismissal');
  await openSite(d, site);
  await focusField(d, site);
  await clearAndFocus(d, site);
  await typeAndSettle(d, site, POSTS.ok, 'ok'); // the overlay is attached and has drawn
  assert.equal(await overlayHas(d, '.bubble'), false, 'no reminder on a new page after "not again this session"');
  await focusField(d, site);

  for (const risk of ['high', 'caution', 'ok']) {
    await clearAndFocus(d, site);
    await typeAndSettle(d, site, POSTS[risk], risk);
    await assertDrawn(d, site, POSTS[risk], risk);
    if (risk === 'high') {
      // the bubble shown on high (prominent, with the reason) is not the card; close it
      await d.press('Escape');
      await hoverCard(d, site, 'high');
      const card = await d.eval(() => document.querySelector('[data-insession-overlay]').shadowRoot.querySelector('.card').textContent);
      assert.match(card, /High risk/);
      assert.match(card, /specific person you work with/);
      // its suggestion is advice ("Remove the details…"): shown, never offered as text to insert
      assert.equal(await overlayHas(d, '.card [data-action="apply"]'), false, 'no Apply for advice');
      if (screenshot) {
        mkdirSync(DOC_SHOTS, { recursive: true });
        writeFileSync(join(DOC_SHOTS, `${site.site}.png`), await d.screenshot());
      }
      await d.press('Escape');
    }
  }
}

/**
 * Text integrity: 500 characters typed on the same page with and without the extension give
 * the same editor state; nothing of ours is inside the editor and the overlay alone (card,
 * panel, scrolling) never mutates it.
 * @param {import('./drivers.js').Driver} d
 */
export async function scenarioIntegrity(d, site) {
  const typed = {};
  for (const plain of [true, false]) {
    await openSite(d, site, { plain });
    await focusField(d, site);
    if (plain) {
      assert.equal(await d.eval(() => document.documentElement.getAttribute('data-insession-ready')), null, 'no extension on the plain host');
      await d.type(TEXT500);
      typed.without = await editorTextWhen(d, (t) => normalize(site.editor, t) === TEXT500);
      continue;
    }
    await dismissReminder(d);
    await focusField(d, site);
    await typeAndSettle(d, site, TEXT500, 'high');
    typed.with = await editorText(d);
    await d.press('Escape'); // the bubble shown on high
    await d.eval(startMutationWatch, site.field);
    await hoverCard(d, site, 'high');
    await d.press('Escape');
    await d.press('Alt+Shift+KeyI'); // caret at the end: opens the panel
    await waitFor(d, 'the panel', () => !!document.querySelector('[data-insession-overlay]').shadowRoot.querySelector('.panel'));
    await d.press('Escape');
    await d.eval(() => { window.scrollBy(0, 40); return true; });
    await d.eval(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(true)))));
    const inside = await d.eval(stopMutationWatch, site.field);
    assert.deepEqual(inside.mutations, [], `${d.name} ${site.site}: the overlay changed the editor's DOM`);
    assert.equal(inside.ours, 0, `${d.name} ${site.site}: a node or attribute of the extension inside the editor`);
  }
  assert.equal(typed.with, typed.without, `${d.name} ${site.site}: the editor's state differs with the extension`);
  assert.equal(normalize(site.editor, typed.with), TEXT500, `${d.name} ${site.site}: the editor holds exactly what was typed`);
}

/**
 * Apply a suggestion from the card, then undo with the editor's own Ctrl+Z.
 * @param {import('./drivers.js').Driver} d
 */
export async function scenarioApplyUndo(d, site) {
  await openSite(d, site);
  await focusField(d, site);
  await dismissReminder(d);
  await clearAndFocus(d, site);
  await typeAndSettle(d, site, APPLY_POST, 'caution');
  const original = await editorText(d);
  const report = await expectedReport(APPLY_POST);
  const f = report.findings.find((x) => x.text === APPLY_WORD);
  assert.ok(f && f.suggestion && f.replacement === true, `the checker suggests a replacement for "${APPLY_WORD}" (test data)`);
  const want = original.replace(APPLY_WORD, f.suggestion);
  await hoverCard(d, site, 'caution');
  await clickOverlay(d, '.card [data-action="apply"]');
  const after = await editorTextWhen(d, (t) => t === want);
  assert.equal(after, want, `${d.name} ${site.site}: the editor's state after Apply`);
  // the editor may move the caret once more while it reconciles; Apply puts it back (apply.js)
  let caret;
  for (const until = Date.now() + 2000; ;) {
    caret = await d.eval(caretContext, site.field);
    if ((caret.focused && caret.collapsed && caret.before.endsWith(f.suggestion)) || Date.now() > until) break;
    await new Promise((r) => setTimeout(r, 25));
  }
  assert.ok(caret.focused && caret.collapsed && caret.before.endsWith(f.suggestion),
    `${d.name} ${site.site}: the caret right after the replacement, saw ${JSON.stringify(caret)}`);
  await waitFor(d, 'the hook after Apply', hookSettled, site.field, 'ok', normalize(site.editor, want).length);
  await d.press('Control+z');
  const undone = await editorTextWhen(d, (t) => t === original);
  assert.equal(undone, original, `${d.name} ${site.site}: the editor's state after Ctrl+Z`);
  await waitFor(d, 'the hook after undo', hookSettled, site.field, 'caution', APPLY_POST.length);
}

/**
 * Pause before posting: a high post waits for "Post anyway" (the page's Post handler is not
 * called before), Edit keeps the text; a harmless post posts at once.
 * @param {import('./drivers.js').Driver} d
 */
export async function scenarioPause(d, site, { screenshot } = {}) {
  await openSite(d, site);
  await focusField(d, site);
  await dismissReminder(d);
  await clearAndFocus(d, site);
  await typeAndSettle(d, site, POSTS.high, 'high');
  const text = await editorText(d);
  const clickPost = () => clickPostButton(d, site);
  await d.press('Escape'); // the high bubble
  await clickPost();
  await waitFor(d, 'the pause card', () => !!document.querySelector('[data-insession-overlay]').shadowRoot.querySelector('.pause'));
  assert.deepEqual(await posted(d), [], `${d.name} ${site.site}: the Post handler ran before "Post anyway"`);
  const pauseText = await d.eval(() => document.querySelector('[data-insession-overlay]').shadowRoot.querySelector('.pause').textContent);
  assert.match(pauseText, /Before you post: A client could be identified from the details/);
  assert.match(pauseText, /\d+ details? narrows? who it is/);
  assert.match(pauseText, /Would I discuss this in session\?/);
  if (screenshot) writeFileSync(join(DOC_SHOTS, `${site.site}-pause.png`), await d.screenshot());
  // Edit: nothing posted, text kept, focus back in the editor
  await clickOverlay(d, '.pause [data-action="edit"]');
  assert.equal(await overlayHas(d, '.pause'), false);
  assert.equal(await editorText(d), text, `${d.name} ${site.site}: Edit keeps the text`);
  assert.deepEqual(await posted(d), []);
  // by keyboard where the site posts on Ctrl+Enter, else the button again; then Post anyway
  if (site.modEnterPosts) {
    await focusField(d, site);
    await d.press('Control+Enter');
  } else await clickPost();
  await waitFor(d, 'the pause card again', () => !!document.querySelector('[data-insession-overlay]').shadowRoot.querySelector('.pause'));
  assert.deepEqual(await posted(d), []);
  await clickOverlay(d, '.pause [data-action="post-anyway"]');
  const p = await waitFor(d, 'the post after "Post anyway"', () => /** @type {any} */ (window).__posted.length > 0 && /** @type {any} */ (window).__posted);
  assert.equal(p.length, 1, `${d.name} ${site.site}: posted exactly once`);
  assert.equal(p[0].text, text, `${d.name} ${site.site}: the post is the editor's text`);
  // harmless: posts at once
  await clearAndFocus(d, site);
  await typeAndSettle(d, site, POSTS.ok, 'ok');
  await clickPost();
  const p2 = await posted(d);
  assert.equal(p2.length, 2, `${d.name} ${site.site}: a harmless post is posted at once`);
  assert.equal(await overlayHas(d, '.pause'), false);
}

/**
 * Per-site state (shared/site-policy.js through the background's settings): turning the site
 * off removes every overlay and test-hook attribute and stops checking; turning it on brings it
 * back; "pause" does the same until its time is up, then InSession comes back by itself.
 * Settings are changed the way the options page and popup do: `setSettings` from an extension page.
 * @param {import('./drivers.js').Driver} d
 */
export async function scenarioSiteState(d, site) {
  const key = site.host.replace(/^www\./, '');
  const set = async (settings) => {
    const reply = await d.message({ type: 'setSettings', settings });
    assert.equal(reply?.type, 'settings', `setSettings ${JSON.stringify(settings)} answered ${JSON.stringify(reply)}`);
  };
  const state = () => d.eval((sel) => {
    const f = document.querySelector(sel);
    return { overlay: document.querySelectorAll('[data-insession-overlay]').length, risk: f.getAttribute('data-insession-risk'), highlights: [...CSS.highlights.keys()].filter((k) => k.startsWith('insession-')).reduce((n, k) => n + CSS.highlights.get(k).size, 0) };
  }, site.field);
  try {
    await openSite(d, site);
    await focusField(d, site);
    await dismissReminder(d);
    await clearAndFocus(d, site);
    await typeAndSettle(d, site, POSTS.high, 'high');

    // off for this site: everything goes, nothing is checked
    await set({ sites: { [key]: false } });
    await waitFor(d, 'the overlay to go when the site is turned off', (sel) =>
      !document.querySelector('[data-insession-overlay]') && !document.querySelector(sel).hasAttribute('data-insession-risk'), site.field);
    let s = await state();
    assert.deepEqual(s, { overlay: 0, risk: null, highlights: 0 }, 'site off: no overlay, no hook, no underline');
    await focusField(d, site);
    await d.press('Control+End');
    await d.type(' More.');
    await new Promise((r) => setTimeout(r, 400));
    s = await state();
    assert.deepEqual(s, { overlay: 0, risk: null, highlights: 0 }, 'site off: typing checks nothing');

    // on again: watched and checked
    await set({ sites: { [key]: true } });
    await waitFor(d, 'the overlay to come back', (sel) => document.querySelector(sel).getAttribute('data-insession-risk') === 'high'
      && !!document.querySelector('[data-insession-overlay]'), site.field);

    // paused for a moment: gone, then back by itself
    await set({ pausedUntil: Date.now() + 1500 });
    await waitFor(d, 'the overlay to go while paused', () => !document.querySelector('[data-insession-overlay]'));
    await waitFor(d, 'the overlay to come back when the pause ends', (sel) => document.querySelector(sel).getAttribute('data-insession-risk') === 'high', site.field);
  } finally {
    await set({ sites: { [key]: true }, pausedUntil: 0 });
  }
}

/**
 * Settings the overlay follows, changed as the settings page does: "Turn off this rule" from a
 * card is saved (config.disabled_rules) and the post is checked again without it; the
 * reminder's wording (`reminderText`) is used in the panel and the pause card;
 * `pauseBeforePosting: false` lets a high post through at once.
 * @param {import('./drivers.js').Driver} d
 */
export async function scenarioSettings(d, site) {
  const set = async (settings) => {
    const reply = await d.message({ type: 'setSettings', settings });
    assert.equal(reply?.type, 'settings', `setSettings ${JSON.stringify(settings)} answered ${JSON.stringify(reply)}`);
    return reply.settings;
  };
  const clickPost = () => clickPostButton(d, site);
  try {
    await openSite(d, site);
    await focusField(d, site);
    await dismissReminder(d);
    await clearAndFocus(d, site);
    await typeAndSettle(d, site, POSTS.caution, 'caution');
    const report = await expectedReport(POSTS.caution);
    const rule = report.findings[0].rule;
    await hoverCard(d, site, 'caution');
    await clickOverlay(d, '.card [data-action="disable"]');
    await waitFor(d, 'the post to be ok once the rule is off', (sel) => document.querySelector(sel).getAttribute('data-insession-risk') === 'ok', site.field);
    // saved through setSettings (asynchronously, after the card closed)
    let saved;
    for (const until = Date.now() + WAIT_MS; ;) {
      saved = (await d.message({ type: 'getSettings' })).settings;
      if (saved.config.disabled_rules?.includes(rule) || Date.now() > until) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.ok(saved.config.disabled_rules?.includes(rule), `"Turn off this rule" saved ${rule} in config.disabled_rules: ${JSON.stringify(saved.config)}`);

    // the reminder's wording, and pause before posting switched off
    await set({ reminderText: 'Is this mine to share?' });
    await clearAndFocus(d, site);
    await typeAndSettle(d, site, POSTS.high, 'high');
    await d.press('Escape');
    await d.press('Alt+Shift+KeyI');
    await waitFor(d, 'the panel', () => !!document.querySelector('[data-insession-overlay]').shadowRoot.querySelector('.panel'));
    const panel = await d.eval(() => document.querySelector('[data-insession-overlay]').shadowRoot.querySelector('.panel').textContent);
    assert.match(panel, /Is this mine to share\?/, 'the panel uses the reminder wording from the settings');
    await d.press('Escape');
    await clickPost();
    await waitFor(d, 'the pause card', () => !!document.querySelector('[data-insession-overlay]').shadowRoot.querySelector('.pause'));
    assert.match(await d.eval(() => document.querySelector('[data-insession-overlay]').shadowRoot.querySelector('.pause').textContent), /Is this mine to share\?/);
    await clickOverlay(d, '.pause [data-action="edit"]');
    await set({ pauseBeforePosting: false });
    const before = (await d.eval(() => /** @type {any} */ (window).__posted)).length;
    const until = Date.now() + WAIT_MS;
    // the setting reaches the page through storage.onChanged: retry the click until it does
    for (;;) {
      await clickPost();
      const n = (await d.eval(() => /** @type {any} */ (window).__posted)).length;
      if (n > before) break;
      if (await overlayHas(d, '.pause')) await clickOverlay(d, '.pause [data-action="edit"]');
      if (Date.now() > until) assert.fail('pauseBeforePosting: false did not let a high post through');
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(await overlayHas(d, '.pause'), false);
  } finally {
    await set({ config: {}, reminderText: 'Would I discuss this in session?', pauseBeforePosting: true });
  }
}
