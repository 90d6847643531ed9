/**
 * The minimal warning: a small badge at the field's bottom-right corner showing the risk and
 * the number of findings. It is a view for session.js (`{update, dispose}`); the full overlay
 * of issue 4 replaces or joins it.
 *
 * It lives in its own closed shadow root on a host appended to `document.body` — never inside
 * the editor's DOM — and is styled through CSSOM properties (not a <style> element), so a
 * page's `style-src` CSP cannot block it. Text reaches it only through `textContent`.
 */
import { ext } from '../shared/protocol.js';

/** @type {Set<() => void>} repositioners of the badges currently shown */
const shown = new Set();
let frame = 0;
function repositionAll() {
  if (frame) return;
  frame = requestAnimationFrame(() => {
    frame = 0;
    for (const place of shown) place();
  });
}
addEventListener('scroll', repositionAll, { capture: true, passive: true });
addEventListener('resize', repositionAll, { passive: true });

const COLORS = { high: '#b91c1c', caution: '#92400e' };

/** A localized string, or `fallback` when the locale has no such message. */
function msg(name, subs, fallback) {
  try {
    return ext.i18n.getMessage(name, subs) || fallback;
  } catch {
    return fallback;
  }
}

/**
 * @param {HTMLElement} field
 * @returns {import('./session.js').View}
 */
export function badgeView(field) {
  /** @type {HTMLDivElement|null} */
  let host = null;
  /** @type {HTMLSpanElement|null} */
  let label = null;

  const place = () => {
    if (!host) return;
    const r = field.getBoundingClientRect();
    const visible = field.isConnected && r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight;
    host.style.display = visible ? 'block' : 'none';
    host.style.left = `${Math.round(r.right - 4)}px`;
    host.style.top = `${Math.round(r.bottom - 4)}px`;
  };

  function create() {
    host = document.createElement('div');
    host.setAttribute('data-insession-badge', '');
    Object.assign(host.style, {
      all: 'initial', position: 'fixed', zIndex: '2147483647', left: '0', top: '0',
      width: '0', height: '0', overflow: 'visible', pointerEvents: 'none', display: 'none',
    });
    const root = host.attachShadow({ mode: 'closed' });
    label = document.createElement('span');
    label.setAttribute('role', 'status');
    Object.assign(label.style, {
      position: 'absolute', right: '0', bottom: '0', whiteSpace: 'nowrap',
      font: '600 12px/1.4 system-ui, sans-serif', color: '#fff', padding: '2px 8px',
      borderRadius: '10px', boxShadow: '0 1px 3px rgba(0,0,0,.3)',
    });
    root.append(label);
    (document.body ?? document.documentElement).append(host);
  }

  return {
    update(report) {
      const count = report.findings.length;
      if (report.risk === 'ok' && count === 0) {
        if (host) host.style.display = 'none';
        shown.delete(place);
        return;
      }
      if (!host) create();
      const risk = report.risk === 'high' ? 'high' : 'caution';
      label.style.background = COLORS[risk];
      label.textContent = risk === 'high'
        ? msg('badgeHigh', [String(count)], `InSession: high risk · ${count}`)
        : msg('badgeCaution', [String(count)], `InSession: caution · ${count}`);
      shown.add(place);
      place();
    },
    dispose() {
      shown.delete(place);
      host?.remove();
      host = label = null;
    },
  };
}
