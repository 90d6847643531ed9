/**
 * The overlay's CSS: one sheet for its own shadow root (badge, cards, panel, fallback
 * underline boxes) and one tiny sheet for the page document holding only the
 * `::highlight(insession-…)` rules the CSS Custom Highlight API needs (those rules must be in a
 * stylesheet of the tree that contains the text; they match nothing but our highlight names).
 *
 * Why it exists: colours are chosen once, here, to meet WCAG AA (4.5:1 for text, 3:1 for
 * underlines and focus rings) on white and on the dark themes sites use. High and caution
 * differ by more than colour: solid + tinted vs dotted underline, filled vs outlined badge,
 * "!!" vs "!" and the written severity in every card.
 */

/** Highlight names registered in CSS.highlights (one document-wide registry). */
export const HIGHLIGHT_NAMES = Object.freeze({
  high: 'insession-high',
  caution: 'insession-caution',
  highDark: 'insession-high-dark',
  cautionDark: 'insession-caution-dark',
  active: 'insession-active',
});

export const PAGE_CSS = `
::highlight(insession-high) { background-color: rgba(198, 40, 40, 0.14); text-decoration-line: underline; text-decoration-style: solid; text-decoration-color: #c62828; text-decoration-thickness: 2px; text-decoration-skip-ink: none; }
::highlight(insession-caution) { text-decoration-line: underline; text-decoration-style: dotted; text-decoration-color: #b45309; text-decoration-thickness: 2px; text-decoration-skip-ink: none; }
::highlight(insession-high-dark) { background-color: rgba(255, 107, 107, 0.20); text-decoration-line: underline; text-decoration-style: solid; text-decoration-color: #ff6b6b; text-decoration-thickness: 2px; text-decoration-skip-ink: none; }
::highlight(insession-caution-dark) { text-decoration-line: underline; text-decoration-style: dotted; text-decoration-color: #fbbf24; text-decoration-thickness: 2px; text-decoration-skip-ink: none; }
::highlight(insession-active) { background-color: rgba(37, 99, 235, 0.22); }
`;

