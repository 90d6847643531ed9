/**
 * Small DOM helpers shared by the options page's modules, and the context its sections get.
 */

/**
 * @typedef {object} SectionContext  what a section module may use of the page's state
 * @property {any} settings            the settings as the background last answered (get/set)
 * @property {() => any} locked        what the organisation locks (Settings.locked)
 * @property {() => void} render       re-render every section from `settings`
 * @property {() => void} testerChanged  the live tester should check again
 */

/** The element `sel` selects (the page's markup is fixed, so it exists). */
export const $ = (sel) => /** @type {HTMLElement} */ (document.querySelector(sel));

/**
 * An element with attributes (`text` sets textContent; `onclick`… add listeners; false/null
 * leave an attribute out) and children.
 * @param {string} tag
 * @param {Record<string, any>} [attrs]
 * @param {...(Node|string|null|undefined)} children
 */
export const el = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false || v === null || v === undefined) continue;
    if (k === 'text') node.textContent = String(v);
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
};

/** Shows a transient confirmation in a status element. */
export function flash(target, text) {
  target.textContent = text;
  clearTimeout(/** @type {any} */ (target)._timer);
  /** @type {any} */ (target)._timer = setTimeout(() => { target.textContent = ''; }, 4000);
}
