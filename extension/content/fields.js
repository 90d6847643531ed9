/**
 * Which elements are text fields worth checking, and how to read their text.
 *
 * Why this is its own module: discovery (main.js) and the overlay (issue 4) must agree on what
 * a "field" is and on the exact text that was checked, because finding offsets (UTF-16 code
 * units) index into that text. `readField` therefore returns, for contenteditable roots, the
 * text nodes each stretch of text came from (`segments`), so offsets map back to the DOM.
 */

/** `<input type=…>` values we check. `search` is left out on purpose: it is never a post. */
const TEXT_INPUT_TYPES = new Set(['text', 'email', 'url']);
/** Single-line inputs narrower than this (CSS px, when laid out) are search boxes and such. */
const MIN_INPUT_WIDTH = 120;
/** Elements whose content is never user text. */
const SKIP_TAGS = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT', 'svg']);
/** Elements that start a new line in rendered text (a tag list avoids getComputedStyle). */
const BLOCK_TAGS = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'DD', 'DIV', 'DL', 'DT', 'FIELDSET', 'FIGCAPTION',
  'FIGURE', 'FOOTER', 'FORM', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER', 'HR', 'LI', 'MAIN',
  'NAV', 'OL', 'P', 'PRE', 'SECTION', 'TABLE', 'TR', 'UL',
]);

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
 * @typedef {object} Segment  A stretch of the field's text that comes from one text node.
 * @property {Text} node
 * @property {number} start  UTF-16 offset in `FieldText.text` where `node.data` begins
 *
 * @typedef {object} FieldText
 * @property {string} text          exactly the text sent to the checker
 * @property {Segment[]} segments   empty for textarea/input (offsets index `value` directly)
 */

/**
 * The field's text: `value` for textarea/input; for contenteditable, the text nodes in
 * document order with a newline at block boundaries and for `<br>` (like `innerText`, but
 * without layout and with a map back to the text nodes).
 * @param {HTMLElement} el
 * @returns {FieldText}
 */
export function readField(el) {
  if (el.tagName === 'TEXTAREA' || el.tagName === 'INPUT') {
    return { text: /** @type {HTMLInputElement} */ (el).value, segments: [] };
  }
  let text = '';
  let pendingBreak = false;
  /** @type {Segment[]} */
  const segments = [];
  const newline = () => {
    if (text.length && !text.endsWith('\n')) text += '\n';
  };
  const walk = (node) => {
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === Node.TEXT_NODE) {
        const data = /** @type {Text} */ (child).data;
        if (!data) continue;
        if (pendingBreak) { newline(); pendingBreak = false; }
        segments.push({ node: /** @type {Text} */ (child), start: text.length });
        text += data;
      } else if (child.nodeType === Node.ELEMENT_NODE) {
        const tag = /** @type {Element} */ (child).tagName;
        if (SKIP_TAGS.has(tag) || /** @type {Element} */ (child).hasAttribute('hidden')) continue;
        if (tag === 'BR') {
          // a trailing <br> after text in its block is a placeholder, not an empty line
          const trailing = !child.nextSibling && child.previousSibling;
          if (pendingBreak) { newline(); pendingBreak = false; }
          if (!trailing) text += '\n';
          continue;
        }
        const block = BLOCK_TAGS.has(tag);
        if (block) { pendingBreak = false; newline(); }
        walk(child);
        if (block) pendingBreak = true;
      }
    }
  };
  walk(el);
  return { text, segments };
}
