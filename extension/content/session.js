/**
 * One Session per watched field: debounces input, keeps one check in flight (the latest text
 * wins), writes the test-hook attributes on the field and hands each report to its views.
 *
 * The seam for the overlay (issue 4): a view is `{update(report, fieldText), dispose()}` made
 * by a factory `(field, session) => view`; main.js passes the factories in. A view may also
 * call `session.check(text)` (an async function returning the Report) for its own needs, e.g.
 * to re-check after applying a suggestion.
 */
import { readField } from './fields.js';

/** Wait this long after the last input before checking (the test hook promises ≤ 300 ms). */
export const DEBOUNCE_MS = 100;

/** The risk values of a Report, in the attribute `data-insession-risk`. */
const RISKS = new Set(['ok', 'caution', 'high']);

/**
 * @typedef {import('../shared/protocol.js').Report} Report
 * @typedef {import('./fields.js').FieldText} FieldText
 * @typedef {{update(report: Report, fieldText: FieldText): void, dispose(): void}} View
 * @typedef {(field: HTMLElement, session: Session) => View} ViewFactory
 *
 * @typedef {object} Session
 * @property {HTMLElement} field
 * @property {string} id                 unique in this frame, sent as `fieldId`
 * @property {(text: string) => Promise<Report>} check   one background round trip
 * @property {() => void} schedule       call on input: checks after the debounce
 * @property {() => Promise<void>} run   checks the field's current text now
 * @property {() => Report|null} lastReport
 * @property {() => void} dispose
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
  let timer = 0;
  let inflight = false;
  let dirty = false;
  let disposed = false;
  /** @type {string|null} */
  let lastText = null;
  /** @type {Report|null} */
  let last = null;

  /** @type {Session} */
  const session = {
    field,
    id,
    check: (text) => check(text, id),
    schedule() {
      if (disposed) return;
      clearTimeout(timer);
      timer = setTimeout(() => void session.run(), DEBOUNCE_MS);
    },
    async run() {
      if (disposed) return;
      if (inflight) { dirty = true; return; }
      inflight = true;
      try {
        do {
          dirty = false;
          const fieldText = readField(field);
          let report = fieldText.text === lastText ? last : null;
          if (!report) {
            try {
              report = await session.check(fieldText.text);
            } catch (err) {
              onError(/** @type {Error} */ (err));
              return;
            }
            if (disposed) return;
            lastText = fieldText.text;
            last = report;
          }
          if (dirty) continue; // a newer text is waiting: skip the stale paint
          if (readField(field).text !== fieldText.text) {
            // changed while we waited (an input event has scheduled a run, or the page set the
            // value itself, which fires none): never paint a report for text that is gone
            session.schedule();
            break;
          }
          apply(report, fieldText);
        } while (dirty && !disposed);
      } finally {
        inflight = false;
      }
    },
    lastReport: () => last,
    dispose() {
      disposed = true;
      clearTimeout(timer);
      for (const view of attached) view.dispose();
    },
  };

  const attached = views.map((make) => make(field, session));

  /** @param {Report} report @param {FieldText} fieldText */
  function apply(report, fieldText) {
    const risk = RISKS.has(report.risk) ? report.risk : 'ok';
    field.setAttribute('data-insession-risk', risk);
    field.setAttribute('data-insession-findings', String(report.findings.length));
    for (const view of attached) view.update(report, fieldText);
  }

  return session;
}
