/**
 * Light or dark: decides which palette the overlay (badge, cards, underlines) uses for a field.
 *
 * Why it exists: sites have their own dark themes (X "Lights out", YouTube dark) that do not
 * follow `prefers-color-scheme`, and underlines/cards must keep WCAG AA contrast on either.
 * The page wins when it has an opaque background; the OS preference decides otherwise.
 */

/**
 * Parse `rgb()/rgba()` as returned by getComputedStyle.
 * @param {string} css
 * @returns {{ r: number, g: number, b: number, a: number } | null}
 */
export function parseColor(css) {
  const m = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:[\s,/]+([\d.]+%?))?\s*\)$/i.exec(css.trim());
  if (!m) {
    if (css.trim() === 'transparent') return { r: 0, g: 0, b: 0, a: 0 };
    return null;
  }
  let a = m[4] === undefined ? 1 : parseFloat(m[4]);
  if (m[4] && m[4].endsWith('%')) a /= 100;
  return { r: +m[1], g: +m[2], b: +m[3], a };
}

/**
 * WCAG relative luminance of an sRGB colour (0–255 channels).
 * @param {{ r: number, g: number, b: number }} c
 */
export function luminance(c) {
  const ch = (/** @type {number} */ v) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * ch(c.r) + 0.7152 * ch(c.g) + 0.0722 * ch(c.b);
}

/**
 * WCAG contrast ratio between two colours.
 * @param {{ r: number, g: number, b: number }} a
 * @param {{ r: number, g: number, b: number }} b
 */
export function contrast(a, b) {
  const la = luminance(a);
  const lb = luminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/**
 * The first opaque-ish background behind an element (walking up, across shadow roots), or
 * null when everything up to the root is transparent.
 * @param {Element} el
 */
export function effectiveBackground(el) {
  const view = el.ownerDocument.defaultView;
  if (!view) return null;
  /** @type {Element|null} */
  let cur = el;
  while (cur) {
    const c = parseColor(view.getComputedStyle(cur).backgroundColor);
    if (c && c.a >= 0.5) return c;
    const parent = /** @type {Element|null} */ (cur.parentElement || /** @type {any} */ (cur.getRootNode()).host || null);
    cur = parent;
  }
  return null;
}

/**
 * 'dark' or 'light' for the overlay shown next to `el`.
 * @param {Element} el
 * @returns {'dark'|'light'}
 */
export function detectTheme(el) {
  const bg = effectiveBackground(el);
  if (bg) return luminance(bg) < 0.2 ? 'dark' : 'light';
  const view = el.ownerDocument.defaultView;
  return view && view.matchMedia && view.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}
