/**
 * InSession overlay: underlines, explanation cards, the badge and panel with the
 * "Would I discuss this in session?" reminder, and pause-before-posting, for ONE field.
 *
 * Host-agnostic: it takes a check function, so the content script (real sites), the options
 * page tester and the test pages all use it the same way. Nothing is ever inserted into the
 * editor's DOM: underlines use the CSS Custom Highlight API (ranges over the editor's own text
 * nodes) or boxes in the overlay's shadow root; everything else lives in that shadow root,
 * whose host is appended to `document.documentElement`. Page text reaches the overlay only
 * through textContent.
 *
 * ```js
 * import { createFieldOverlay } from './overlay/index.js';
 * const overlay = createFieldOverlay({
 *   field,                                  // textarea | input | contenteditable root
 *   check: (text) => sendCheck(text),       // (text) => Promise<Report> (DEVELOPERS.md)
 *   t: (key, subs) => browser.i18n.getMessage('overlay_' + key, subs),  // optional
 *   onIgnore: (finding) => {},              // optional: user ignored this occurrence
 *   onDisableRule: (ruleId, finding) => {}, // optional: persist "Turn off this rule"; call
 *                                           //   overlay.refresh() once the config changed
 *                                           //   (high-risk rules ask in the card first)
 *   onEnableRule: (ruleId) => {},           // optional: persist its Undo (shown for undoMs)
 *   onChange: ({ risk, findings, report, text, stale }) => {},  // optional: every update
 *   reminder: { firstFocus: true, isDismissed: () => bool, dismiss: () => {} },  // optional
 *   pauseBeforePosting: true,               // default true (only ever pauses on 'high')
 *   postButtonSelectors: ['[data-testid="tweetButtonInline"]'],  // per site, optional
 *   submitKeys: ['Mod+Enter'],              // shortcuts that post from inside the field
 *                                           // (both per site: see siteProfile() in sites.js)
 *   shortcut: 'Alt+Shift+KeyI',             // opens the card at the caret, else the panel
 *   renderer: 'auto',                       // 'auto' | 'highlight' | 'boxes'
 *   shadowMode: 'closed',                   // 'open' for tests that inspect the overlay
 *   maxChars: 50000,                        // longer text: only the start is checked (said in UI)
 * });
 * overlay.update();          // re-read the field now (e.g. after the page set its value)
 * overlay.refresh();         // forget cached reports and check again (rules changed)
 * overlay.setReport(r, t);   // feed a report obtained elsewhere for text t (cached; drawn if
 *                            // t is the field's current text)
 * overlay.setOptions({ pauseBeforePosting: false });
 * overlay.risk; overlay.findings; overlay.report; overlay.text; overlay.renderer;
 * overlay.openPanel(); overlay.openCardAtCaret(); overlay.closeAll();
 * overlay.whenIdle();        // Promise: no check pending and the latest state rendered
 * overlay.destroy();
 * ```
 *
 * On real sites, `createOverlayView()` (view.js) wraps this as a view of the content script's
 * Session, with the per-site selectors of `siteProfile()` (sites.js).
 *
 * Keyboard: Alt+Shift+I in the field opens the card of the finding at the caret (else the
 * panel) and moves focus into it; Tab moves between its buttons; Escape closes it and returns
 * focus (and the caret) to the field. The badge is a button (Enter/Space open the panel).
 *
 * Timing: the field is re-read on every input/DOM mutation (synchronously, capped at maxChars);
 * a changed text is checked at once when nothing is in flight, else it becomes the one waiting
 * text (latest wins); reports are cached by text; drawing happens at most once per animation
 * frame; a field scrolled out of view is not read, checked or drawn until it is visible again.
 * Between an edit and its report, spans the edit touched are not drawn (findings.js).
 *
 * Pause before posting: while the field is rated high, a click/Enter on its post button
 * (host selectors, else Post/Tweet/Reply/Share/Comment/Publish/Send near the field), a submit
 * key in the field, or the submission of a form holding the field is stopped in the capture phase and a confirm card asks Edit / Post anyway.
 * "Post anyway" lets exactly one click through (a Ctrl/Cmd+Enter is replayed as a click on the
 * post button when one is found). With ok/caution nothing is stopped; only when the click
 * arrives before the latest text's check has answered is it held (up to `pendingWaitMs`) and
 * then let through or paused.
 */
import { readModel as readModelRaw, collapsesWhitespace, modelRange, selectSpan, selectionOffsets, isTextControl, DEFAULT_MAX_CHARS } from './textmodel.js';
import { adjustFindings, findingKey, effectiveRisk, bySeverityThenPosition, replacementOf } from './findings.js';
import { createCheckQueue, createFrameScheduler } from './scheduler.js';
import { acquireRoot, releaseRoot, announce } from './host.js';
import { supportsHighlights, createHighlightPainter, createBoxPainter } from './underlines.js';
import { createMirror } from './mirror.js';
import { visibleRect, placePopup, placeAround, overlaps } from './geometry.js';
import { detectTheme } from './theme.js';
import { makeStrings } from './strings.js';
import { replaceSpan } from './apply.js';
import { buttonInPath, isPostButton, findPostButton, keyMatcher } from './postguard.js';
import { h, buildBadge, buildCard, buildPanel, buildBubble, buildPause, buildUndo, buildReminder, highSummary } from './ui.js';

export { DEFAULT_STRINGS, messagesJson } from './strings.js';
export { readModel, modelRange, modelOffset, selectionOffsets } from './textmodel.js';
export { HOST_ATTR } from './host.js';
export { siteProfile } from './sites.js';

