/**
 * The content script's line to the background for checks: one long-lived runtime port
 * (protocol.js PORT_NAME) instead of a `runtime.sendMessage` per keystroke, which opens and
 * closes a message channel every time. Requests are matched to replies by id.
 *
 * The port closes when the service worker (Chrome) or event page (Firefox) stops; requests in
 * flight then are sent again once on a fresh port (a check can be repeated safely), and the
 * next request opens a new port, which wakes the background. A request that gets no answer
 * within REPLY_TIMEOUT_MS is treated the same way: a worker stopped between two messages can
 * leave the port looking open while what is posted on it goes nowhere (seen once in a 10-minute
 * soak as a 30-second stall), so the port is dropped and the request sent on a new one.
 */
import { ext, PORT_NAME, portRequest } from '../shared/protocol.js';

/**
 * How long a request may wait for its answer before the port is taken for dead. A check of the
 * longest text sent (MAX_TEXT) takes well under 100 ms and a cold background start under
 * 200 ms, even on a slow machine.
 */
export const REPLY_TIMEOUT_MS = 2000;

/**
 * @typedef {object} Channel
 * @property {(request: import('../shared/protocol.js').Request) => Promise<unknown>} send
 *   the background's reply (check it with `expectReply`); rejects when the background cannot
 *   be reached
 * @property {() => void} close
 */

/**
 * @param {{ timeoutMs?: number }} [opts]  timeoutMs: REPLY_TIMEOUT_MS unless a test says otherwise
 * @returns {Channel}
 */
export function createChannel({ timeoutMs = REPLY_TIMEOUT_MS } = {}) {
  /** @type {chrome.runtime.Port|null} */
  let port = null;
  let nextId = 1;
  /** @type {Map<number, {port: chrome.runtime.Port, request: any, resolve: (r: unknown) => void, reject: (e: Error) => void, retried: boolean, timer: ReturnType<typeof setTimeout>}>} */
  const pending = new Map();

  /** The request `id` was lost with its port: send it again on a new port, or give up. */
  function lost(id, why) {
    const w = pending.get(id);
    if (!w) return;
    pending.delete(id);
    clearTimeout(w.timer);
    if (w.retried) w.reject(new Error(`InSession background: ${why}`));
    else post(w.request, w.resolve, w.reject, true);
  }

  function open() {
    const p = ext.runtime.connect({ name: PORT_NAME });
    p.onMessage.addListener((/** @type {any} */ m) => {
      const w = typeof m?.id === 'number' ? pending.get(m.id) : undefined;
      if (!w) return;
      pending.delete(m.id);
      clearTimeout(w.timer);
      w.resolve(m.reply);
    });
    p.onDisconnect.addListener(() => {
      if (port === p) port = null;
      for (const [id, w] of [...pending]) if (w.port === p) lost(id, 'the connection closed before it answered');
    });
    return p;
  }

  /** @param {any} request @param {(r: unknown) => void} resolve @param {(e: Error) => void} reject @param {boolean} retried */
  function post(request, resolve, reject, retried) {
    const id = nextId++;
    try {
      if (!port) port = open();
      const p = port;
      const timer = setTimeout(() => {
        // no answer: this port is dead even if it does not know it yet
        if (port === p) port = null;
        try { p.disconnect(); } catch { /* already gone */ }
        lost(id, `no answer within ${timeoutMs} ms`);
      }, timeoutMs);
      pending.set(id, { port: p, request, resolve, reject, retried, timer });
      p.postMessage(portRequest(id, request));
    } catch (err) {
      // the extension was reloaded or removed under this page: nothing can answer
      port = null;
      clearTimeout(pending.get(id)?.timer);
      pending.delete(id);
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  }

  return {
    send: (request) => new Promise((resolve, reject) => post(request, resolve, reject, false)),
    close() {
      const p = port;
      port = null;
      for (const w of pending.values()) {
        clearTimeout(w.timer);
        w.reject(new Error('InSession: channel closed'));
      }
      pending.clear();
      try { p?.disconnect(); } catch { /* already gone */ }
    },
  };
}
