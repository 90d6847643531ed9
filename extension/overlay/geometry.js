/**
 * Rectangle arithmetic for placing the overlay: the part of a field that is actually visible
 * (inside its scroll containers and the viewport), and where a card fits next to an anchor.
 *
 * Why it exists: fallback underline boxes and the badge are drawn in our own layer, outside the
 * page's scroll containers, so they must be clipped by hand to whatever clips the field, or
 * they would float over the site's header when the compose box scrolls.
 */

/**
 * @typedef {{ left: number, top: number, right: number, bottom: number }} Edges
 */

/**
 * Intersection of two rectangles, or null when empty.
 * @param {Edges} a
 * @param {Edges} b
 * @returns {Edges|null}
 */
export function intersect(a, b) {
  const left = Math.max(a.left, b.left);
  const top = Math.max(a.top, b.top);
  const right = Math.min(a.right, b.right);
  const bottom = Math.min(a.bottom, b.bottom);
  return right > left && bottom > top ? { left, top, right, bottom } : null;
}

/**
 * Whether two rectangles overlap (touching edges do not count).
 * @param {Edges} a
 * @param {Edges} b
 */
export function overlaps(a, b) {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

/**
 * The viewport rectangle of `el` that is not clipped by an ancestor with overflow other than
 * visible (crossing shadow roots), nor by the viewport. Null when nothing is visible.
 * @param {Element} el
 * @returns {Edges|null}
 */
export function visibleRect(el) {
  const view = /** @type {Window} */ (el.ownerDocument.defaultView);
  const r = el.getBoundingClientRect();
  /** @type {Edges|null} */
  let clip = { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
  clip = intersect(clip, { left: 0, top: 0, right: view.innerWidth, bottom: view.innerHeight });
  /** @type {Element|null} */
  let cur = parentOf(el);
  while (clip && cur && cur !== el.ownerDocument.documentElement) {
    const cs = view.getComputedStyle(cur);
    if (cs.overflowX !== 'visible' || cs.overflowY !== 'visible') {
      const cr = cur.getBoundingClientRect();
      // clip to the padding box (inside the borders)
      const bl = parseFloat(cs.borderLeftWidth) || 0;
      const bt = parseFloat(cs.borderTopWidth) || 0;
      const inner = { left: cr.left + bl, top: cr.top + bt, right: cr.left + bl + cur.clientWidth, bottom: cr.top + bt + cur.clientHeight };
      clip = intersect(clip, inner);
    }
    if (cs.position === 'fixed') break;
    cur = parentOf(cur);
  }
  return clip;
}

/** @param {Element} el */
function parentOf(el) {
  if (el.parentElement) return el.parentElement;
  const root = /** @type {any} */ (el.getRootNode());
  return root && root.host ? root.host : null;
}

/**
 * Position a popup of size w×h next to `anchor`: below it if it fits, else above, kept inside
 * the viewport with an 8 px margin.
 * @param {Edges} anchor
 * @param {number} w
 * @param {number} h
 * @param {{ width: number, height: number }} viewport
 * @param {'below'|'above'} [prefer]
 * @returns {{ left: number, top: number }}
 */
export function placePopup(anchor, w, h, viewport, prefer = 'below') {
  const m = 8;
  const below = anchor.bottom + 6;
  const above = anchor.top - 6 - h;
  let top;
  if (prefer === 'below') top = below + h + m <= viewport.height || above < m ? below : above;
  else top = above >= m || below + h + m > viewport.height ? above : below;
  top = Math.max(m, Math.min(top, viewport.height - h - m));
  let left = Math.max(m, Math.min(anchor.left, viewport.width - w - m));
  return { left: Math.round(left), top: Math.round(top) };
}

/**
 * Place a popup of size w×h around `anchor` (above, below, right, left — in that order of
 * preference) at the first spot that lies inside the viewport and overlaps none of `avoid`
 * (the text being written, the site's post button). Width may shrink to `minWidth` to fit beside
 * the anchor. Falls back to the first spot inside the viewport, then to above.
 * @param {Edges} anchor
 * @param {number} w
 * @param {number} h
 * @param {{ width: number, height: number }} viewport
 * @param {Edges[]} avoid
 * @param {number} [minWidth]
 * @returns {{ left: number, top: number, width: number }}
 */
export function placeAround(anchor, w, h, viewport, avoid, minWidth = 200) {
  const m = 8;
  const gap = 6;
  const clampX = (/** @type {number} */ x, /** @type {number} */ width) => Math.max(m, Math.min(x, viewport.width - width - m));
  const clampY = (/** @type {number} */ y) => Math.max(m, Math.min(y, viewport.height - h - m));
  const rightRoom = viewport.width - m - (anchor.right + gap);
  const leftRoom = anchor.left - gap - m;
  /** @type {{ left: number, top: number, width: number }[]} */
  const spots = [
    { left: clampX(anchor.right - w, w), top: anchor.top - gap - h, width: w },
    { left: clampX(anchor.right - w, w), top: anchor.bottom + gap, width: w },
  ];
  if (rightRoom >= minWidth) {
    const width = Math.min(w, rightRoom);
    spots.push({ left: anchor.right + gap, top: clampY(anchor.top), width });
  }
  if (leftRoom >= minWidth) {
    const width = Math.min(w, leftRoom);
    spots.push({ left: anchor.left - gap - width, top: clampY(anchor.top), width });
  }
  const inside = (/** @type {{ left: number, top: number, width: number }} */ s) =>
    s.top >= m - 0.5 && s.top + h <= viewport.height - m + 0.5 && s.left >= m - 0.5 && s.left + s.width <= viewport.width - m + 0.5;
  const rect = (/** @type {{ left: number, top: number, width: number }} */ s) => ({ left: s.left, top: s.top, right: s.left + s.width, bottom: s.top + h });
  const best = spots.find((s) => inside(s) && !avoid.some((a) => overlaps(rect(s), a)))
    || spots.find((s) => inside(s) && !overlaps(rect(s), avoid[0] || { left: 0, top: 0, right: 0, bottom: 0 }))
    || spots.find(inside)
    || { left: clampX(anchor.right - w, w), top: clampY(anchor.top - gap - h), width: w };
  return { left: Math.round(best.left), top: Math.round(best.top), width: Math.round(best.width) };
}
