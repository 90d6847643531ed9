/**
 * The overlay as a view of the content script's Session (issue 3's seam in
 * extension/content/session.js: a view factory `(field, session) => { update, dispose }`).
 *
 * Why it exists: phase 2 wires the overlay into real sites with one line in content/main.js,
 * `const VIEWS = [createOverlayView({ … })]`, instead of re-deriving site selectors, strings and
 * settings in the content script. The overlay checks on every input itself (through
 * `session.check`, i.e. the background), so underlines follow typing without the Session's
 * debounce; reports the Session obtains are fed in with `setReport` and cached, so a text is
 * never drawn from an older report than either side has.
 */
import { createFieldOverlay } from './index.js';
import { siteProfile } from './sites.js';

/**
 * @typedef {object} OverlayViewOptions
 * @property {import('./strings.js').Translate} [t]        e.g. (k, s) => browser.i18n.getMessage('overlay_' + k, s)
 * @property {() => boolean} [pauseBeforePosting]          read when a field is attached (default true)
 * @property {() => string[]} [disabledRules]              rules the user turned off (config.disabled_rules)
 * @property {(ruleId: string) => void} [onDisableRule]     persist "Turn off this rule" (setSettings)
 * @property {{ firstFocus?: boolean, isDismissed?: () => boolean, dismiss?: () => void }} [reminder]
 * @property {(error: unknown) => void} [onError]
 * @property {'open'|'closed'} [shadowMode]                 'open' only for test builds
 * @property {Partial<import('./index.js').OverlayOptions>} [extra]  anything else, passed through
 */

/**
 * @param {OverlayViewOptions} [opts]
 * @returns {(field: HTMLElement, session: { check: (text: string) => Promise<import('./index.js').Report> }) =>
 *   { overlay: ReturnType<typeof createFieldOverlay>, update: (report: import('./index.js').Report, fieldText: { text: string }) => void, dispose: () => void }}
 */
export function createOverlayView(opts = {}) {
  return (field, session) => {
    const profile = siteProfile(field.ownerDocument.location?.hostname || '', field);
    const overlay = createFieldOverlay({
      field,
      check: (text) => session.check(text),
      t: opts.t,
      postButtonSelectors: profile.postButtonSelectors,
      submitKeys: profile.submitKeys,
      pauseBeforePosting: opts.pauseBeforePosting ? opts.pauseBeforePosting() : true,
      disabledRules: opts.disabledRules ? opts.disabledRules() : [],
      onDisableRule: opts.onDisableRule ? (rule) => opts.onDisableRule?.(rule) : undefined,
      reminder: opts.reminder,
      onError: opts.onError,
      shadowMode: opts.shadowMode || 'closed',
      ...(opts.extra || {}),
    });
    return {
      overlay,
      update(report, fieldText) {
        overlay.setReport(report, fieldText.text);
      },
      dispose() {
        overlay.destroy();
      },
    };
  };
}
