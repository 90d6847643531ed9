/**
 * The content script's line to the background for checks: one long-lived runtime port
 * (protocol.js PORT_NAME) instead of a `runtime.sendMessage` per keystroke, which opens and
 * closes a message channel every time. Requests are matched to replies by id.
 *
 * The port closes when the service worker (Chrome) or event page (Firefox) stops; requests in
 * flight then are sent again once on a fresh port (a check can be repeated safely), and the
 * next request opens a new port, which wakes the background.
 */
import { ext, PORT_NAME, portRequest } from '../shared/protocol.js';

/**
 * @typedef {object} Channel
 * @property {(request: import('../shared/protocol.js').Request) => Promise<unknown>} send
 *   the background's reply (check it with `expectReply`); rejects when the background cannot
 *   be reached
 * @property {() => void} close
 */

/** @returns {Channel} */
export function createChannel() {
  /** @type {chrome.runtime.Port|null} */
  let port = null;
  let nextId = 1;
  /** @type {Map<number, {port: chrome.runtime.Port, request: any, resolve: (r: unknown) => void, reject: (e: Error) => void, retried: boolean}>} */
  const pending = new Map();

  function open() {
    const p = ext.runtime.connect({ name: PORT_NAME });
    p.onMessage.addListener((/** @type {any} */ m) => {
      const w = typeof m?.id === 'number' ? pending.get(m.id) : undefined;
      if (!w) return;
      pending.delete(m.id);
      w.resolve(m.reply);
    });
    p.onDisconnect.addListener(() => {
      if (port === p) port = null;
      for (const [id, w] of [...pending]) {
        if (w.port !== p) continue;
        pending.delete(id);
        if (w.retried) w.reject(new Error('InSession background: the connection closed before it answered'));
        else post(w.request, w.resolve, w.reject, true);
      }
    });
    return p;
  }

  /** @param {any} request @param {(r: unknown) => void} resolve @param {(e: Error) => void} reject @param {boolean} retried */
  function post(request, resolve, reject, retried) {
    try {
      if (!port) port = open();
      const id = nextId++;
      pending.set(id, { port, request, resolve, reject, retried });
      port.postMessage(portRequest(id, request));
    } catch (err) {
      // the extension was reloaded or removed under this page: nothing can answer
      port = null;
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  }

  return {
    send: (request) => new Promise((resolve, reject) => post(request, resolve, reject, false)),
    close() {
      const p = port;
      port = null;
      for (const w of pending.values()) w.reject(new Error('InSession: channel closed'));
      pending.clear();
      try { p?.disconnect(); } catch { /* already gone */ }
    },
  };
}
