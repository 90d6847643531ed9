/**
 * Check scheduling for one field: one request in flight, the latest text wins, results cached
 * by text, and a frame scheduler that coalesces any number of render requests into one
 * requestAnimationFrame callback.
 *
 * Why it exists: typing fires an input per keystroke and the background answers in 1–2 ms
 * (40–160 ms when it has to wake up). Sending every keystroke would queue stale work; waiting
 * on a debounce would add latency. Instead, a keystroke sends at once if nothing is in flight;
 * otherwise it only replaces the "wanted" text, which is sent when the current answer arrives.
 * Texts seen before (undo, deleting what was just typed, re-focusing) answer from the cache
 * without a request.
 */

/**
 * @typedef {import('./index.js').Report} Report
 *
 * @typedef {object} CheckQueue
 * @property {(text: string) => void} request     ask for a report of `text` (cache first)
 * @property {(text: string) => Report|undefined} cached
 * @property {(text: string, report: Report) => void} put   store a report obtained elsewhere
 * @property {() => void} clear                   forget every cached report (rules changed)
 * @property {() => boolean} busy                 a request is in flight or waiting
 * @property {(text: string, timeoutMs: number) => Promise<Report|null>} waitFor
 *           resolves with the report for `text` once known (requesting it if needed), or null
 *           after `timeoutMs`
 * @property {() => void} dispose
 */

/**
 * @param {object} opts
 * @param {(text: string) => Promise<Report>} opts.check
 * @param {(text: string, report: Report, cached: boolean) => void} opts.onResult
 * @param {(error: unknown, text: string) => void} [opts.onError]
 * @param {number} [opts.cacheSize]
 * @returns {CheckQueue}
 */
export function createCheckQueue({ check, onResult, onError, cacheSize = 64 }) {
  /** @type {Map<string, Report>} */
  const cache = new Map();
  /** @type {string|null} */
  let wanted = null;
  /** @type {string|null} */
  let inFlight = null;
  let disposed = false;
  /** @type {Set<{ text: string, resolve: (r: Report|null) => void }>} */
  const waiters = new Set();

  const put = (/** @type {string} */ text, /** @type {Report} */ report) => {
    cache.delete(text);
    cache.set(text, report);
    while (cache.size > cacheSize) cache.delete(/** @type {string} */ (cache.keys().next().value));
    for (const w of waiters) if (w.text === text) { waiters.delete(w); w.resolve(report); }
  };

  async function pump() {
    while (wanted !== null && !disposed) {
      const text = wanted;
      wanted = null;
      inFlight = text;
      try {
        const report = await check(text);
        if (disposed) return;
        if (!report || !Array.isArray(report.findings)) throw new Error('check returned no report (expected { risk, findings })');
        put(text, report);
        onResult(text, report, false);
      } catch (err) {
        if (disposed) return;
        if (onError) onError(err, text);
        for (const w of waiters) if (w.text === text) { waiters.delete(w); w.resolve(null); }
      } finally {
        inFlight = null;
      }
    }
  }

  return {
    request(text) {
      if (disposed) return;
      const hit = cache.get(text);
      if (hit) {
        cache.delete(text);
        cache.set(text, hit);
        if (wanted !== null && wanted !== text) wanted = null; // the newest text is answered
        onResult(text, hit, true);
        return;
      }
      if (inFlight === text) { wanted = null; return; }
      wanted = text;
      if (inFlight === null) void pump();
    },
    cached: (text) => cache.get(text),
    put(text, report) {
      put(text, report);
    },
    clear() {
      cache.clear();
    },
    busy: () => inFlight !== null || wanted !== null,
    waitFor(text, timeoutMs) {
      const hit = cache.get(text);
      if (hit) return Promise.resolve(hit);
      return new Promise((resolve) => {
        const w = { text, resolve: (/** @type {Report|null} */ r) => { clearTimeout(timer); resolve(r); } };
        const timer = setTimeout(() => { waiters.delete(w); resolve(null); }, timeoutMs);
        waiters.add(w);
        this.request(text);
      });
    },
    dispose() {
      disposed = true;
      wanted = null;
      for (const w of waiters) w.resolve(null);
      waiters.clear();
    },
  };
}

/**
 * Coalesce render requests into one animation frame.
 * @param {Window} win
 * @param {() => void} fn
 * @returns {{ schedule: () => void, cancel: () => void, flush: () => void }}
 */
export function createFrameScheduler(win, fn) {
  let id = 0;
  const run = () => { id = 0; fn(); };
  return {
    schedule() {
      if (!id) id = win.requestAnimationFrame(run);
    },
    cancel() {
      if (id) win.cancelAnimationFrame(id);
      id = 0;
    },
    flush() {
      if (id) { win.cancelAnimationFrame(id); id = 0; }
      fn();
    },
  };
}
