/**
 * The Wasm engine in the background: loads the core once, keeps one `Checker` per
 * configuration, and re-creates both transparently after the browser stops the service
 * worker (Chrome) or unloads the event page (Firefox) — module state is simply gone then, so
 * every entry point goes through `checkerFor`, which re-initialises on demand.
 *
 * Why the Wasm lives here and not in the content script: Chromium refuses to compile Wasm in a
 * content script on pages whose CSP lacks 'wasm-unsafe-eval' (see DEVELOPERS.md).
 */
import init, { Checker, validateConfig, builtinRules, professions, watchlistHashes, version } from '../wasm/insession.js';
import { ext } from '../shared/protocol.js';

/** How many configurations keep a live checker (the options tester may try a few). */
const MAX_CHECKERS = 4;

/** @type {Promise<void>|null} */
let wasmReady = null;
/** Insertion-ordered, used as an LRU: configuration JSON → Checker. @type {Map<string, Checker>} */
const checkers = new Map();

/** Loads and instantiates the Wasm module once; a failed load is retried on the next call. */
export function ensureWasm() {
  if (!wasmReady) {
    wasmReady = init({ module_or_path: ext.runtime.getURL('wasm/insession_bg.wasm') }).then(
      () => undefined,
      (err) => {
        wasmReady = null;
        throw new Error(`loading wasm/insession_bg.wasm failed: ${err?.message ?? err}`);
      },
    );
  }
  return wasmReady;
}

/** True when the Wasm module is loaded and at least one checker is built. */
export function isWarm() {
  return checkers.size > 0;
}

/**
 * The checker for a configuration, building it (and loading the Wasm) when needed.
 * Throws the core's own Error (e.g. `rules[0] (id "x") regex: …`) for a bad configuration.
 * @param {string} configJson
 * @returns {Promise<{checker: Checker, initMs: number}>}
 */
export async function checkerFor(configJson) {
  const cached = checkers.get(configJson);
  if (cached) {
    // refresh its place in the LRU order
    checkers.delete(configJson);
    checkers.set(configJson, cached);
    return { checker: cached, initMs: 0 };
  }
  const t0 = performance.now();
  await ensureWasm();
  const again = checkers.get(configJson); // another request may have built it meanwhile
  if (again) return { checker: again, initMs: performance.now() - t0 };
  const checker = new Checker(configJson);
  checkers.set(configJson, checker);
  while (checkers.size > MAX_CHECKERS) {
    const [oldestKey, oldest] = checkers.entries().next().value;
    checkers.delete(oldestKey);
    oldest.free?.();
  }
  return { checker, initMs: performance.now() - t0 };
}

/** Validation errors for a configuration (`[]` when it is valid). @param {string} configJson */
export async function validate(configJson) {
  await ensureWasm();
  return validateConfig(configJson);
}

/** The built-in rule list and the core's version. */
export async function rules() {
  await ensureWasm();
  return { rules: builtinRules(), version: version() };
}

/** The core's version (loads the Wasm if needed). */
export async function coreVersion() {
  await ensureWasm();
  return version();
}

/** The professions/regions a clinician can choose: `[{id, label, prefer}]`. */
export async function professionList() {
  await ensureWasm();
  return professions();
}

/**
 * The salted hashes to store for one watch-list entry (the core normalises it: accents
 * stripped, apostrophes removed, tokens joined). The entry itself is never stored.
 * @param {string} saltHex
 * @param {string} entry
 * @returns {Promise<string[]>}
 */
export async function hashesFor(saltHex, entry) {
  await ensureWasm();
  return watchlistHashes(saltHex, entry);
}
