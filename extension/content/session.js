/**
 * One Session per watched field: the field's id for the protocol, its check function (one
 * background round trip), its views, and the test hook on the field.
 *
 * The seam for views: a view is `{update(report, fieldText), dispose()}` made by a factory
 * `(field, session) => view`; main.js passes the factories in. The overlay view
 * (extension/overlay/view.js) is the one source of checks: it checks on every input through
 * `session.check(text)` and reports the state of the field's current text with
 * `session.publish(state)`. The Session does no checking of its own, so a settled text is
 * checked exactly once; it writes the test hook (README "Test hook") from what is published:
 * `data-insession-risk` and `data-insession-findings`, only for the field's current text
 * (`stale` states are never written) and only once the field has had text (an empty field
 * that was never checked has no hook).
 */

/** The risk values of a Report, in the attribute `data-insession-risk`. */
const RISKS = new Set(['ok', 'caution', 'high']);

/** The test-hook attributes written on the field. */
export const HOOK_ATTRS = Object.freeze(['data-insession-risk', 'data-insession-findings']);

/**
 * @typedef {import('../shared/protocol.js').Report} Report
 * @typedef {import('./fields.js').FieldText} FieldText
 * @typedef {{ risk: string, findings: unknown[], report: Report|null, text: string, stale: boolean }} FieldState
 * @typedef {{update(report: Report, fieldText: FieldText): void, dispose(): void}} View
 * @typedef {(field: HTMLElement, session: Session) => View} ViewFactory
 *
 * @typedef {object} Session
 * @property {HTMLElement} field
 * @property {string} id                 unique in this frame, sent as `fieldId`
 * @property {(text: string) => Promise<Report>} check   one background round trip
 * @property {(state: FieldState) => void} publish       a view's state of the field's text
 * @property {() => FieldState|null} lastState
 * @property {View[]} views
 * @property {() => void} dispose        disposes the views and removes the test hook
 */

/**
 * @param {HTMLElement} field
 * @param {object} opts
 * @param {string} opts.id
 * @param {(text: string, fieldId: string) => Promise<Report>} opts.check
 * @param {ViewFactory[]} opts.views
 * @param {(err: Error) => void} opts.onError
 * @returns {Session}
 */
export function createSession(field, { id, check, views, onError }) {
  let disposed = false;
  let hooked = false;
  /** @type {FieldState|null} */
  let last = null;

  /** @type {Session} */
  const session = {
    field,
    id,
    // failures reach the views (the overlay shows "Not checked" and calls its onError)
    check: (text) => check(text, id),
    publish(state) {
      if (disposed || state.stale) return;
      last = state;
      if (!hooked && !state.text.trim()) return;
      hooked = true;
      const risk = RISKS.has(state.risk) ? state.risk : 'ok';
      field.setAttribute('data-insession-risk', risk);
      field.setAttribute('data-insession-findings', String(state.findings.length));
    },
    lastState: () => last,
    views: [],
    dispose() {
      if (disposed) return;
      disposed = true;
      for (const view of session.views) {
        try { view.dispose(); } catch (err) { onError(/** @type {Error} */ (err)); }
      }
      session.views = [];
      for (const a of HOOK_ATTRS) field.removeAttribute(a);
    },
  };
  session.views = views.map((make) => make(field, session));
  return session;
}
