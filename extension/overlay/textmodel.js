/**
 * The text model of one field: the exact text that is checked, and an exact map from the
 * checker's UTF-16 offsets back to the DOM.
 *
 * Why it exists: every finding is a span of offsets into the checked text, and an underline,
 * an "Apply" or a caret position is only right if those offsets land on the same characters in
 * the page. For a textarea/input the checked text is `value` (offsets index it directly; a
 * mirror element gives rectangles, see mirror.js). For a contenteditable root it is the text the
 * user wrote with block boundaries and `<br>` as "\n" — what Draft's getPlainText, ProseMirror's
 * textBetween(…, "\n") and Quill's getText (minus its final "\n") give, and what innerText gives
 * on the rendered DOM — and each stretch of it remembers the Text node it came from.
 *
 * The DOM walk produces a flat token list (text / br / block edge); `buildFromTokens` is a pure
 * function over that list, unit-tested in Node without a DOM.
 *
 * Rules (like innerText, but without layout and with a map back to the nodes):
 *  - a block element (tag list below, else computed `display`) starts and ends a line: one
 *    "\n" between two lines however deeply blocks nest;
 *  - `<br>` is "\n", except the last `<br>` of a block (a placeholder editors put in empty or
 *    trailing lines), which only makes the line exist;
 *  - U+00A0 reads as a space, and in a field whose `white-space` collapses, "\n"/"\t"/"\r" in
 *    text nodes read as spaces — both one-for-one, so lengths and offsets never shift;
 *  - script/style/template/noscript/svg and `hidden` elements are skipped; images contribute
 *    nothing.
 *  - the walk stops once `maxChars` characters are collected (`truncated` says so); a 1 MB
 *    paste costs no more than the cap.
 */

/** Tags that start a new line in rendered text (a tag list avoids getComputedStyle). */
export const BLOCK_TAGS = new Set([
  'address', 'article', 'aside', 'blockquote', 'dd', 'details', 'dialog', 'div', 'dl', 'dt', 'fieldset',
  'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup', 'hr',
  'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'thead', 'tfoot', 'tr',
  'ul',
]);
/** Tags known to be inline, so no style lookup is needed for them. */
const INLINE_TAGS = new Set([
  'a', 'abbr', 'b', 'bdi', 'bdo', 'cite', 'code', 'del', 'dfn', 'em', 'font', 'i', 'ins', 'kbd', 'label',
  'mark', 'q', 's', 'samp', 'small', 'span', 'strike', 'strong', 'sub', 'sup', 'time', 'u', 'var', 'wbr',
]);
/** Elements whose content is never user text. */
const SKIP_TAGS = new Set(['script', 'style', 'template', 'noscript', 'svg', 'math', 'iframe', 'object', 'canvas']);

/** The default cap on checked characters. */
export const DEFAULT_MAX_CHARS = 50_000;

/**
 * @typedef {object} Segment   A stretch of the model text that comes from one Text node.
 * @property {Text} node
 * @property {number} start     offset in the model text where node.data begins
 * @property {number} end       start + node.data.length (or less when truncated)
 *
 * @typedef {object} Break     A "\n" produced by a <br> (not by a block boundary).
 * @property {Element} el
 * @property {number} offset    offset of the "\n" in the model text
 *
 * @typedef {object} CeModel
 * @property {'ce'} kind
 * @property {HTMLElement} root
 * @property {string} text
 * @property {Segment[]} segments   in document order, non-overlapping, increasing
 * @property {Break[]} breaks
 * @property {boolean} truncated
 *
 * @typedef {object} ControlModel
 * @property {'control'} kind
 * @property {HTMLTextAreaElement|HTMLInputElement} root
 * @property {string} text
 * @property {boolean} truncated
 * @property {number} fullLength
 *
 * @typedef {CeModel|ControlModel} TextModel
 *
 * @typedef {{t:'text', node: any, data: string} | {t:'br', el: any} | {t:'edge', el?: any, side?: 'enter'|'leave'} | {t:'mark'}} Token
 */

/**
 * True for textarea and text-like input elements.
 * @param {Element} el
 * @returns {el is HTMLTextAreaElement|HTMLInputElement}
 */
export function isTextControl(el) {
  const tag = el.localName;
  return tag === 'textarea' || tag === 'input';
}

