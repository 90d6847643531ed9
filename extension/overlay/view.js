/**
 * The overlay as a view of the content script's Session (extension/content/session.js: a view
 * factory `(field, session) => { update, dispose }`).
 *
 * Why it exists: the content script wires the overlay into real sites with one line,
 * `const VIEWS = [createOverlayView({ … })]`, instead of re-deriving site selectors, strings and
 * settings itself. The overlay is the one source of checks for its field: it checks on every
 * input (through `session.check`, i.e. the background) and tells the Session the state of the
 * field's current text through `session.publish` (the Session writes the test hook from it), so
 * a text is checked once. Reports obtained elsewhere can still be fed in with `update` (cached;
 * a text is never drawn from an older report than either side has).
 */
import { createFieldOverlay } from './index.js';
import { siteProfile } from './sites.js';
import { isTextControl } from './textmodel.js';

/**
 * @typedef {{ risk: import('./index.js').Risk, findings: import('./index.js').Finding[], report: import('./index.js').Report|null, text: string, stale: boolean }} OverlayState
 *
 * @typedef {object} OverlayViewOptions
 * @property {import('./strings.js').Translate} [t]        e.g. (k, s) => browser.i18n.getMessage('overlay_' + k, s)
 * @property {() => boolean} [pauseBeforePosting]          read when a field is attached (default true)
 * @property {() => string[]} [disabledRules]              rules the user turned off (config.disabled_rules)
 * @property {(ruleId: string) => void} [onDisableRule]     persist "Turn off this rule" (setSettings)
 * @property {(ruleId: string) => void} [onEnableRule]      persist its Undo (setSettings)
 * @property {{ firstFocus?: boolean, isDismissed?: () => boolean, dismiss?: () => void }} [reminder]
 *           the first-focus reminder is only ever shown for compose boxes (textarea,
 *           contenteditable), never for single-line inputs
 * @property {(error: unknown) => void} [onError]
 * @property {'open'|'closed'} [shadowMode]                 'open' only for test builds
 * @property {Partial<import('./index.js').OverlayOptions>} [extra]  anything else, passed through
 */

/**
 * @typedef {object} ViewSession  What the view needs from its Session.
 * @property {(text: string) => Promise<import('./index.js').Report>} check
 * @property {(state: OverlayState) => void} [publish]   the field's state after every change
 */

/**
 * @param {OverlayViewOptions} [opts]
 * @returns {(field: HTMLElement, session: ViewSession) =>
 *   { overlay: ReturnType<typeof createFieldOverlay>, update: (report: import('./index.js').Report, fieldText: { text: string }) => void, dispose: () => void }}
 */
export function createOverlayView(opts = {}) {
  return (field, session) => {
    const profile = siteProfile(field.ownerDocument.location?.hostname || '', field);
    const single = isTextControl(field) && field.localName === 'input';
    const reminder = opts.reminder ? { ...opts.reminder, firstFocus: single ? false : (opts.reminder.firstFocus ?? true) } : (single ? { firstFocus: false } : undefined);
    const extra = opts.extra || {};
    const overlay = createFieldOverlay({
      field,
      check: (text) => session.check(text),
      t: opts.t,
      postButtonSelectors: profile.postButtonSelectors,
      submitKeys: profile.submitKeys,
      pauseBeforePosting: opts.pauseBeforePosting ? opts.pauseBeforePosting() : true,
      disabledRules: opts.disabledRules ? opts.disabledRules() : [],
      onDisableRule: opts.onDisableRule ? (rule) => opts.onDisableRule?.(rule) : undefined,
      onEnableRule: opts.onEnableRule ? (rule) => opts.onEnableRule?.(rule) : undefined,
      reminder,
      onError: opts.onError,
      shadowMode: opts.shadowMode || 'closed',
      ...extra,
      onChange: (state) => {
        session.publish?.(state);
        extra.onChange?.(state);
      },
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