/**
 * @typedef {'ok'|'caution'|'high'} Risk
 * @typedef {{ start: number, end: number, text: string, kind: string }} Evidence
 * @typedef {object} Finding
 * @property {string} rule
 * @property {string} category
 * @property {'caution'|'high'} severity
 * @property {number} start     UTF-16 offset into the checked text
 * @property {number} end
 * @property {string} text
 * @property {string} message
 * @property {string|null} suggestion
 * @property {boolean} [replacement]  true: `suggestion` is text for the span (Apply); else advice
 * @property {string} source
 * @property {string[]} [sources]
 * @property {Evidence[]} [evidence]
 * @property {string} [key]     added by the overlay: identifies this occurrence (Ignore)
 * @typedef {{ risk: Risk, score?: number, truncated?: boolean, findings: Finding[] }} Report
 *
 * @typedef {object} OverlayOptions
 * @property {HTMLElement} field
 * @property {(text: string) => Promise<Report>} check
 * @property {import('./strings.js').Translate} [t]
 * @property {(finding: Finding) => void} [onIgnore]
 * @property {(ruleId: string, finding: Finding) => void} [onDisableRule]
 * @property {(ruleId: string) => void} [onEnableRule]   Undo of "Turn off this rule"
 * @property {number} [undoMs]   how long the Undo stays (default 10 s; longer while it has focus or the pointer)
 * @property {(finding: Finding, result: import('./apply.js').ApplyResult) => void} [onApply]
 * @property {(state: { risk: Risk, findings: Finding[], report: Report|null, text: string, stale: boolean }) => void} [onChange]
 * @property {(error: unknown) => void} [onError]
 * @property {(info: { at: number, ms: number, stale: boolean, textLength: number }) => void} [onRender]  diagnostics/benchmarks (ms: time spent drawing)
 * @property {{ firstFocus?: boolean, isDismissed?: () => boolean, dismiss?: () => void }} [reminder]
 * @property {boolean} [pauseBeforePosting]
 * @property {string[]} [postButtonSelectors]
 * @property {string[]} [submitKeys]
 * @property {string} [shortcut]
 * @property {'auto'|'highlight'|'boxes'} [renderer]
 * @property {'open'|'closed'} [shadowMode]
 * @property {number} [maxChars]
 * @property {string[]} [disabledRules]
 * @property {number} [pendingWaitMs]
 * @property {'auto'|'event'} [applyMethod]
 * @property {number} [hoverDelayMs]
 */

/** Reminder dismissal for this page when the host keeps none (hosts pass session storage). */
let pageReminderDismissed = false;

const RISK_RANK = { ok: 0, caution: 1, high: 2 };

/**
 * Attach the overlay to one field.
 * @param {OverlayOptions} options
 */