/**
 * Whether a contenteditable field collapses white space (white-space: normal/nowrap). Reading
 * a computed style can force a style recalculation, so callers that read often cache this.
 * @param {HTMLElement} field
 */
export function collapsesWhitespace(field) {
  const view = field.ownerDocument.defaultView;
  const ws = view ? view.getComputedStyle(field).whiteSpace : 'pre-wrap';
  return ws === 'normal' || ws === 'nowrap';
}

/**
 * Read a field's model.
 * @param {HTMLElement} field
 * @param {{ maxChars?: number, collapseWhitespace?: boolean }} [opts]
 *   collapseWhitespace: the field's white-space mode if the caller knows it (else looked up)
 * @returns {TextModel}
 */
export function readModel(field, opts = {}) {
  const maxChars = opts.maxChars ?? DEFAULT_MAX_CHARS;
  if (isTextControl(field)) {
    const value = /** @type {HTMLTextAreaElement} */ (field).value;
    const truncated = value.length > maxChars;
    return { kind: 'control', root: /** @type {any} */ (field), text: truncated ? value.slice(0, maxChars) : value, truncated, fullLength: value.length };
  }
  const { tokens, truncated } = collectTokens(field, maxChars);
  const collapse = opts.collapseWhitespace ?? collapsesWhitespace(field);
  const built = buildFromTokens(tokens, { collapseWhitespace: collapse, maxChars });
  return { kind: 'ce', root: field, text: built.text, segments: built.segments, breaks: built.breaks, truncated: truncated || built.truncated };
}

/**
 * Whether an element starts a new line.
 * @param {Element} el
 */
function isBlock(el) {
  const tag = el.localName;
  if (BLOCK_TAGS.has(tag)) return true;
  if (INLINE_TAGS.has(tag)) return false;
  const view = el.ownerDocument.defaultView;
  if (!view) return false;
  const d = view.getComputedStyle(el).display;
  return d !== 'inline' && d !== 'contents' && d !== 'none' && !d.startsWith('inline') && d !== '';
}

/**
 * Walk `root` in document order and list its tokens, stopping after ~maxChars characters.
 * Iterative (no recursion) so deep DOMs cannot overflow the stack.
 * @param {Element} root
 * @param {number} maxChars
 * @returns {{ tokens: Token[], truncated: boolean }}
 */
export function collectTokens(root, maxChars) {
  /** @type {Token[]} */
  const tokens = [];
  let count = 0;
  let truncated = false;
  /** @type {Node|null} */
  let n = root.firstChild;
  const leave = (/** @type {Node} */ el) => { if (isBlock(/** @type {Element} */ (el))) tokens.push({ t: 'edge', el, side: 'leave' }); };
  /** The node after `node`'s subtree, emitting block edges for the elements it leaves. */
  const after = (/** @type {Node} */ node) => {
    let cur = node;
    while (cur !== root) {
      if (cur.nextSibling) return cur.nextSibling;
      const parent = cur.parentNode;
      if (!parent || parent === root) return null;
      leave(parent);
      cur = parent;
    }
    return null;
  };
  while (n) {
    if (n.nodeType === 3) {
      const data = /** @type {Text} */ (n).data;
      if (data.length) {
        tokens.push({ t: 'text', node: n, data });
        count += data.length;
        if (count > maxChars) { truncated = true; break; }
      }
    } else if (n.nodeType === 1) {
      const el = /** @type {Element} */ (n);
      const tag = el.localName;
      if (tag === 'br') {
        tokens.push({ t: 'br', el });
        count += 1;
      } else if (!SKIP_TAGS.has(tag) && !el.hasAttribute('hidden') && tag !== 'img') {
        const block = isBlock(el);
        if (block) tokens.push({ t: 'edge', el, side: 'enter' });
        if (el.firstChild) { n = el.firstChild; continue; }
        if (block) tokens.push({ t: 'edge', el, side: 'leave' });
      }
    }
    n = after(n);
  }
  return { tokens, truncated };
}

/**
 * Build the model text and its segments from a token list (pure; no DOM access beyond the
 * token objects).
 * @param {Token[]} tokens
 * @param {{ collapseWhitespace?: boolean, maxChars?: number }} [opts]
 * @returns {{ text: string, segments: Segment[], breaks: Break[], truncated: boolean, mark: number }}
 *   `mark` is the offset of a {t:'mark'} token (a caret position), or -1.
 */
