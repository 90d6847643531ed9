/**
 * What both browser tests type, and what the test hook must then say. One list, so Chromium
 * and Firefox are held to exactly the same expectations.
 */
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
 * Where the warning badge is, run in the page (serialisable: no closures). The badge host is
 * the content script's; its shadow root is closed, so only the host is visible from here.
 * @param {string} selector the field
 */
export function badgeState(selector) {
  const hosts = [...document.querySelectorAll('[data-insession-badge]')];
  return {
    hosts: hosts.length,
    inBody: hosts.every((h) => h.parentElement === document.body),
    shown: hosts.filter((h) => h.style.display !== 'none').length,
    insideField: document.querySelector(selector).querySelector('[data-insession-badge]') !== null,
  };
}

/** After a high-risk post: one badge shown, a child of <body>, nothing inserted in the field. */
export function assertBadge(state, selector) {
  if (state.hosts < 1 || state.shown !== 1 || !state.inBody || state.insideField) {
    throw new Error(`${selector}: expected one visible badge host appended to <body> and nothing inside the field; saw ${JSON.stringify(state)}`);
  }
}

/**
 * Hosts a request may go to: the fixture hosts. Anything else is a failure.
 * @param {string[]} urls
 * @param {string[]} allowedHosts
 * @returns {string[]} the offending URLs
 */
export function foreignRequests(urls, allowedHosts) {
  return urls.filter((u) => {
    let url;
    try { url = new URL(u); } catch { return true; }
    if (['chrome-extension:', 'moz-extension:', 'data:', 'blob:', 'about:'].includes(url.protocol)) return false;
    return !allowedHosts.includes(url.hostname);
  });
}