export const SHADOW_CSS = `
:host { all: initial; }
.fui {
  --is-bg: #ffffff; --is-fg: #1f2937; --is-muted: #4b5563; --is-border: #9ca3af;
  --is-high: #b91c1c; --is-high-bg: #fef2f2; --is-high-fill: #b91c1c; --is-high-on: #ffffff;
  --is-caution: #92400e; --is-caution-bg: #fffbeb; --is-caution-fill: #fef3c7;
  --is-accent: #1d4ed8; --is-accent-on: #ffffff; --is-focus: #1d4ed8;
  --is-mark-bg: #fde68a; --is-mark-fg: #1f2937;
  --u-high: #c62828; --u-high-bg: rgba(198, 40, 40, 0.14); --u-caution: #b45309; --u-active: rgba(37, 99, 235, 0.22);
  position: fixed; top: 0; left: 0; width: 0; height: 0; overflow: visible;
  font: 13px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif;
  color: var(--is-fg); direction: ltr; text-align: left; letter-spacing: normal; text-transform: none;
}
.fui[data-theme="dark"] {
  --is-bg: #111827; --is-fg: #f3f4f6; --is-muted: #d1d5db; --is-border: #6b7280;
  --is-high: #fca5a5; --is-high-bg: #3b1212; --is-high-fill: #fca5a5; --is-high-on: #111827;
  --is-caution: #fcd34d; --is-caution-bg: #33270a; --is-caution-fill: #33270a;
  --is-accent: #93c5fd; --is-accent-on: #111827; --is-focus: #93c5fd;
  --is-mark-bg: #854d0e; --is-mark-fg: #fef3c7;
  --u-high: #ff6b6b; --u-high-bg: rgba(255, 107, 107, 0.20); --u-caution: #fbbf24; --u-active: rgba(147, 197, 253, 0.28);
}
.layer { position: fixed; overflow: hidden; pointer-events: none; }
.mirror { position: fixed; visibility: hidden; pointer-events: none; overflow: hidden; contain: strict; }
.u { position: absolute; pointer-events: none; box-sizing: border-box; }
.u.high { border-bottom: 2px solid var(--u-high); background: var(--u-high-bg); }
.u.caution { border-bottom: 2px dotted var(--u-caution); }
.u.active { background: var(--u-active); }
button { font: inherit; color: inherit; margin: 0; cursor: pointer; }
button:focus-visible, [tabindex]:focus-visible { outline: 2px solid var(--is-focus); outline-offset: 2px; }
.badge {
  position: fixed; pointer-events: auto; box-sizing: border-box; display: inline-flex; align-items: center; gap: 3px;
  height: 22px; min-width: 22px; padding: 0 7px; border-radius: 11px; border: 1.5px solid currentColor;
  font-size: 12px; font-weight: 700; line-height: 1; background: var(--is-bg); white-space: nowrap;
  box-shadow: 0 1px 3px rgba(0, 0, 0, 0.25); z-index: 1;
}
/* ok is neutral, never green: the checker misses things, so nothing flagged is not an all-clear */
.badge[data-risk="ok"] { color: var(--is-muted); background: var(--is-bg); }
.badge[data-risk="ignored"] { color: var(--is-fg); background: var(--is-bg); border-style: dashed; }
.badge .ignored { font-weight: 600; }
.badge .count:not(:empty) + .ignored:not([hidden])::before { content: "\\00b7\\00a0"; }
.badge[data-risk="caution"] { color: var(--is-caution); background: var(--is-caution-fill); border-style: dashed; }
.badge[data-risk="high"] { color: var(--is-high-on); background: var(--is-high-fill); border-color: var(--is-high-fill); }
.badge[data-risk="checking"], .badge[data-risk="error"] { color: var(--is-muted); }
.badge .icon { font-size: 12px; }
.pop {
  position: fixed; pointer-events: auto; box-sizing: border-box; width: max-content; max-width: min(360px, calc(100vw - 16px));
  background: var(--is-bg); color: var(--is-fg); border: 1px solid var(--is-border); border-radius: 8px;
  box-shadow: 0 6px 24px rgba(0, 0, 0, 0.28); padding: 12px 14px; z-index: 2;
  max-height: calc(100vh - 16px); overflow: auto; overscroll-behavior: contain;
}
.pop[hidden], .badge[hidden], .layer[hidden] { display: none; }
.pop h2 { font-size: 14px; margin: 0 0 6px; font-weight: 700; }
.pop p { margin: 0 0 8px; }
.pop .head { display: flex; align-items: center; gap: 8px; margin-bottom: 6px; }
.pop .head .grow { flex: 1; }
.pop .x { background: none; border: 0; font-size: 16px; line-height: 1; padding: 2px 6px; color: var(--is-muted); border-radius: 4px; }
.sev { display: inline-flex; align-items: center; gap: 4px; font-size: 12px; font-weight: 700; padding: 1px 7px; border-radius: 10px; border: 1.5px solid currentColor; }
.sev.high { color: var(--is-high-on); background: var(--is-high-fill); border-color: var(--is-high-fill); }
.sev.caution { color: var(--is-caution); background: var(--is-caution-fill); border-style: dashed; }
.label { display: block; font-size: 11px; font-weight: 700; text-transform: uppercase; letter-spacing: 0.04em; color: var(--is-muted); margin: 8px 0 2px; }
.evidence { margin: 0; padding: 6px 8px; border-radius: 6px; background: var(--is-caution-bg); white-space: pre-wrap; overflow-wrap: anywhere; }
.evidence mark { background: var(--is-mark-bg); color: var(--is-mark-fg); border-radius: 2px; padding: 0 1px; font-weight: 700; }
.src { color: var(--is-muted); font-size: 12px; }
.sugg { font-weight: 600; overflow-wrap: anywhere; }
.sugg.advice { font-weight: 400; }
.actions { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 10px; }
.btn { border: 1.5px solid var(--is-border); background: var(--is-bg); border-radius: 6px; padding: 4px 10px; font-weight: 600; }
.btn.primary { background: var(--is-accent); color: var(--is-accent-on); border-color: var(--is-accent); }
.btn.link { border-color: transparent; text-decoration: underline; padding-left: 4px; padding-right: 4px; }
.note { font-size: 12px; color: var(--is-muted); }
.error { color: var(--is-high); font-weight: 600; }
.reminder { border-left: 4px solid var(--is-accent); padding: 6px 8px; margin: 6px 0; background: transparent; }
.reminder.high { border-left-color: var(--is-high); background: var(--is-high-bg); }
.reminder strong { display: block; }
.list { list-style: none; margin: 6px 0 0; padding: 0; max-height: 40vh; overflow: auto; }
.list li { margin: 0 0 4px; }
.list .sev { flex: none; white-space: nowrap; }
.list button { display: flex; width: 100%; gap: 8px; align-items: flex-start; text-align: left; background: none; border: 1px solid transparent; border-radius: 6px; padding: 4px; }
.list button:hover { border-color: var(--is-border); }
.list .q { font-weight: 600; overflow-wrap: anywhere; }
.list.ignored li { display: flex; gap: 8px; align-items: center; padding: 2px 4px; }
.list.ignored .grow { flex: 1; }
.list.ignored button { display: inline-block; width: auto; flex: none; text-decoration: underline; border-color: transparent; }
.card .title { font-size: 14px; margin: 0; font-weight: 700; }
.card .title:focus { outline: none; }
.card .title:focus-visible { outline: 2px solid var(--is-focus); outline-offset: 2px; }
.confirm { margin-top: 10px; border-top: 1px solid var(--is-border); padding-top: 8px; }
.confirm .q { font-weight: 600; margin: 0; }
.btn.danger { color: var(--is-high); border-color: var(--is-high); }
.undo .head { margin: 0; }
.undo p { margin: 0; }
.undo .note { margin-top: 4px; }
.pause { max-width: min(400px, calc(100vw - 16px)); border-width: 2px; border-color: var(--is-high); }
.sr-only { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
@media (forced-colors: active) {
  .u.high { border-bottom-color: Highlight; background: none; }
  .u.caution { border-bottom-color: Highlight; }
  .badge, .sev { forced-color-adjust: auto; }
}
`;
