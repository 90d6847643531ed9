/**
 * Attaches the overlay to a fixture page's editor with the fake check, for the standalone
 * browser tests. Loaded as a same-origin module (CSP script-src 'self'). Options come from
 * window.__harnessConfig (set by the test before loading this):
 *   { renderer, pauseBeforePosting, applyMethod, useHostSelectors, firstFocus, recordRenders }
 * Exposes window.__overlay (the API), window.__makeOverlay(extra) (recreate it), and
 * window.__overlayEvents (what the host callbacks heard); window.__onRender(info), if set, is
 * called after every overlay frame (benchmarks).
 */
import { createFieldOverlay } from '../../extension/overlay/index.js';
import { fakeCheck } from './fake-check.js';

const w = /** @type {any} */ (window);
const cfg = w.__harnessConfig || {};
const fx = w.__fixture;
const field = document.querySelector(fx.fieldSelector);
if (!field) throw new Error(`harness: field ${fx.fieldSelector} not found`);
w.__overlayEvents = [];
w.__renders = [];
let dismissed = false;
/** (Re)create the overlay, e.g. to simulate the next page of the same browsing session. */
w.__makeOverlay = (extra = {}) => {
  if (w.__overlay) w.__overlay.destroy();
  w.__overlay = createFieldOverlay({
    field,
    check: fakeCheck,
    shadowMode: 'open',
    renderer: cfg.renderer || 'auto',
    pauseBeforePosting: cfg.pauseBeforePosting ?? true,
    postButtonSelectors: cfg.useHostSelectors === false ? [] : [fx.postButtonSelector],
    applyMethod: cfg.applyMethod || 'auto',
    reminder: { firstFocus: cfg.firstFocus ?? true, isDismissed: () => dismissed, dismiss: () => { dismissed = true; } },
    onIgnore: (f) => w.__overlayEvents.push({ type: 'ignore', rule: f.rule, text: f.text }),
    onDisableRule: (rule) => w.__overlayEvents.push({ type: 'disableRule', rule }),
    onEnableRule: (rule) => w.__overlayEvents.push({ type: 'enableRule', rule }),
    onApply: (f, r) => w.__overlayEvents.push({ type: 'apply', rule: f.rule, ok: r.ok, method: r.method, error: r.error }),
    onError: (e) => w.__overlayEvents.push({ type: 'error', message: String(e && e.message || e) }),
    onRender: (info) => { if (cfg.recordRenders) w.__renders.push(info); if (w.__onRender) w.__onRender(info); },
    ...extra,
  });
  return w.__overlay;
};
w.__makeOverlay();
w.__overlayReady = true;
