/**
 * Which elements are text fields worth checking, and how to read their text.
 *
 * Why this is its own module: discovery (main.js) and the overlay must agree on what a
 * "field" is and on the exact text that was checked, because finding offsets (UTF-16 code
 * units) index into that text. `readField` is the overlay's text model (textmodel.js), so
 * there is one definition of a field's text; for contenteditable roots it also returns the
 * text nodes each stretch of text came from (`segments`), so offsets map back to the DOM.
 */
import { readModel } from '../overlay/textmodel.js';

/** `<input type=…>` values we check. `search` is left out on purpose: it is never a post. */
const TEXT_INPUT_TYPES = new Set(['text', 'email', 'url']);
/** Single-line inputs narrower than this (CSS px, when laid out) are search boxes and such. */
const MIN_INPUT_WIDTH = 120;

/** CSS selector for candidates; `isField` decides. */
export const FIELD_SELECTOR = 'textarea, input, [contenteditable]';

/**
 * True when `el` is a field InSession watches: an editable textarea, a text-like input that
 * is not a password/hidden/search/tiny box, or the root (editing host) of a contenteditable.
 * @param {Element} el
 */
export function isField(el) {
  const tag = el.tagName;
  if (tag === 'TEXTAREA') {
    return !(/** @type {HTMLTextAreaElement} */ (el).readOnly || /** @type {any} */ (el).disabled);
  }
  if (tag === 'INPUT') {
    const input = /** @type {HTMLInputElement} */ (el);
    const type = (el.getAttribute('type') || 'text').toLowerCase();
    if (!TEXT_INPUT_TYPES.has(type) || input.readOnly || input.disabled) return false;
    if (el.closest('[role="search"], [role="searchbox"]') || el.getAttribute('role') === 'searchbox') return false;
    const width = input.offsetWidth;
    return !(width > 0 && width < MIN_INPUT_WIDTH);
  }
  return isEditingHost(el);
}

/** The outermost contenteditable element of its editable region. @param {Element} el */
function isEditingHost(el) {
  const html = /** @type {HTMLElement} */ (el);
  if (!html.isContentEditable) return false;
  const parent = el.parentElement;
  return !parent || !parent.isContentEditable;
}

/**
 * The field an event target belongs to (the textarea/input itself, or the contenteditable
 * root containing it), or null.
 * @param {EventTarget|null} target
 * @returns {HTMLElement|null}
 */
export function fieldFromTarget(target) {
  let el = target instanceof Node && target.nodeType === Node.TEXT_NODE ? target.parentElement : target;
  if (!el || !(/** @type {Element} */ (el).tagName)) return null;
  el = /** @type {HTMLElement} */ (el);
  if (el.tagName === 'TEXTAREA' || el.tagName === 'INPUT') return isField(el) ? el : null;
  if (!el.isContentEditable) return null;
  while (el.parentElement && el.parentElement.isContentEditable) el = el.parentElement;
  return isField(el) ? el : null;
}

/**
 * Every field at or under `root`.
 * @param {ParentNode & Node} root
 * @returns {HTMLElement[]}
 */
export function findFields(root) {
  const found = [];
  if (root instanceof Element && root.matches(FIELD_SELECTOR) && isField(root)) found.push(root);
  for (const el of root.querySelectorAll(FIELD_SELECTOR)) if (isField(el)) found.push(el);
  return /** @type {HTMLElement[]} */ (found);
}

/**
 * @typedef {import('../overlay/textmodel.js').Segment} Segment
 *   A stretch of the field's text from one text node: `{ node, start, end }` (UTF-16 offsets).
 *
 * @typedef {object} FieldText
 * @property {string} text          exactly the text sent to the checker
 * @property {Segment[]} segments   empty for textarea/input (offsets index `value` directly)
 * @property {boolean} truncated    only the first DEFAULT_MAX_CHARS characters are in `text`
 */

/**
 * The field's text, read by the overlay's text model (extension/overlay/textmodel.js) — the
 * one text model, so a report's offsets land on the same characters wherever they are used:
 * `value` for textarea/input; for contenteditable, the text nodes in document order with a
 * newline at block boundaries and for `<br>` (like `innerText`, without layout, with a map
 * back to the text nodes), capped at the overlay's DEFAULT_MAX_CHARS.
 * @param {HTMLElement} el
 * @returns {FieldText}
 */
export function readField(el) {
  const model = readModel(el);
  return { text: model.text, segments: model.kind === 'ce' ? model.segments : [], truncated: model.truncated };
}
