/**
 * What both browser tests type, and what the test hook must then say. One list, so Chromium
 * and Firefox are held to exactly the same expectations.
 */
import assert from 'node:assert/strict';

export const POSTS = [
  // order matters: `ok` first on a fresh field proves a check ran (the attribute only appears
  // after a report), then caution, then high
  { risk: 'ok', text: 'Clients often ask me how to cope with holiday stress. Here are five tips.' },
  { risk: 'caution', text: 'Rough week. Honestly some of my clients are just crazy.' },
  { risk: 'high', text: 'My 3pm today, a 34-year-old teacher from Leeds, told me about her divorce.' },
];

/** Generous bound for one keystroke → attribute update (the contract is 300 ms). */
export const HOOK_LATENCY_MS = 300;
/** How long to wait for an attribute before failing (covers a cold Wasm start on a slow CI). */
export const WAIT_MS = 15_000;

/** Field ids on tests/fixtures/basic/index.html. */
export const FIELDS = { textarea: '#post-textarea', contenteditable: '#post-editable' };

/**
 * The field's test-hook state, run in the page (serialisable: no closures). `settled` means
 * the content script wrote the hook after the last input event (fixture.js records both).
 * @param {string} id the field's id
 */
export function fieldState(id) {
  const el = document.getElementById(id);
  const t = window.insessionTimings[id] ?? { lastInput: 0, lastUpdate: 0 };
  return {
    risk: el.getAttribute('data-insession-risk'),
    findings: el.getAttribute('data-insession-findings'),
    value: el.value ?? el.innerText,
    settled: t.lastUpdate > t.lastInput,
    latency: t.lastUpdate - t.lastInput,
  };
}

/**
 * The test hook of a field that is not in the page's own document, run in the page
 * (serialisable): `kind` "shadow" — `host` holds an open shadow root with the field; "frame" —
 * `host` is a same-origin iframe with the field.
 * @param {[string, string, 'shadow'|'frame']} where  host selector, field id, kind
 */
export function nestedFieldState([host, id, kind]) {
  const h = document.querySelector(host);
  const root = kind === 'shadow' ? h.shadowRoot : h.contentDocument;
  const el = root.getElementById(id);
  return { risk: el.getAttribute('data-insession-risk'), findings: el.getAttribute('data-insession-findings'), value: el.value };
}

/** Where the basic fixture nests fields: an open shadow root and a same-origin iframe. */
export const NESTED = { shadow: ['#shadow-host', 'shadow-textarea', 'shadow'], frame: ['#frame', 'frame-textarea', 'frame'] };

/**
 * Polls `read` (nestedFieldState) until the field holds `text` and the hook says `risk` with
 * findings; fails naming what was seen.
 * @param {() => Promise<ReturnType<typeof nestedFieldState>>} read
 */
export async function waitForNested(read, what, text, risk) {
  const deadline = Date.now() + WAIT_MS;
  let seen;
  for (;;) {
    seen = await read();
    if (seen.value === text && seen.risk === risk && Number(seen.findings) > 0) return seen;
    if (Date.now() > deadline) {
      assert.fail(`${what}: after typing ${JSON.stringify(text)} expected data-insession-risk="${risk}" with findings within ${WAIT_MS} ms, saw ${JSON.stringify(seen)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20)); // poll interval
  }
}

/**
 * Polls `readState` (fieldState in the page) until the hook has settled on `risk`, then checks
 * the text and the findings count. Fails saying what was expected and what was seen.
 * @param {() => Promise<ReturnType<typeof fieldState>>} readState
 * @returns {Promise<number>} keystroke → hook latency in ms (page clock)
 */
export async function waitForHook(readState, selector, text, risk) {
  const deadline = Date.now() + WAIT_MS;
  let seen;
  for (;;) {
    seen = await readState();
    if (seen.settled && seen.risk === risk) break;
    if (Date.now() > deadline) {
      assert.fail(`${selector}: after typing ${JSON.stringify(text)} expected data-insession-risk="${risk}" within ${WAIT_MS} ms, ` +
        `saw risk=${JSON.stringify(seen.risk)} findings=${JSON.stringify(seen.findings)} settled=${seen.settled} (field text ${JSON.stringify(seen.value)})`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10)); // poll interval
  }
  assert.equal(seen.value.trim(), text, `${selector}: the field holds the typed text`);
  const n = Number(seen.findings);
  assert.ok(Number.isInteger(n) && n >= 0, `${selector}: data-insession-findings should be a count, saw ${JSON.stringify(seen.findings)}`);
  if (risk === 'ok') assert.equal(n, 0, `${selector}: a harmless post should have 0 findings, saw ${n}`);
  else assert.ok(n > 0, `${selector}: a ${risk} post should have findings, saw ${n}`);
  return seen.latency;
}

/**
 * Where the overlay is, run in the page (serialisable: no closures). The overlay (badge, cards,
 * underline boxes) lives in one shadow host per document, appended to <html>; in the shipped
 * build its shadow root is closed, so only the host is visible from here.
 * @param {string} selector the field
 */
export function badgeState(selector) {
  const hosts = [...document.querySelectorAll('[data-insession-overlay]')];
  const field = document.querySelector(selector);
  return {
    hosts: hosts.length,
    inHtml: hosts.every((h) => h.parentElement === document.documentElement),
    closed: hosts.every((h) => h.shadowRoot === null),
    insideField: field.querySelector('[data-insession-overlay]') !== null || hosts.some((h) => field.contains(h)),
  };
}

/** After a post was checked: one overlay host, a child of <html>, shadow root closed, nothing inside the field. */
export function assertBadge(state, selector) {
  if (state.hosts !== 1 || !state.inHtml || !state.closed || state.insideField) {
    throw new Error(`${selector}: expected one overlay host appended to <html>, with a closed shadow root, and nothing inside the field; saw ${JSON.stringify(state)}`);
  }
}
