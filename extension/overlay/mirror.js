/**
 * Rectangles of a span of a textarea's or input's value.
 *
 * Why it exists: the text inside a form control has no DOM nodes, so neither Ranges nor the
 * Highlight API can reach it. A hidden "mirror" element inside the overlay's shadow root copies
 * the control's box and text styles and lays out the same text; a Range over the mirror's text
 * gives the span's rectangles, which are shifted by the control's own scroll offsets.
 */

/** Computed properties that affect where text wraps and how big it is. */
const COPIED = [
  'boxSizing', 'width', 'height', 'paddingTop', 'paddingRight', 'paddingBottom', 'paddingLeft',
  'borderTopWidth', 'borderRightWidth', 'borderBottomWidth', 'borderLeftWidth',
  'fontFamily', 'fontSize', 'fontStyle', 'fontVariant', 'fontWeight', 'fontStretch', 'fontKerning',
  'fontFeatureSettings', 'fontVariationSettings', 'lineHeight', 'letterSpacing', 'wordSpacing',
  'textIndent', 'textTransform', 'textAlign', 'direction', 'unicodeBidi', 'tabSize',
  'whiteSpace', 'wordBreak', 'overflowWrap', 'hyphens', 'textRendering', 'writingMode',
];

/**
 * @typedef {{ left: number, top: number, right: number, bottom: number, width: number, height: number }} Box
 */

/**
 * @param {ShadowRoot|HTMLElement} parent   where the mirror element lives (overlay shadow root)
 */
export function createMirror(parent) {
  const doc = /** @type {Document} */ (parent.ownerDocument);
  const el = doc.createElement('div');
  el.className = 'mirror';
  el.setAttribute('aria-hidden', 'true');
  const textNode = doc.createTextNode('');
  el.appendChild(textNode);
  parent.appendChild(el);
  let lastText = '';
  let lastStyleKey = '';
  let lastLeft = NaN;
  let lastTop = NaN;

  /**
   * Copy the control's styles and geometry onto the mirror.
   * @param {HTMLTextAreaElement|HTMLInputElement} control
   */
  function sync(control) {
    const view = /** @type {Window} */ (doc.defaultView);
    const cs = view.getComputedStyle(control);
    const rect = control.getBoundingClientRect();
    const isInput = control.localName === 'input';
    const hasVScroll = !isInput && control.scrollHeight > control.clientHeight + 1 && cs.overflowY !== 'hidden';
    const parts = COPIED.map((p) => /** @type {any} */ (cs)[p]);
    const key = parts.join('|') + `|${rect.width}|${rect.height}|${hasVScroll}`;
    const s = el.style;
    if (rect.left !== lastLeft || rect.top !== lastTop) {
      lastLeft = rect.left;
      lastTop = rect.top;
      s.left = `${rect.left}px`;
      s.top = `${rect.top}px`;
    }
    if (key !== lastStyleKey) {
      lastStyleKey = key;
      COPIED.forEach((p, i) => { /** @type {any} */ (s)[p] = parts[i]; });
      s.boxSizing = 'border-box';
      s.width = `${rect.width}px`;
      s.height = `${rect.height}px`;
      s.borderStyle = 'solid';
      s.borderColor = 'transparent';
      s.overflowX = 'hidden';
      s.overflowY = hasVScroll ? 'scroll' : 'hidden';
      if (isInput) {
        s.whiteSpace = 'pre';
        s.display = 'flex';
        s.alignItems = 'center';
      } else {
        s.display = 'block';
        if (cs.whiteSpace === 'normal') s.whiteSpace = 'pre-wrap';
      }
    }
  }

  return {
    el,
    sync,
    /**
     * Viewport rectangles of value[start, end) as the control shows it now.
     * @param {HTMLTextAreaElement|HTMLInputElement} control
     * @param {string} value
     * @param {number} start
     * @param {number} end
     * @param {boolean} [resync]  copy styles/geometry first (false when the caller just did)
     * @returns {Box[]}
     */
    rects(control, value, start, end, resync = true) {
      if (end <= start) return [];
      if (resync || !lastStyleKey) sync(control);
      // The whole (capped) value, so every span of one frame shares one layout.
      const text = value + '\u200b';
      if (text !== lastText) {
        textNode.data = text;
        lastText = text;
      }
      const r = doc.createRange();
      r.setStart(textNode, start);
      r.setEnd(textNode, end);
      const dx = control.scrollLeft;
      const dy = control.scrollTop;
      /** @type {Box[]} */
      const out = [];
      for (const b of r.getClientRects()) {
        if (b.width === 0 && b.height === 0) continue;
        out.push({ left: b.left - dx, top: b.top - dy, right: b.right - dx, bottom: b.bottom - dy, width: b.width, height: b.height });
      }
      return out;
    },
    destroy() {
      el.remove();
    },
  };
}
