/**
 * Drawing underlines, two ways, never touching the editor's DOM:
 *  - `createHighlightPainter`: the CSS Custom Highlight API. Ranges over the editor's text
 *    nodes are registered in `CSS.highlights`; the browser paints them with the page-level
 *    `::highlight(insession-…)` rules, so they follow scrolling, wrapping and fonts for free.
 *  - `createBoxPainter`: the fallback (no Highlight API, textarea/input, fields inside shadow
 *    roots where the page sheet does not reach): absolutely positioned boxes in the overlay's
 *    shadow root, inside a fixed "layer" clipped to the field's visible rectangle. The caller
 *    re-runs it (once per animation frame at most) on scroll, resize and layout changes.
 *
 * Why it exists: the two mechanisms share one interface so the controller does not care which
 * one a field uses.
 */
import { HIGHLIGHT_NAMES } from './styles.js';

/**
 * @typedef {import('./geometry.js').Edges} Edges
 * @typedef {{ range: Range, severity: 'high'|'caution', active: boolean }} RangeItem
 * @typedef {{ rects: Edges[], severity: 'high'|'caution', active: boolean }} BoxItem
 */

/**
 * Whether the CSS Custom Highlight API can be used from this script in `view`.
 * @param {Window} view
 */
export function supportsHighlights(view) {
  const v = /** @type {any} */ (view);
  try {
    return typeof v.Highlight === 'function' && !!v.CSS && !!v.CSS.highlights && typeof v.CSS.highlights.set === 'function';
  } catch {
    return false;
  }
}

/** @type {WeakMap<Document, Record<string, any>>} */
const shared = new WeakMap();

/**
 * The document's Highlight objects, registered once under our names.
 * @param {Document} doc
 */
function highlightsOf(doc) {
  let h = shared.get(doc);
  if (h) return h;
  const v = /** @type {any} */ (doc.defaultView);
  h = {};
  const priorities = { [HIGHLIGHT_NAMES.caution]: 1, [HIGHLIGHT_NAMES.cautionDark]: 1, [HIGHLIGHT_NAMES.high]: 2, [HIGHLIGHT_NAMES.highDark]: 2, [HIGHLIGHT_NAMES.active]: 3 };
  for (const name of Object.values(HIGHLIGHT_NAMES)) {
    const hl = new v.Highlight();
    try { hl.priority = priorities[name]; } catch { /* older API */ }
    v.CSS.highlights.set(name, hl);
    h[name] = hl;
  }
  shared.set(doc, h);
  return h;
}

/**
 * @param {Document} doc
 */
export function createHighlightPainter(doc) {
  /** @type {{ name: string, range: Range }[]} */
  let mine = [];
  const clear = () => {
    const h = shared.get(doc);
    if (h) for (const { name, range } of mine) h[name].delete(range);
    mine = [];
  };
  return {
    kind: /** @type {'highlight'} */ ('highlight'),
    /**
     * @param {RangeItem[]} items
     * @param {'light'|'dark'} theme
     */
    paint(items, theme) {
      const h = highlightsOf(doc);
      // Re-register if the page (or another script) removed our names from the registry.
      const reg = /** @type {any} */ (doc.defaultView).CSS.highlights;
      for (const [name, hl] of Object.entries(h)) if (reg.get(name) !== hl) reg.set(name, hl);
      clear();
      for (const it of items) {
        const name = it.severity === 'high'
          ? (theme === 'dark' ? HIGHLIGHT_NAMES.highDark : HIGHLIGHT_NAMES.high)
          : (theme === 'dark' ? HIGHLIGHT_NAMES.cautionDark : HIGHLIGHT_NAMES.caution);
        h[name].add(it.range);
        mine.push({ name, range: it.range });
        if (it.active) {
          h[HIGHLIGHT_NAMES.active].add(it.range);
          mine.push({ name: HIGHLIGHT_NAMES.active, range: it.range });
        }
      }
    },
    clear,
    destroy: clear,
  };
}

/**
 * @param {HTMLElement} container   the field's UI element in the overlay shadow root
 */
export function createBoxPainter(container) {
  const doc = /** @type {Document} */ (container.ownerDocument);
  const layer = doc.createElement('div');
  layer.className = 'layer';
  layer.hidden = true;
  container.appendChild(layer);
  /** @type {HTMLElement[]} */
  const pool = [];
  return {
    kind: /** @type {'boxes'} */ ('boxes'),
    layer,
    /**
     * @param {BoxItem[]} items
     * @param {Edges|null} clip   the field's visible rectangle (viewport coordinates)
     */
    paint(items, clip) {
      if (!clip || !items.length) {
        layer.hidden = true;
        return;
      }
      layer.hidden = false;
      const s = layer.style;
      s.left = `${clip.left}px`;
      s.top = `${clip.top}px`;
      s.width = `${clip.right - clip.left}px`;
      s.height = `${clip.bottom - clip.top}px`;
      let n = 0;
      for (const it of items) {
        for (const r of it.rects) {
          // parts scrolled out of the field are not drawn at all
          if (r.right <= clip.left || r.left >= clip.right || r.bottom <= clip.top || r.top >= clip.bottom) continue;
          let box = pool[n];
          if (!box) {
            box = doc.createElement('div');
            pool.push(box);
            layer.appendChild(box);
          }
          box.className = `u ${it.severity}${it.active ? ' active' : ''}`;
          box.hidden = false;
          const bs = box.style;
          bs.left = `${r.left - clip.left}px`;
          bs.top = `${r.top - clip.top}px`;
          bs.width = `${r.right - r.left}px`;
          // a little below the text's box, like an underline
          bs.height = `${r.bottom - r.top + 2}px`;
          n++;
        }
      }
      for (let i = n; i < pool.length; i++) pool[i].hidden = true;
    },
    clear() {
      layer.hidden = true;
    },
    /** Current boxes' viewport rectangles (tests). */
    boxes() {
      const out = [];
      if (layer.hidden) return out;
      for (const b of pool) if (!b.hidden) out.push(b.getBoundingClientRect());
      return out;
    },
    destroy() {
      layer.remove();
    },
  };
}
