/**
 * Fitting preferences into storage.sync's quotas: per item QUOTA_BYTES_PER_ITEM (8,192 bytes
 * in Chrome and Firefox, counted as the key plus the JSON of the value, in UTF-8), in total
 * QUOTA_BYTES (102,400) and MAX_ITEMS (512). Pure (no browser APIs), unit-tested in
 * tests/smoke/settings-unit.test.js.
 *
 * Why it exists: custom rules can be large (a phrase list of a few hundred place names). A
 * config that does not fit one item is stored as its JSON text split over `config.0` …
 * `config.(n-1)` with the header `config: {"$chunks": n, "rev": hash}`; when even that exceeds the total
 * quota, the config goes to storage.local and the options page says so.
 */

export const SYNC_QUOTA = Object.freeze({ perItem: 8192, total: 102400, maxItems: 512 });
/** Head-room left in each item and in the total (Chrome's accounting has varied slightly). */
export const MARGIN = Object.freeze({ perItem: 64, total: 1024 });

const enc = new TextEncoder();
/** UTF-8 length of a string. */
export const utf8 = (s) => enc.encode(s).length;

/** The bytes one sync item counts against the quotas. */
export function itemBytes(key, value) {
  return utf8(key) + utf8(JSON.stringify(value));
}

/** Bytes of a set of items. @param {Record<string, unknown>} items */
export function itemsBytes(items) {
  let n = 0;
  for (const [k, v] of Object.entries(items)) n += itemBytes(k, v);
  return n;
}

/** A short hash of a string (FNV-1a, 32 bit, hex). */
export function fnv1a(s) {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** The key of chunk `i`. */
export const chunkKey = (i) => `config.${i}`;

/** Bytes one UTF-16 code unit takes inside a JSON string (JSON.stringify's escaping, UTF-8). */
export function jsonCharBytes(code) {
  if (code === 0x22 || code === 0x5c) return 2; // \" \\
  if (code < 0x20) return [8, 9, 10, 12, 13].includes(code) ? 2 : 6; // \n … or \u00XX
  if (code < 0x80) return 1;
  if (code < 0x800) return 2;
  if (code >= 0xd800 && code <= 0xdfff) return 6; // a lone surrogate: \udXXX
  return 3;
}

/**
 * Splits `text` into pieces whose JSON-encoded form, stored under `config.<i>`, fits `budget`
 * bytes. Never splits a surrogate pair.
 * @param {string} text
 * @param {number} budget bytes per item (key + JSON of the piece)
 * @returns {string[]}
 */
export function chunkText(text, budget) {
  const pieces = [];
  let start = 0;
  while (start < text.length) {
    const key = chunkKey(pieces.length);
    let bytes = utf8(key) + 2; // the quotes of the JSON string
    let end = start;
    while (end < text.length) {
      const code = text.charCodeAt(end);
      const pair = code >= 0xd800 && code <= 0xdbff && end + 1 < text.length &&
        (text.charCodeAt(end + 1) & 0xfc00) === 0xdc00;
      const width = pair ? 2 : 1;
      const cost = pair ? 4 : jsonCharBytes(code);
      if (bytes + cost > budget) break;
      bytes += cost;
      end += width;
    }
    if (end === start) throw new Error('chunk budget too small');
    pieces.push(text.slice(start, end));
    start = end;
  }
  return pieces;
}

/**
 * The sync items for `prefs` (the keys of schema.js PREF_KEYS plus schemaVersion), or why
 * they do not fit.
 * @param {Record<string, unknown>} prefs  includes `config` (an object)
 * @param {{perItem: number, total: number, maxItems: number}} [quota]
 * @returns {{fits: true, items: Record<string, unknown>, chunks: number, bytes: number} |
 *           {fits: false, items: Record<string, unknown>, bytes: number, configBytes: number}}
 *   when it does not fit, `items` are the prefs without `config` (to store in sync while the
 *   config goes to local) and `configBytes` says how big the config is.
 */
export function planSync(prefs, quota = SYNC_QUOTA) {
  const perItem = quota.perItem - MARGIN.perItem;
  const total = quota.total - MARGIN.total;
  const { config, ...rest } = prefs;
  for (const [k, v] of Object.entries(rest)) {
    if (itemBytes(k, v) > perItem) {
      throw new Error(`${k}: too large for one sync item (${itemBytes(k, v)} bytes)`);
    }
  }
  const restBytes = itemsBytes(rest);
  const configJson = JSON.stringify(config ?? {});
  let items;
  let chunks = 0;
  if (itemBytes('config', config ?? {}) <= perItem) {
    items = { ...rest, config: config ?? {} };
  } else {
    const pieces = chunkText(configJson, perItem);
    chunks = pieces.length;
    // the header changes with the content, so storage.onChanged always names `config`
    items = { ...rest, config: { $chunks: chunks, rev: fnv1a(configJson) } };
    pieces.forEach((p, i) => { items[chunkKey(i)] = p; });
  }
  const bytes = itemsBytes(items);
  if (bytes > total || Object.keys(items).length > quota.maxItems) {
    return { fits: false, items: rest, bytes: restBytes, configBytes: utf8(configJson) };
  }
  return { fits: true, items, chunks, bytes };
}

/** Keys of stale chunks to remove after writing `newChunks` when `oldChunks` were stored. */
export function staleChunkKeys(oldChunks, newChunks) {
  const keys = [];
  for (let i = newChunks; i < oldChunks; i++) keys.push(chunkKey(i));
  return keys;
}

/** The number of chunks a stored `config` header announces (0 for an inline config). */
export function chunkCount(header) {
  if (header && typeof header === 'object' && !Array.isArray(header) && '$chunks' in header) {
    const n = header.$chunks;
    return Number.isInteger(n) && n > 0 && n <= SYNC_QUOTA.maxItems ? n : -1;
  }
  return 0;
}

/**
 * Reassembles a stored config: an inline object is returned as is; a `{$chunks: n}` header is
 * joined from `config.0` … and parsed. Throws, saying what is missing or broken, when the
 * chunks cannot make a config (a sync that delivered half the items, a hand edit).
 * @param {unknown} header the stored `config` value
 * @param {(key: string) => unknown} get reads another stored key
 */
export function assembleConfig(header, get) {
  const n = chunkCount(header);
  if (n === 0) return header;
  if (n < 0) throw new Error('config: the chunk header is invalid');
  let text = '';
  for (let i = 0; i < n; i++) {
    const piece = get(chunkKey(i));
    if (typeof piece !== 'string') throw new Error(`config: chunk ${i + 1} of ${n} is missing`);
    text += piece;
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new Error(`config: the stored rules are not valid JSON (${err.message})`);
  }
}