export function buildFromTokens(tokens, opts = {}) {
  const maxChars = opts.maxChars ?? Infinity;
  /** @type {string[]} */
  const parts = [];
  /** @type {Segment[]} */
  const segments = [];
  /** @type {Break[]} */
  const breaks = [];
  let len = 0;
  let lineHasContent = false;
  let needBreak = false;
  let truncated = false;
  let mark = -1;
  const flush = () => {
    if (needBreak) {
      parts.push('\n');
      len += 1;
      lineHasContent = false;
      needBreak = false;
    }
  };
  /** A <br> is trailing when no text or other <br> follows it before the block ends. */
  const trailingBr = (/** @type {number} */ i) => {
    for (let j = i + 1; j < tokens.length; j++) {
      const k = tokens[j];
      if (k.t === 'edge') return true;
      if (k.t === 'text' || k.t === 'br') return false;
    }
    return true;
  };
  for (let i = 0; i < tokens.length; i++) {
    if (len >= maxChars) { truncated = true; break; }
    const tok = tokens[i];
    if (tok.t === 'mark') {
      // a caret after a block boundary sits at the start of the next line
      mark = len + (needBreak ? 1 : 0);
    } else if (tok.t === 'edge') {
      if (lineHasContent) needBreak = true;
    } else if (tok.t === 'text') {
      flush();
      let data = tok.data;
      if (data.length > maxChars - len) { data = data.slice(0, maxChars - len); truncated = true; }
      let norm = data.replace(/\u00a0/g, ' ');
      if (opts.collapseWhitespace) norm = norm.replace(/[\n\r\t]/g, ' ');
      segments.push({ node: tok.node, start: len, end: len + norm.length });
      parts.push(norm);
      len += norm.length;
      lineHasContent = true;
    } else {
      flush();
      if (trailingBr(i)) {
        lineHasContent = true;
      } else {
        breaks.push({ el: tok.el, offset: len });
        parts.push('\n');
        len += 1;
        lineHasContent = false;
      }
    }
  }
  return { text: parts.join(''), segments, breaks, truncated, mark };
}

/**
 * Index of the last segment whose start is <= offset (binary search), or -1.
 * @param {Segment[]} segs
 * @param {number} offset
 */
function segmentAtOrBefore(segs, offset) {
  let lo = 0;
  let hi = segs.length - 1;
  let ans = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (segs[mid].start <= offset) { ans = mid; lo = mid + 1; } else hi = mid - 1;
  }
  return ans;
}

/**
 * The DOM point for a model offset, for a span's start (prefers the following text node) or
 * end (prefers the preceding one). Returns null when the model is stale (its text nodes
 * changed since it was read).
 * @param {CeModel} model
 * @param {number} offset
 * @param {'start'|'end'} side
 * @returns {{ node: Node, offset: number } | null}
 */
export function domPoint(model, offset, side) {
  const segs = model.segments;
  if (!segs.length) return { node: model.root, offset: side === 'start' ? 0 : model.root.childNodes.length };
  const valid = (/** @type {Segment} */ s) => s.node.isConnected && s.node.parentNode && s.node.data.length >= s.end - s.start;
  let i = segmentAtOrBefore(segs, offset);
  if (side === 'start') {
    // inside segment i (not at its very end), else the next segment's start
    if (i >= 0 && offset < segs[i].end) {
      const s = segs[i];
      return valid(s) ? { node: s.node, offset: offset - s.start } : null;
    }
    const next = segs[i + 1];
    if (next) return valid(next) ? { node: next.node, offset: 0 } : null;
    const last = segs[segs.length - 1];
    return valid(last) ? { node: last.node, offset: last.end - last.start } : null;
  }
  // end side: inside or at the end of the segment that starts strictly before offset
  i = segmentAtOrBefore(segs, offset - 1);
  if (i >= 0) {
    const s = segs[i];
    if (!valid(s)) return null;
    return { node: s.node, offset: Math.min(offset, s.end) - s.start };
  }
  const first = segs[0];
  return valid(first) ? { node: first.node, offset: 0 } : null;
}

/**
 * A DOM Range over the model span [start, end), or null if the span cannot be mapped (stale
 * model, or a span made only of line breaks).
 * @param {CeModel} model
 * @param {number} start
 * @param {number} end
 * @returns {Range|null}
 */