export function createFieldOverlay(options) {
  if (!options || !options.field || typeof options.check !== 'function') {
    throw new TypeError('createFieldOverlay: options.field (element) and options.check (function) are required');
  }
  /** @type {Required<Pick<OverlayOptions, 'pauseBeforePosting'|'postButtonSelectors'|'submitKeys'|'shortcut'|'renderer'|'shadowMode'|'maxChars'|'pendingWaitMs'|'applyMethod'|'hoverDelayMs'>> & OverlayOptions} */
  const o = {
    pauseBeforePosting: true, postButtonSelectors: [], submitKeys: ['Mod+Enter'], shortcut: 'Alt+Shift+KeyI',
    renderer: 'auto', shadowMode: 'closed', maxChars: DEFAULT_MAX_CHARS, pendingWaitMs: 1500, applyMethod: 'auto',
    hoverDelayMs: 250, undoMs: 10_000,
    ...options,
  };
  const field = o.field;
  const doc = field.ownerDocument;
  const view = /** @type {Window & typeof globalThis} */ (doc.defaultView);
  let S = makeStrings(o.t);
  const root = acquireRoot(doc, { shadowMode: o.shadowMode });
  const ui = h(doc, 'div', { class: 'fui', 'data-theme': 'light' });
  root.shadow.appendChild(ui);

  const isControl = isTextControl(field);
  const inShadowTree = field.getRootNode() !== doc;
  const useHighlights = !isControl && !inShadowTree && o.renderer !== 'boxes' && supportsHighlights(view);
  /** @type {ReturnType<typeof createHighlightPainter> | ReturnType<typeof createBoxPainter>} */
  let painter = useHighlights ? createHighlightPainter(doc) : createBoxPainter(ui);
  const mirror = isControl ? createMirror(ui) : null;

  /** The field's white-space mode, looked up once and again on focus (a style lookup can be costly). */
  /** @type {boolean|undefined} */
  let collapseWs;
  /** Read the field's model with the cached white-space mode. */
  const readModel = (/** @type {HTMLElement} */ el, /** @type {{ maxChars?: number }} */ opts) => {
    if (collapseWs === undefined && !isControl) collapseWs = collapsesWhitespace(field);
    return readModelRaw(el, { ...opts, collapseWhitespace: collapseWs });
  };

  // ---- state ---------------------------------------------------------------------------
  /** @type {import('./textmodel.js').TextModel|null} */
  let model = null;
  let text = '';
  /** @type {Report|null} */
  let report = null;
  /** @type {string|null} */
  let reportText = null;
  /** @type {Finding[]} */
  let shown = [];
  /** Findings the user ignored that are still in the text (not shown, still counted). @type {Finding[]} */
  let ignoredNow = [];
  /** @type {Risk} */
  let risk = 'ok';
  /** The risk the pause before posting acts on: ignoring a finding hides it, never lowers this. @type {Risk} */
  let holdRisk = 'ok';
  /** @type {Risk} */
  let announcedRisk = 'ok';
  /** @type {string|null} */
  let checkError = null;
  const ignored = new Set();
  const disabledRules = new Set(o.disabledRules || []);
  let visible = true;
  let textDirty = true;
  let destroyed = false;
  let focused = false;
  let theme = /** @type {'light'|'dark'} */ ('light');
  let reminderShownOnFocus = false;

  // popups: at most one of card/panel, plus the bubble and the pause card
  /** @type {{ el: HTMLElement, key: string, pinned: boolean, showError: (m: string) => void } | null} */
  let card = null;
  /** @type {HTMLElement|null} */
  let panel = null;
  /** @type {HTMLElement|null} */
  let bubble = null;
  /** @type {{ el: HTMLElement, action: PostAction } | null} */
  let pause = null;
  /** The Undo notice after "Turn off this rule". @type {{ el: HTMLElement, rule: string, timer: number } | null} */
  let undo = null;
  /** @type {{ start: number, end: number } | null} */
  let savedSelection = null;
  /** @type {{ el: Element, until: number } | null} */
  let allowOnce = null;
  let submitMatchers = o.submitKeys.map(keyMatcher);
  let shortcutMatcher = keyMatcher(o.shortcut);

  const badge = buildBadge(doc, (key, ...subs) => S(key, ...subs), () => (panel ? closePanel(true) : openPanel({ focus: true })));
  badge.el.hidden = true;
  ui.appendChild(badge.el);

  const queue = createCheckQueue({
    check: (t) => o.check(t),
    onResult: (t, r) => receive(t, r),
    onError: (err) => {
      checkError = String(/** @type {any} */ (err)?.message ?? err);
      o.onError?.(err);
      frame.schedule();
    },
  });
  const frame = createFrameScheduler(view, render);

  // ---- reading and checking ---------------------------------------------------------------
  /**
   * Re-read the field; on a text change, move the findings and ask for a check.
   * @param {boolean} [force]  read even when off screen
   */
  function readNow(force = false) {
    if (destroyed) return;
    if (!visible && !force) { textDirty = true; return; }
    textDirty = false;
    model = readModel(field, { maxChars: o.maxChars });
    if (model.text === text && report) return;
    const changed = model.text !== text;
    text = model.text;
    if (!text.trim()) {
      receive(text, { risk: 'ok', score: 0, truncated: false, findings: [] });
      return;
    }
    if (changed) recompute();
    queue.request(text);
  }

  /**
   * A report arrived (or came from the cache) for `t`.
   * @param {string} t
   * @param {Report} r
   */
  function receive(t, r) {
    checkError = null;
    const findings = Array.isArray(r.findings) ? r.findings : [];
    report = { ...r, findings: findings.map((f) => ({ ...f, key: findingKey(f, findings) })) };
    reportText = t;
    recompute();
  }

  /** Derive what is shown from the report, the current text, ignores and disabled rules. */
  function recompute() {
    const moved = report && reportText !== null ? adjustFindings(report.findings, reportText, text) : [];
    const live = moved.filter((f) => !disabledRules.has(f.rule)).sort((a, b) => a.start - b.start);
    shown = live.filter((f) => !ignored.has(f.key));
    ignoredNow = live.filter((f) => ignored.has(f.key));
    const stale = reportText !== text;
    risk = report ? effectiveRisk(report, shown) : 'ok';
    holdRisk = report ? effectiveRisk(report, live) : 'ok';
    if (card && !shown.some((f) => f.key === card?.key)) closeCard(false);
    if (risk !== announcedRisk) {
      if (risk === 'high') {
        const why = highReason();
        announce(root, S('announceHigh', why ? `${why.headline}. ${why.detail}` : S('riskHigh')));
        if (focused && !pause) showBubble(true);
      } else if (announcedRisk === 'high' && !stale) {
        announce(root, S(holdRisk === 'high' ? 'announceIgnored' : 'announceClear'));
      }
      if (!stale || risk === 'high') announcedRisk = risk;
    }
    if (panel) rebuildPanel(false); // placed in the next frame
    if (bubble && risk !== 'high' && bubble.dataset.kind === 'high') hideBubble();
    if (bubble && risk === 'high' && bubble.dataset.kind === 'high' && !stale) refreshBubble();
    try {
      o.onChange?.({ risk, findings: shown, report, text, stale });
    } catch (err) {
      o.onError?.(err);
    }
    frame.schedule();
  }

  /** The short reason of the first high finding, as the findings are now (shown on high). */
  function highReason() {
    const f = shown.find((x) => x.severity === 'high') || (risk === 'high' ? shown[0] : null);
    return f ? highSummary(f, S) : null;
  }

  /** The high finding that holds a post (ignored ones too: ignoring never lifts the pause). */
  function holdingFinding() {
    return shown.find((x) => x.severity === 'high') || ignoredNow.find((x) => x.severity === 'high')
      || (holdRisk === 'high' ? shown[0] || ignoredNow[0] : null) || null;
  }

  // ---- drawing ---------------------------------------------------------------------------------
  /** @type {{ f: Finding, rects: import('./geometry.js').Edges[] }[] | null} */
  let hitCache = null;

  /** Viewport rectangles of a finding as the field shows it now. */
  function findingRects(/** @type {Finding} */ f, sync = true) {
    if (!model) return [];
    if (model.kind === 'control') {
      return mirror ? mirror.rects(/** @type {any} */ (field), model.text, f.start, f.end, sync) : [];
    }
    const r = modelRange(model, f.start, f.end);
    if (!r) return [];
    return Array.from(r.getClientRects()).filter((b) => b.width > 0 || b.height > 0);
  }

  /**
   * The shown findings that intersect `clip`, with their rectangles. Findings are in text
   * order, so their vertical positions are too: two binary searches skip everything above and
   * below the visible part (a 1 MB paste has hundreds of findings, a few of them on screen).
   * @param {import('./geometry.js').Edges|null} clip
   */
  function visibleFindings(clip) {
    if (!clip || !shown.length) return [];
    if (mirror) mirror.sync(/** @type {any} */ (field));
    /** @type {Map<number, import('./geometry.js').Edges[]>} */
    const memo = new Map();
    const rectsAt = (/** @type {number} */ i) => {
      let r = memo.get(i);
      if (!r) { r = findingRects(shown[i], false); memo.set(i, r); }
      return r;
    };
    // first finding whose bottom reaches the clip's top
    let lo = 0;
    let hi = shown.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const r = rectsAt(mid);
      if (r.length && r[r.length - 1].bottom < clip.top) lo = mid + 1; else hi = mid;
    }
    const first = lo;
    // first finding whose top is below the clip's bottom
    lo = first;
    hi = shown.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const r = rectsAt(mid);
      if (!r.length || r[0].top <= clip.bottom) lo = mid + 1; else hi = mid;
    }
    const out = [];
    for (let i = first; i < lo; i++) {
      const rects = rectsAt(i);
      if (rects.some((b) => overlaps(b, clip))) out.push({ f: shown[i], rects });
    }
    return out;
  }

  function render() {
    if (destroyed) return;
    const started = view.performance.now();
    root.ensureAttached();
    hitCache = null;
    const clip = visible ? visibleRect(field) : null;
    if (!clip) {
      painter.clear();
      badge.el.hidden = true;
      if (!card?.pinned) closeCard(false);
      return;
    }
    // The DOM may have moved on since the last read (a mutation not yet delivered).
    if (model && model.kind === 'ce' && !modelFresh()) readNow();
    theme = detectTheme(field);
    ui.dataset.theme = theme;
    const activeKey = card ? card.key : null;
    if (painter.kind === 'highlight') {
      const items = [];
      for (const f of shown) {
        const range = model && model.kind === 'ce' ? modelRange(model, f.start, f.end) : null;
        if (range) items.push({ range, severity: f.severity, active: f.key === activeKey });
      }
      try {
        painter.paint(items, theme);
      } catch (err) {
        // The Highlight API exists but refuses us (e.g. from an isolated world): draw boxes.
        o.onError?.(err);
        painter.destroy();
        painter = createBoxPainter(ui);
        frame.schedule();
      }
    } else {
      hitCache = visibleFindings(clip);
      const items = hitCache.map(({ f, rects }) => ({ rects, severity: f.severity, active: f.key === activeKey }));
      /** @type {any} */ (painter).paint(items, clip);
    }
    placeBadge(clip);
    if (o.onRender) {
      const at = view.performance.now();
      o.onRender({ at, ms: at - started, stale: reportText !== text, textLength: text.length });
    }
    if (card) placeCard();
    if (panel) placeAt(panel, badgeRect(), 'above');
    if (bubble) placeBubble();
    if (pause) placePause();
    if (undo) placeUndo();
  }

  /** Is the model still describing the DOM (its text nodes unchanged)? */
  function modelFresh() {
    if (!model || model.kind !== 'ce') return true;
    for (const s of model.segments) {
      if (!s.node.isConnected || s.node.data.length !== s.end - s.start) return false;
    }
    return true;
  }

  function badgeStatus() {
    if (checkError && reportText !== text) return 'error';
    if (!report && text.trim()) return 'checking';
    return risk;
  }

  /** @param {import('./geometry.js').Edges} clip */
  function placeBadge(clip) {
    const show = focused || text.trim().length > 0 || !!panel;
    badge.el.hidden = !show;
    if (!show) return;
    badge.update(badgeStatus(), shown.length, ignoredNow.length);
    badge.el.setAttribute('aria-expanded', panel ? 'true' : 'false');
    const w = badge.el.offsetWidth || 30;
    const bh = badge.el.offsetHeight || 22;
    const r = field.getBoundingClientRect();
    let left;
    let top;
    if (r.height >= bh * 2) {
      left = Math.min(clip.right, r.right) - w - 6;
      top = Math.min(clip.bottom, r.bottom) - bh - 4;
    } else {
      left = r.right + 4;
      top = r.top + (r.height - bh) / 2;
    }
    badge.el.style.left = `${Math.round(left)}px`;
    badge.el.style.top = `${Math.round(top)}px`;
  }

  function badgeRect() {
    if (badge.el.hidden) return visibleRect(field) || field.getBoundingClientRect();
    return badge.el.getBoundingClientRect();
  }

  /**
   * Place a popup next to an anchor rectangle.
   * @param {HTMLElement} el
   * @param {import('./geometry.js').Edges} anchor
   * @param {'above'|'below'} prefer
   */
  function placeAt(el, anchor, prefer) {
    const vp = viewport();
    fitTo(el, vp);
    const p = placePopup(anchor, el.offsetWidth, el.offsetHeight, vp, prefer);
    el.style.left = `${p.left}px`;
    el.style.top = `${p.top}px`;
  }

  /**
   * The part of the window the page can show: innerWidth/innerHeight include the page's
   * scrollbars, so a popup placed against them ran under the scrollbar; the root element's
   * client size does not.
   */
  function viewport() {
    const de = doc.documentElement;
    const w = de && de.clientWidth > 0 ? Math.min(de.clientWidth, view.innerWidth) : view.innerWidth;
    const hgt = de && de.clientHeight > 0 && doc.compatMode !== 'BackCompat' ? Math.min(de.clientHeight, view.innerHeight) : view.innerHeight;
    return { width: w, height: hgt };
  }

  /** A popup never wider or taller than the visible area (8 px margins); it scrolls inside. */
  function fitTo(/** @type {HTMLElement} */ el, /** @type {{ width: number, height: number }} */ vp) {
    el.style.maxWidth = `${Math.max(160, Math.min(el.classList.contains('pause') ? 400 : 360, vp.width - 16))}px`;
    el.style.maxHeight = `${Math.max(120, vp.height - 16)}px`;
  }

  function placeCard() {
    if (!card) return;
    const f = shown.find((x) => x.key === card?.key);
    const rects = f ? findingRects(f) : [];
    const clip = visibleRect(field);
    const anchor = rects.find((r) => clip && overlaps(r, clip)) || clip || field.getBoundingClientRect();
    placeAt(card.el, anchor, 'below');
  }

  function placePause() {
    if (!pause) return;
    const btn = pause.action.el || postButton();
    const anchor = btn && btn.isConnected ? btn.getBoundingClientRect() : (visibleRect(field) || field.getBoundingClientRect());
    placeAt(pause.el, anchor, 'above');
  }

  /** @type {{ el: Element|null, at: number }} */
  let postButtonCache = { el: null, at: -Infinity };
  /** The field's post button (looked up at most once a second). */
  function postButton() {
    const now = Date.now();
    if (now - postButtonCache.at > 1000 || (postButtonCache.el && !postButtonCache.el.isConnected)) {
      postButtonCache = { el: findPostButton(field, o.postButtonSelectors), at: now };
    }
    return postButtonCache.el;
  }

  // ---- hover, click and keyboard on underlines ------------------------------------------------
  /** The shown finding under a viewport point, if any. */
  function findingAt(/** @type {number} */ x, /** @type {number} */ y) {
    if (!hitCache) hitCache = visibleFindings(visibleRect(field));
    const pad = 2;
    let best = null;
    for (const { f, rects } of hitCache) {
      for (const r of rects) {
        if (x >= r.left - pad && x <= r.right + pad && y >= r.top - pad && y <= r.bottom + pad + 2) {
          if (!best || RISK_RANK[f.severity] > RISK_RANK[best.severity]) best = f;
        }
      }
    }
    return best;
  }

  let hoverTimer = 0;
  let closeTimer = 0;
  let pointer = { x: -1, y: -1 };
  let hoverQueued = false;
  const onMouseMove = (/** @type {MouseEvent} */ e) => {
    pointer = { x: e.clientX, y: e.clientY };
    if (hoverQueued) return;
    hoverQueued = true;
    view.requestAnimationFrame(() => {
      hoverQueued = false;
      hoverCheck();
    });
  };
  function hoverCheck() {
    if (destroyed || pause) return;
    const f = findingAt(pointer.x, pointer.y);
    if (f) {
      view.clearTimeout(closeTimer);
      if (card && card.key === f.key) return;
      if (card?.pinned) return;
      view.clearTimeout(hoverTimer);
      hoverTimer = view.setTimeout(() => {
        const again = findingAt(pointer.x, pointer.y);
        if (again && again.key === f.key) openCard(f, { pinned: false, focus: false });
      }, o.hoverDelayMs);
    } else {
      view.clearTimeout(hoverTimer);
      if (card && !card.pinned) scheduleHoverClose();
    }
  }
  function scheduleHoverClose() {
    view.clearTimeout(closeTimer);
    closeTimer = view.setTimeout(() => { if (card && !card.pinned && !cardHovered) closeCard(false); }, 350);
  }
  let cardHovered = false;
  const onMouseLeave = () => {
    view.clearTimeout(hoverTimer);
    if (card && !card.pinned) scheduleHoverClose();
  };
  const onFieldClick = (/** @type {MouseEvent} */ e) => {
    const f = findingAt(e.clientX, e.clientY);
    if (f) openCard(f, { pinned: true, focus: false });
  };

  // ---- popups -----------------------------------------------------------------------------------
  function rememberSelection() {
    const m = readModel(field, { maxChars: o.maxChars });
    savedSelection = selectionOffsets(m);
  }

  /** Give focus back to the field with the caret where it was. */
  function restoreFocus() {
    if (destroyed) return;
    field.focus({ preventScroll: true });
    if (savedSelection) {
      const m = readModel(field, { maxChars: o.maxChars });
      const s = Math.min(savedSelection.start, m.text.length);
      const e = Math.min(savedSelection.end, m.text.length);
      const cur = selectionOffsets(m);
      if (!cur || cur.start !== s || cur.end !== e) selectSpan(m, s, e);
    }
  }

  /**
   * @param {Finding} f
   * @param {{ pinned: boolean, focus: boolean }} how
   */
  function openCard(f, how) {
    closeCard(false);
    closePanel(false);
    hideBubble();
    if (how.focus && !savedSelection) rememberSelection();
    const built = buildCard(doc, {
      finding: f,
      text,
      S,
      canApply: true,
      onApply: () => void applyFinding(f.key || ''),
      onIgnore: () => ignoreFinding(f.key || ''),
      onDisable: () => disableRule(f.key || ''),
      onClose: () => closeCard(true),
      onLayout: () => placeCard(),
    });
    built.el.addEventListener('pointerenter', () => { cardHovered = true; view.clearTimeout(closeTimer); });
    built.el.addEventListener('pointerleave', () => { cardHovered = false; if (card && !card.pinned) scheduleHoverClose(); });
    card = { el: built.el, key: f.key || '', pinned: how.pinned || how.focus, showError: built.showError };
    ui.appendChild(built.el);
    placeCard();
    frame.schedule(); // draws the active underline
    // on the title: the message is read first, and one Enter dismisses nothing
    if (how.focus) /** @type {HTMLElement|null} */ (built.el.querySelector('.title'))?.focus({ preventScroll: true });
  }

  /** @param {boolean} returnFocus */
  function closeCard(returnFocus) {
    if (!card) return;
    const hadFocus = card.el.contains(root.shadow.activeElement);
    card.el.remove();
    card = null;
    cardHovered = false;
    frame.schedule();
    if (returnFocus || hadFocus) restoreFocus();
    savedSelection = null;
  }

  /** @param {{ focus: boolean }} how */
  function openPanel(how) {
    closeCard(false);
    hideBubble();
    if (how.focus && !savedSelection) rememberSelection();
    rebuildPanel();
    if (how.focus) /** @type {HTMLElement|null} */ (panel?.querySelector('.list button, .head .x'))?.focus({ preventScroll: true });
  }

  /** @param {boolean} [place]  position it now (user actions); else the next frame does */
  function rebuildPanel(place = true) {
    const hadFocus = panel ? panel.contains(root.shadow.activeElement) : false;
    const old = panel;
    panel = buildPanel(doc, {
      findings: shown.slice().sort(bySeverityThenPosition),
      ignored: ignoredNow.slice().sort(bySeverityThenPosition),
      risk: badgeStatus(),
      S,
      highReason: risk === 'high' ? highReason() : null,
      truncatedAt: model && model.truncated ? o.maxChars : (report && report.truncated ? text.length : null),
      error: checkError,
      onPick: (f) => openCard(f, { pinned: true, focus: true }),
      onUnignore: (f) => unignoreFinding(f.key || ''),
      onClose: () => closePanel(true),
    });
    if (old) {
      panel.style.left = old.style.left;
      panel.style.top = old.style.top;
      old.replaceWith(panel);
    } else ui.appendChild(panel);
    if (place) placeAt(panel, badgeRect(), 'above');
    badge.el.setAttribute('aria-expanded', 'true');
    if (hadFocus) /** @type {HTMLElement|null} */ (panel.querySelector('.head .x'))?.focus({ preventScroll: true });
  }

  /** @param {boolean} returnFocus */
  function closePanel(returnFocus) {
    if (!panel) return;
    const hadFocus = panel.contains(root.shadow.activeElement);
    panel.remove();
    panel = null;
    badge.el.setAttribute('aria-expanded', 'false');
    if (returnFocus || hadFocus) restoreFocus();
    savedSelection = null;
  }

  /** @param {boolean} high  show the high variant (with the reason) */
  function showBubble(high) {
    hideBubble();
    const rem = o.reminder || {};
    bubble = buildBubble(doc, {
      S,
      highReason: high ? highReason() : null,
      dismissible: !high,
      onDismiss: () => {
        if (rem.dismiss) rem.dismiss(); else pageReminderDismissed = true;
        hideBubble();
      },
      onClose: () => hideBubble(),
      onDetails: () => openPanel({ focus: true }),
    });
    bubble.dataset.kind = high ? 'high' : 'first-focus';
    // placed (and shown) by the next frame: measuring now could force a layout in the middle
    // of the user's typing (a 1 MB paste costs the browser 100+ ms to lay out)
    bubble.style.visibility = 'hidden';
    ui.appendChild(bubble);
    frame.schedule();
  }

  /** Next to the field, never over the text being written or the site's post button. */
  function placeBubble() {
    if (!bubble) return;
    const fieldRect = visibleRect(field) || field.getBoundingClientRect();
    const avoid = [fieldRect];
    const btn = postButton();
    if (btn) avoid.push(btn.getBoundingClientRect());
    const vp = viewport();
    fitTo(bubble, vp);
    bubble.style.width = '';
    const w = bubble.offsetWidth;
    let p = placeAround(fieldRect, w, bubble.offsetHeight, vp, avoid);
    if (p.width < w) {
      // a narrower bubble is taller: place again with its real height
      bubble.style.width = `${p.width}px`;
      p = placeAround(fieldRect, p.width, bubble.offsetHeight, vp, avoid);
    }
    bubble.style.left = `${p.left}px`;
    bubble.style.top = `${p.top}px`;
    bubble.style.visibility = '';
  }

  /** The high bubble says what the findings say now: its reminder is rebuilt when that changed. */
  function refreshBubble() {
    const old = bubble?.querySelector('.reminder');
    if (!bubble || !old) return;
    const fresh = buildReminder(doc, S, highReason());
    if (fresh.textContent === old.textContent) return;
    old.replaceWith(fresh);
    frame.schedule(); // its size may have changed: placed again in the next frame
  }

  function hideBubble() {
    bubble?.remove();
    bubble = null;
  }
  function reminderDismissed() {
    const rem = o.reminder || {};
    try { return rem.isDismissed ? !!rem.isDismissed() : pageReminderDismissed; } catch { return false; }
  }

  // ---- actions ----------------------------------------------------------------------------------
  /** @param {string} key */
  async function applyFinding(key) {
    const f = shown.find((x) => x.key === key);
    const c = card;
    const replacement = f ? replacementOf(f) : null;
    if (!f || replacement === null) return;
    const result = await replaceSpan({
      field, start: f.start, end: f.end, expected: f.text, replacement, maxChars: o.maxChars, method: o.applyMethod,
    });
    if (result.ok) {
      if (card === c) {
        card?.el.remove();
        card = null;
      }
      savedSelection = null;
      readNow(true);
    } else if (card === c && card) {
      card.showError(S('applyFailed'));
    } else {
      announce(root, S('applyFailed'));
    }
    try { o.onApply?.(f, result); } catch (err) { o.onError?.(err); }
  }

  /** @param {string} key */
  function ignoreFinding(key) {
    const f = shown.find((x) => x.key === key);
    if (!f) return;
    ignored.add(key);
    closeCard(true);
    recompute();
    try { o.onIgnore?.(f); } catch (err) { o.onError?.(err); }
  }

  /** Show an ignored finding again (from the panel's "Ignored" list). @param {string} key */
  function unignoreFinding(key) {
    if (!ignored.delete(key)) return;
    recompute();
    // recompute rebuilt the panel; keep the keyboard in it
    /** @type {HTMLElement|null} */ (panel?.querySelector(`.list button[data-finding="${CSS.escape(key)}"], .head .x`))?.focus({ preventScroll: true });
  }

  /** @param {string} key */
  function disableRule(key) {
    const f = shown.find((x) => x.key === key);
    if (!f) return;
    disabledRules.add(f.rule);
    if (!savedSelection) rememberSelection();
    const keepSelection = savedSelection;
    closeCard(false);
    savedSelection = keepSelection;
    recompute();
    try { o.onDisableRule?.(f.rule, f); } catch (err) { o.onError?.(err); }
    showUndo(f.rule, f.title || S('cardTitle'));
  }

  /** The Undo notice for a rule just turned off; focus goes to Undo. */
  function showUndo(/** @type {string} */ rule, /** @type {string} */ title) {
    hideUndo(false);
    const el = buildUndo(doc, {
      S,
      title,
      onUndo: () => enableRule(rule),
      onClose: () => hideUndo(true),
    });
    undo = { el, rule, timer: 0 };
    ui.appendChild(el);
    placeUndo();
    /** @type {HTMLElement|null} */ (el.querySelector('[data-action="undo"]'))?.focus({ preventScroll: true });
    armUndoTimer();
    // stays while the pointer or the keyboard is on it
    el.addEventListener('pointerenter', () => view.clearTimeout(undo?.timer));
    el.addEventListener('pointerleave', armUndoTimer);
    el.addEventListener('focusin', () => view.clearTimeout(undo?.timer));
    el.addEventListener('focusout', armUndoTimer);
  }
  function armUndoTimer() {
    if (!undo) return;
    const u = undo;
    view.clearTimeout(u.timer);
    u.timer = view.setTimeout(() => { if (undo === u && !u.el.contains(root.shadow.activeElement)) hideUndo(false); }, o.undoMs);
  }
  /** @param {boolean} returnFocus */
  function hideUndo(returnFocus) {
    if (!undo) return;
    const hadFocus = undo.el.contains(root.shadow.activeElement);
    view.clearTimeout(undo.timer);
    undo.el.remove();
    undo = null;
    if (returnFocus || hadFocus) restoreFocus();
    savedSelection = null;
  }
  function placeUndo() {
    if (undo) placeAt(undo.el, badgeRect(), 'above');
  }

  /** Undo of "Turn off this rule": the rule counts again here and in the host's settings. */
  function enableRule(/** @type {string} */ rule) {
    disabledRules.delete(rule);
    hideUndo(true);
    recompute();
    try { o.onEnableRule?.(rule); } catch (err) { o.onError?.(err); }
  }

  // ---- pause before posting -------------------------------------------------------------------
  /** @typedef {{ kind: 'click'|'key'|'submit', el: Element|null, key?: KeyboardEventInit, target?: EventTarget|null, form?: HTMLFormElement }} PostAction */

  /** The risk of the text as it is now, if known without waiting. */
  function currentRiskNow() {
    readNow(true);
    if (reportText === text) return holdRisk;
    const hit = queue.cached(text);
    if (hit) { receive(text, hit); return holdRisk; }
    return null;
  }

  /**
   * Decide about a post action; returns true if it was stopped.
   * @param {Event} e
   * @param {PostAction} action
   */
  function guard(e, action) {
    if (pause) { stop(e); return true; }
    const now = currentRiskNow();
    if (now === 'high') {
      stop(e);
      showPause(action);
      return true;
    }
    if (now !== null) return false;
    // The latest text has not been checked yet (the click came within the check's few ms):
    // hold this one action until it has, then pause or let it through.
    stop(e);
    const t = text;
    void queue.waitFor(t, o.pendingWaitMs).then(() => {
      if (destroyed) return;
      const later = currentRiskNow();
      if (later === 'high' || (later === null && holdRisk === 'high')) showPause(action);
      else replay(action);
    });
    return true;
  }

  /** @param {Event} e */
  function stop(e) {
    e.preventDefault();
    e.stopImmediatePropagation();
  }

  /** @param {PostAction} action */
  function showPause(action) {
    closeCard(false);
    closePanel(false);
    hideBubble();
    if (!savedSelection) rememberSelection();
    const holding = holdingFinding();
    const el = buildPause(doc, {
      S,
      reason: holding ? highSummary(holding, S) : { headline: S('riskHigh'), detail: '' },
      ignored: !!holding && ignored.has(holding.key),
      onEdit: () => closePause(true),
      onPost: () => {
        closePause(false);
        replay(action);
      },
    });
    pause = { el, action };
    ui.appendChild(el);
    placePause();
    /** @type {HTMLElement|null} */ (el.querySelector('[data-action="edit"]'))?.focus({ preventScroll: true });
  }

  /** @param {boolean} returnFocus */
  function closePause(returnFocus) {
    if (!pause) return;
    pause.el.remove();
    pause = null;
    if (returnFocus) restoreFocus();
    savedSelection = null;
  }

  /**
   * Let a post action through once.
   * @param {PostAction} action
   */
  function replay(action) {
    // the submit event that follows a let-through click must not be held again
    allowSubmitUntil = Date.now() + 1000;
    if (action.kind === 'submit' && action.form && !action.el) {
      action.form.requestSubmit();
      return;
    }
    const btn = action.el && action.el.isConnected ? action.el : findPostButton(field, o.postButtonSelectors);
    if (btn) {
      allowOnce = { el: btn, until: Date.now() + 1000 };
      /** @type {HTMLElement} */ (btn).click();
      allowOnce = null;
      return;
    }
    if (action.kind === 'key' && action.key) {
      restoreFocus();
      allowKey = Date.now() + 1000;
      const target = action.target instanceof Node && action.target.isConnected ? action.target : field;
      const ev = new KeyboardEvent('keydown', { ...action.key, bubbles: true, cancelable: true, composed: true });
      // Editors built on keyCode (Draft.js) need it; visible to same-world listeners only.
      try {
        Object.defineProperty(ev, 'keyCode', { get: () => 13 });
        Object.defineProperty(ev, 'which', { get: () => 13 });
      } catch { /* read-only in this engine */ }
      target.dispatchEvent(ev);
      allowKey = 0;
    }
  }
  let allowKey = 0;
  let allowSubmitUntil = 0;

  /** A form holding the field is submitted (Enter in an input, a submit button we missed). */
  const onSubmitCapture = (/** @type {SubmitEvent} */ e) => {
    if (!o.pauseBeforePosting || destroyed || Date.now() < allowSubmitUntil) return;
    const form = /** @type {HTMLFormElement} */ (e.target);
    if (!(form instanceof view.HTMLFormElement) || !form.contains(field)) return;
    guard(e, { kind: 'submit', el: e.submitter || null, form });
  };

  const onClickCapture = (/** @type {MouseEvent} */ e) => {
    if (!o.pauseBeforePosting || destroyed) return;
    if (e.composedPath().includes(root.host)) return;
    const btn = buttonInPath(e);
    if (!btn) return;
    if (allowOnce && allowOnce.el === btn && Date.now() < allowOnce.until) { allowOnce = null; return; }
    if (!isPostButton(field, btn, o.postButtonSelectors)) return;
    guard(e, { kind: 'click', el: btn });
  };

  const onKeyDownCapture = (/** @type {KeyboardEvent} */ e) => {
    if (destroyed) return;
    const path = e.composedPath();
    if (path.includes(root.host)) return;
    const inField = path.includes(field);
    if (inField && shortcutMatcher(e)) {
      stop(e);
      openCardAtCaret();
      return;
    }
    if (inField && e.key === 'Escape' && (card || panel || bubble)) {
      // our popup goes first; the site's own Escape (closing its dialog) comes next time
      stop(e);
      closeCard(false);
      closePanel(false);
      hideBubble();
      return;
    }
    if (!o.pauseBeforePosting) return;
    if (inField && !e.isComposing && submitMatchers.some((m) => m(e))) {
      if (allowKey && Date.now() < allowKey) return;
      guard(e, {
        kind: 'key', el: null, target: path[0] || null,
        key: { key: e.key, code: e.code, ctrlKey: e.ctrlKey, metaKey: e.metaKey, shiftKey: e.shiftKey, altKey: e.altKey },
      });
      return;
    }
    if ((e.key === 'Enter' || e.key === ' ') && !e.ctrlKey && !e.metaKey && !e.altKey) {
      const btn = buttonInPath(e);
      // native buttons turn Enter/Space into a click, which the click guard sees
      if (btn && btn.localName !== 'button' && btn.localName !== 'input' && isPostButton(field, btn, o.postButtonSelectors)) {
        guard(e, { kind: 'click', el: btn });
      }
    }
  };

  function openCardAtCaret() {
    rememberSelection();
    const caret = savedSelection ? savedSelection.start : -1;
    const here = shown.filter((f) => caret >= f.start && caret <= f.end).sort(bySeverityThenPosition)[0];
    if (here) openCard(here, { pinned: true, focus: true });
    else openPanel({ focus: true });
  }

  // ---- events -------------------------------------------------------------------------------------
  const onInput = () => readNow();
  const onFocus = () => {
    focused = true;
    collapseWs = undefined;
    if (textDirty || !model) readNow();
    if (!reminderShownOnFocus && (o.reminder?.firstFocus ?? true) && !reminderDismissed()) {
      reminderShownOnFocus = true;
      showBubble(false);
    }
    frame.schedule();
  };
  const onBlur = () => {
    focused = false;
    view.setTimeout(() => {
      if (destroyed) return;
      const active = doc.activeElement;
      // focus moved into our own UI: keep the bubble
      if (active !== root.host && bubble && bubble.dataset.kind !== 'high') hideBubble();
      frame.schedule();
    }, 0);
  };
  const onUiKeyDown = (/** @type {KeyboardEvent} */ e) => {
    if (e.key === 'Tab' && !e.altKey && !e.ctrlKey && !e.metaKey) { tabWithin(e); return; }
    if (e.key !== 'Escape') return;
    e.stopPropagation();
    if (pause) closePause(true);
    else if (undo && undo.el.contains(root.shadow.activeElement)) hideUndo(true);
    else if (card) closeCard(true);
    else if (panel) closePanel(true);
    else if (bubble) { hideBubble(); restoreFocus(); }
  };
  /**
   * Tab and Shift+Tab move between the buttons of the open popup, from its title too, and wrap
   * (the browsers differ on where sequential focus goes from a tabindex=-1 element inside a
   * shadow root; Firefox leaves it). Escape is the way out.
   * @param {KeyboardEvent} e
   */
  function tabWithin(e) {
    const active = /** @type {HTMLElement|null} */ (root.shadow.activeElement);
    const pop = active?.closest('.pop');
    if (!pop) return;
    const items = /** @type {HTMLElement[]} */ (Array.from(pop.querySelectorAll('button:not([disabled]), [tabindex="0"]')))
      .filter((el) => el.getClientRects().length > 0);
    if (!items.length) return;
    e.preventDefault();
    const i = items.indexOf(/** @type {HTMLElement} */ (active));
    const next = i < 0 ? (e.shiftKey ? items.length - 1 : 0) : (i + (e.shiftKey ? -1 : 1) + items.length) % items.length;
    items[next].focus({ preventScroll: true });
  }
  const onDocPointerDown = (/** @type {PointerEvent} */ e) => {
    if (e.composedPath().includes(root.host)) return;
    if (card && card.pinned && !(e.composedPath().includes(field) && findingAt(e.clientX, e.clientY))) closeCard(false);
    if (panel) closePanel(false);
  };
  const onLayout = () => frame.schedule();
  let pollTimer = 0;

  const mo = isControl ? null : new MutationObserver(() => readNow());
  mo?.observe(field, { childList: true, characterData: true, subtree: true });
  const ro = typeof ResizeObserver === 'function' ? new view.ResizeObserver(onLayout) : null;
  ro?.observe(field);
  const io = typeof IntersectionObserver === 'function'
    ? new view.IntersectionObserver((entries) => {
      const last = entries[entries.length - 1];
      const was = visible;
      visible = last.isIntersecting;
      if (visible && (textDirty || !was)) readNow();
      frame.schedule();
    }, { rootMargin: '200px' })
    : null;
  io?.observe(field);

  field.addEventListener('input', onInput);
  field.addEventListener('focus', onFocus);
  field.addEventListener('blur', onBlur);
  field.addEventListener('mousemove', onMouseMove, { passive: true });
  field.addEventListener('mouseleave', onMouseLeave, { passive: true });
  field.addEventListener('click', onFieldClick);
  ui.addEventListener('keydown', onUiKeyDown);
  view.addEventListener('click', onClickCapture, true);
  view.addEventListener('keydown', onKeyDownCapture, true);
  view.addEventListener('submit', onSubmitCapture, true);
  doc.addEventListener('pointerdown', onDocPointerDown, true);
  doc.addEventListener('scroll', onLayout, { capture: true, passive: true });
  view.addEventListener('resize', onLayout, { passive: true });
  const mql = view.matchMedia ? view.matchMedia('(prefers-color-scheme: dark)') : null;
  mql?.addEventListener?.('change', onLayout);
  doc.fonts?.addEventListener?.('loadingdone', onLayout);
  if (isControl) {
    // pages that set `value` from script fire no event: look while the field has focus
    pollTimer = view.setInterval(() => {
      if (focused && /** @type {HTMLTextAreaElement} */ (field).value.slice(0, o.maxChars) !== text) readNow();
    }, 500);
  }
  // attached to a field that already has focus (the host found it late): as if it just got it
  if (doc.activeElement === field || field.contains(doc.activeElement)) onFocus();
  else readNow();
  frame.schedule();

  // ---- API --------------------------------------------------------------------------------------
  const api = {
    get field() { return field; },
    get text() { return text; },
    get report() { return report; },
    get risk() { return risk; },
    get findings() { return shown.slice(); },
    /** Findings the user ignored that are still in the text. */
    get ignored() { return ignoredNow.slice(); },
    /** The risk the pause before posting acts on (ignored findings included). */
    get holdRisk() { return holdRisk; },
    get renderer() { return painter.kind; },
    get stale() { return reportText !== text; },
    /** Re-read the field now. */
    update() { readNow(true); frame.schedule(); },
    /** Forget cached reports and check again (after the rules or settings changed). */
    refresh() { queue.clear(); report = null; reportText = null; text = ''; readNow(true); },
    /**
     * Use a report obtained elsewhere for `forText` (default: the current text).
     * @param {Report} r
     * @param {string} [forText]
     */
    setReport(r, forText) {
      const t = forText ?? text;
      queue.put(t, r);
      // never replace the current text's report with one for another (older) text
      if (t === text || !report) receive(t, r);
    },
    /** @param {Partial<OverlayOptions>} patch */
    setOptions(patch) {
      Object.assign(o, patch);
      if (patch.t) S = makeStrings(patch.t);
      if (patch.submitKeys) submitMatchers = patch.submitKeys.map(keyMatcher);
      if (patch.shortcut) shortcutMatcher = keyMatcher(patch.shortcut);
      if (patch.disabledRules) { disabledRules.clear(); for (const r of patch.disabledRules) disabledRules.add(r); recompute(); }
      if (patch.check) api.refresh();
      frame.schedule();
    },
    openPanel: () => openPanel({ focus: true }),
    openCardAtCaret,
    /** Open the card of the i-th shown finding (in text order). */
    openCard: (/** @type {number} */ i) => { const f = shown[i]; if (f) openCard(f, { pinned: true, focus: true }); },
    closeAll() { closePause(false); closeCard(false); closePanel(false); hideBubble(); hideUndo(false); },
    /** Viewport rectangles of the underlines as drawn now (tests, diagnostics). */
    underlineRects() {
      return shown.map((f) => ({ key: f.key, severity: f.severity, start: f.start, end: f.end, rects: findingRects(f).map((r) => ({ left: r.left, top: r.top, right: r.right, bottom: r.bottom })) }));
    },
    /** Resolves once no check is pending for the current text and the result is drawn. */
    async whenIdle(timeoutMs = 3000) {
      const until = Date.now() + timeoutMs;
      while (Date.now() < until) {
        if (!destroyed && !queue.busy() && reportText === text && !textDirty) break;
        await new Promise((r) => view.setTimeout(r, 5));
      }
      await new Promise((r) => view.requestAnimationFrame(() => r(undefined)));
      await new Promise((r) => view.requestAnimationFrame(() => r(undefined)));
    },
    destroy() {
      if (destroyed) return;
      destroyed = true;
      frame.cancel();
      queue.dispose();
      mo?.disconnect();
      ro?.disconnect();
      io?.disconnect();
      view.clearInterval(pollTimer);
      view.clearTimeout(hoverTimer);
      view.clearTimeout(closeTimer);
      if (undo) view.clearTimeout(undo.timer);
      field.removeEventListener('input', onInput);
      field.removeEventListener('focus', onFocus);
      field.removeEventListener('blur', onBlur);
      field.removeEventListener('mousemove', onMouseMove);
      field.removeEventListener('mouseleave', onMouseLeave);
      field.removeEventListener('click', onFieldClick);
      view.removeEventListener('click', onClickCapture, true);
      view.removeEventListener('keydown', onKeyDownCapture, true);
      view.removeEventListener('submit', onSubmitCapture, true);
      doc.removeEventListener('pointerdown', onDocPointerDown, true);
      doc.removeEventListener('scroll', onLayout, true);
      view.removeEventListener('resize', onLayout);
      mql?.removeEventListener?.('change', onLayout);
      doc.fonts?.removeEventListener?.('loadingdone', onLayout);
      painter.destroy();
      mirror?.destroy();
      ui.remove();
      releaseRoot(root);
    },
  };
  return api;
}
