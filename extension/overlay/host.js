/**
 * The overlay's place in a page: one shadow-root host per document, appended to
 * `document.documentElement` (never inside an editor), holding every field's badge, cards and
 * fallback underline boxes; plus the page-level `::highlight()` stylesheet.
 *
 * Why it exists: the overlay's markup and styles must be isolated from the site (and the site's
 * CSS from them), shared by every field of the document, and survive SPAs that rebuild <body>.
 * Styles go in through `adoptedStyleSheets` where possible (not subject to the page's
 * style-src CSP), else a <style> element.
 */
import { SHADOW_CSS, PAGE_CSS } from './styles.js';

/**
 * @typedef {object} OverlayRoot
 * @property {Document} doc
 * @property {HTMLElement} host
 * @property {ShadowRoot} shadow
 * @property {HTMLElement} live        aria-live="polite" region for announcements
 * @property {() => void} ensureAttached   re-append the host if the page removed it
 * @property {number} users
 */

/** @type {WeakMap<Document, OverlayRoot>} */
const roots = new WeakMap();

/** Attribute marking the overlay's host element (tests assert it is never inside an editor). */
export const HOST_ATTR = 'data-insession-overlay';

/**
 * Add CSS to a document or shadow root: a constructed sheet if the browser allows it from
 * here, else a <style> element appended to `fallbackParent`.
 * @param {Document|ShadowRoot} target
 * @param {string} css
 * @param {Node} fallbackParent
 * @returns {() => void} removes it again
 */
function addStyles(target, css, fallbackParent) {
  const doc = target instanceof Document ? target : /** @type {Document} */ (target.ownerDocument);
  const view = /** @type {any} */ (doc.defaultView);
  try {
    if (view && 'adoptedStyleSheets' in target && typeof view.CSSStyleSheet === 'function') {
      const sheet = new view.CSSStyleSheet();
      sheet.replaceSync(css);
      const before = target.adoptedStyleSheets.length;
      target.adoptedStyleSheets = [...target.adoptedStyleSheets, sheet];
      if (target.adoptedStyleSheets.length === before + 1) {
        return () => {
          try { target.adoptedStyleSheets = target.adoptedStyleSheets.filter((s) => s !== sheet); } catch { /* gone */ }
        };
      }
    }
  } catch {
    // fall through to a <style> element (e.g. a browser that refuses sheets from this context)
  }
  const style = doc.createElement('style');
  style.setAttribute(HOST_ATTR, 'styles');
  style.textContent = css;
  fallbackParent.appendChild(style);
  return () => style.remove();
}

/**
 * The overlay root of `doc`, created on first use.
 * @param {Document} doc
 * @param {{ shadowMode?: 'open'|'closed' }} [opts]
 * @returns {OverlayRoot}
 */
export function acquireRoot(doc, opts = {}) {
  let root = roots.get(doc);
  if (root) {
    root.users++;
    root.ensureAttached();
    return root;
  }
  const host = doc.createElement('div');
  host.setAttribute(HOST_ATTR, '');
  // Inline !important beats any site rule that could hide or move us.
  host.setAttribute('style', [
    'all: initial !important', 'position: fixed !important', 'top: 0 !important', 'left: 0 !important',
    'width: 0 !important', 'height: 0 !important', 'overflow: visible !important',
    'z-index: 2147483647 !important', 'display: block !important', 'pointer-events: none !important',
    'contain: style !important',
  ].join('; '));
  const shadow = host.attachShadow({ mode: opts.shadowMode || 'closed' });
  addStyles(shadow, SHADOW_CSS, shadow);
  const live = doc.createElement('div');
  live.className = 'sr-only';
  live.setAttribute('aria-live', 'polite');
  live.setAttribute('role', 'status');
  shadow.appendChild(live);
  doc.documentElement.appendChild(host);
  const removePageStyles = addStyles(doc, PAGE_CSS, doc.head || doc.documentElement);
  root = {
    doc, host, shadow, live, users: 1,
    ensureAttached() {
      if (!host.isConnected && doc.documentElement) doc.documentElement.appendChild(host);
    },
  };
  /** @type {any} */ (root).removePageStyles = removePageStyles;
  roots.set(doc, root);
  return root;
}

/**
 * Drop one user of the document's root; the last one removes it.
 * @param {OverlayRoot} root
 */
export function releaseRoot(root) {
  root.users--;
  if (root.users > 0) return;
  root.host.remove();
  /** @type {any} */ (root).removePageStyles?.();
  roots.delete(root.doc);
}

/**
 * Say something to screen readers through the polite live region.
 * @param {OverlayRoot} root
 * @param {string} message
 */
export function announce(root, message) {
  // clearing first makes a repeated message be read again
  root.live.textContent = '';
  root.doc.defaultView?.setTimeout(() => { root.live.textContent = message; }, 50);
}
