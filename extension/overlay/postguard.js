/**
 * Recognising "the user is posting": a click (or Enter/Space) on the site's post button for a
 * field, or the submit shortcut (Ctrl/Cmd+Enter) inside the field.
 *
 * Why it exists: pause-before-posting must catch the real post action on every site without
 * catching anything else. The host supplies selectors per site (its site list); when none
 * match, a heuristic accepts buttons labelled Post/Tweet/Reply/Share/Comment/Publish/Send
 * (text, aria-label or value) that sit in the same compose container as the field.
 */

/** Labels of post buttons across sites, lower-cased and whitespace-collapsed. */
export const POST_LABEL = /^(post|post all|post now|tweet|tweet all|reply|share|share now|comment|publish|publish post|send|toot|toot!|submit|respond)$/;

/** How many ancestors of the field may separate it from its post button's container. */
export const MAX_CONTAINER_DEPTH = 12;

/**
 * The label a button shows or announces.
 * @param {Element} el
 */
export function buttonLabel(el) {
  const aria = el.getAttribute('aria-label');
  const text = (/** @type {HTMLElement} */ (el).innerText ?? el.textContent ?? '').trim();
  const value = el.localName === 'input' ? /** @type {HTMLInputElement} */ (el).value : '';
  return [text, aria, value].filter(Boolean).map((s) => /** @type {string} */ (s).toLowerCase().replace(/\s+/g, ' ').trim());
}

/**
 * Whether any of the labels reads like a post button.
 * @param {string[]} labels
 */
export function looksLikePost(labels) {
  return labels.some((l) => POST_LABEL.test(l));
}

/** Elements that act as buttons. */
const BUTTONISH = 'button, [role="button"], input[type="submit"], input[type="button"]';

/**
 * The button-like element an event went through, if any (first in its composed path).
 * @param {Event} e
 */
export function buttonInPath(e) {
  for (const n of e.composedPath()) {
    if (!(n instanceof Element)) continue;
    if (n.matches(BUTTONISH)) return n;
    if (n.localName === 'form' || n.localName === 'body') break;
  }
  return null;
}

/**
 * Parent across shadow-root boundaries.
 * @param {Node} n
 */
function up(n) {
  if (n.parentNode instanceof ShadowRoot) return n.parentNode.host;
  return n.parentNode;
}

/**
 * Is `button` in the same compose container as `field`: a common ancestor at most `maxDepth`
 * levels above the field (crossing shadow roots).
 * @param {Element} field
 * @param {Element} button
 * @param {number} [maxDepth]
 */
export function isNear(field, button, maxDepth = MAX_CONTAINER_DEPTH) {
  /** @type {Node|null} */
  let cur = field;
  for (let i = 0; cur && i <= maxDepth; i++) {
    if (cur === field.ownerDocument.body || cur === field.ownerDocument.documentElement) return false;
    if (cur.contains(button) || containsDeep(cur, button)) return true;
    cur = up(cur);
  }
  return false;
}

/** contains() across open shadow roots on the button's side. */
function containsDeep(/** @type {Node} */ ancestor, /** @type {Node} */ node) {
  /** @type {Node|null} */
  let cur = node;
  while (cur) {
    if (cur === ancestor) return true;
    cur = up(cur);
  }
  return false;
}

/**
 * Is `button` this field's post button?
 * @param {Element} field
 * @param {Element} button
 * @param {string[]} selectors   host-supplied, tried first
 */
export function isPostButton(field, button, selectors) {
  if (/** @type {any} */ (button).disabled || button.getAttribute('aria-disabled') === 'true') return false;
  if (button.contains(field)) return false;
  for (const sel of selectors) {
    try {
      if (button.matches(sel) && isNear(field, button, MAX_CONTAINER_DEPTH + 8)) return true;
    } catch { /* invalid selector from the host: ignore it */ }
  }
  return looksLikePost(buttonLabel(button)) && isNear(field, button);
}

/**
 * Find the field's post button now (for placing the pause card and for tests).
 * @param {Element} field
 * @param {string[]} selectors
 * @returns {Element|null}
 */
export function findPostButton(field, selectors) {
  /** @type {Node|null} */
  let cur = up(field);
  for (let i = 0; cur && i <= MAX_CONTAINER_DEPTH + 8; i++) {
    if (cur instanceof Element || cur instanceof Document) {
      for (const sel of selectors) {
        try {
          const hit = /** @type {Element} */ (cur).querySelector(sel);
          if (hit) return hit;
        } catch { /* invalid selector */ }
      }
      if (i <= MAX_CONTAINER_DEPTH && cur instanceof Element) {
        for (const b of cur.querySelectorAll(BUTTONISH)) {
          if (b !== field && !b.contains(field) && looksLikePost(buttonLabel(b))) return b;
        }
      }
    }
    if (cur === field.ownerDocument.body) break;
    cur = up(cur);
  }
  return null;
}

/**
 * Parse a shortcut like "Mod+Enter", "Alt+Shift+KeyI", "Enter" into a matcher. "Mod" is Cmd on
 * Apple platforms and Ctrl elsewhere; both are accepted so a Mac keyboard on Linux works too.
 * The last part is compared with KeyboardEvent.code when it looks like a code (KeyI, Digit1),
 * else with KeyboardEvent.key (case-insensitive).
 * @param {string} spec
 * @returns {(e: KeyboardEvent) => boolean}
 */
export function keyMatcher(spec) {
  const parts = spec.split('+').map((p) => p.trim()).filter(Boolean);
  const key = parts.pop() || '';
  const mods = new Set(parts.map((p) => p.toLowerCase()));
  const isCode = /^(Key[A-Z]|Digit\d)$/.test(key);
  return (e) => {
    if (isCode ? e.code !== key : e.key.toLowerCase() !== key.toLowerCase()) return false;
    const mod = mods.has('mod');
    const wantCtrl = mods.has('ctrl') || mods.has('control');
    const wantMeta = mods.has('meta') || mods.has('cmd');
    if (mod) { if (!(e.ctrlKey || e.metaKey)) return false; }
    else if (e.ctrlKey !== wantCtrl || e.metaKey !== wantMeta) return false;
    if (e.altKey !== mods.has('alt')) return false;
    if (e.shiftKey !== mods.has('shift')) return false;
    return true;
  };
}