export function modelRange(model, start, end) {
  if (start < 0 || end > model.text.length || start > end) return null;
  const a = domPoint(model, start, 'start');
  const b = domPoint(model, end, start === end ? 'start' : 'end');
  if (!a || !b) return null;
  const r = model.root.ownerDocument.createRange();
  try {
    r.setStart(a.node, a.offset);
    r.setEnd(b.node, b.offset);
  } catch {
    return null;
  }
  if (r.collapsed && start !== end) return null;
  return r;
}

/**
 * The model offset of a DOM point (e.g. the caret), or -1 when the point is outside the field.
 * A point inside a mapped text node is direct; any other point (an empty line's `<p>`, between
 * blocks) is placed among the field's tokens and measured by the same rules as the text.
 * @param {CeModel} model
 * @param {Node} node
 * @param {number} offset
 */
export function modelOffset(model, node, offset) {
  if (node !== model.root && !model.root.contains(node)) return -1;
  if (node.nodeType === 3) {
    for (const s of model.segments) {
      if (s.node === node) return s.start + Math.min(offset, s.end - s.start);
    }
  }
  const doc = model.root.ownerDocument;
  const point = doc.createRange();
  try {
    point.setStart(node, node.nodeType === 3 ? Math.min(offset, /** @type {Text} */ (node).length) : offset);
  } catch {
    return -1;
  }
  point.collapse(true);
  const { tokens } = collectTokens(model.root, model.text.length + 1);
  /** Is the token's position at or after the point? */
  const atOrAfter = (/** @type {Token} */ tok) => {
    try {
      if (tok.t === 'text') return point.comparePoint(tok.node, 0) >= 0;
      if (tok.t === 'br') return point.comparePoint(tok.el, 0) >= 0;
      if (tok.t === 'edge' && tok.el) {
        // entering a block is at (el, 0): a point equal to it is inside, after the edge;
        // leaving is at (el, childCount): a point equal to it is inside, before the edge
        if (tok.side === 'enter') return point.comparePoint(tok.el, 0) > 0;
        return point.comparePoint(tok.el, tok.el.childNodes.length) >= 0;
      }
    } catch { /* detached */ }
    return false;
  };
  let i = 0;
  while (i < tokens.length && !atOrAfter(tokens[i])) i++;
  tokens.splice(i, 0, { t: 'mark' });
  const ws = doc.defaultView ? doc.defaultView.getComputedStyle(model.root).whiteSpace : 'pre-wrap';
  const built = buildFromTokens(tokens, { collapseWhitespace: ws === 'normal' || ws === 'nowrap' });
  return built.mark < 0 ? model.text.length : Math.min(built.mark, model.text.length);
}

/**
 * The model offsets of the current selection in the field, or null if it is elsewhere.
 * @param {TextModel} model
 * @returns {{ start: number, end: number } | null}
 */
export function selectionOffsets(model) {
  const root = model.root;
  const doc = root.ownerDocument;
  if (model.kind === 'control') {
    if (doc.activeElement !== root && !(root.getRootNode() instanceof ShadowRoot)) return null;
    const c = /** @type {HTMLTextAreaElement} */ (root);
    return { start: c.selectionStart ?? 0, end: c.selectionEnd ?? 0 };
  }
  const rootNode = /** @type {any} */ (root.getRootNode());
  const sel = (rootNode.getSelection ? rootNode.getSelection() : null) || doc.getSelection();
  if (!sel || sel.rangeCount === 0) return null;
  const r = sel.getRangeAt(0);
  const a = modelOffset(model, r.startContainer, r.startOffset);
  const b = modelOffset(model, r.endContainer, r.endOffset);
  if (a < 0 || b < 0) return null;
  return { start: Math.min(a, b), end: Math.max(a, b) };
}

/**
 * Put the selection on the model span [start, end) of the field (textarea: setSelectionRange).
 * @param {TextModel} model
 * @param {number} start
 * @param {number} end
 * @returns {boolean} whether the selection was set
 */
export function selectSpan(model, start, end) {
  if (model.kind === 'control') {
    try { model.root.setSelectionRange(start, end); return true; } catch { return false; }
  }
  const r = modelRange(model, start, end);
  if (!r) return false;
  const sel = model.root.ownerDocument.getSelection();
  if (!sel) return false;
  sel.removeAllRanges();
  sel.addRange(r);
  return true;
}
