/**
 * The stored settings' schema: defaults, per-key validation, recovery from corrupt or unknown
 * values, and migration from older layouts. Pure (no browser APIs), so Node unit tests cover
 * it (tests/smoke/settings-unit.test.js) and settings.js stays about I/O.
 *
 * Why it exists: settings come from storage that another version, another device (sync), a
 * bug or a hand edit may have written. Whatever is there, the extension must start with
 * something valid and say what it replaced — never fail to check because a key is odd.
 *
 * Layout, schema version 2 (SCHEMA_VERSION):
 *
 * | key                  | area  | what |
 * | -------------------- | ----- | ---- |
 * | `schemaVersion`      | both  | 2 |
 * | `enabled`            | prefs | global switch |
 * | `sites`              | prefs | `{hostname: boolean}` (site-policy.js) |
 * | `pauseBeforePosting` | prefs | stop the post button while a post is rated high |
 * | `reminderText`       | prefs | the reminder's wording |
 * | `config`             | prefs | the configuration JSON of DEVELOPERS.md without `watchlist`; in sync either the object itself or `{"$chunks": n}` with the JSON text in `config.0` … `config.(n-1)` (sync-chunks.js) |
 * | `pausedUntil`        | local | epoch ms; a pause belongs to this device |
 * | `watchlist`          | local | `{salt, hashes}` — salted SHA-256 only, never synced |
 * | `watchlistCount`     | local | how many entries were added (hashes per entry vary) |
 * | `placement`          | local | `{prefs: 'sync'|'local', config: 'sync'|'local'}` where prefs/config live |
 * | `notices`            | local | `[{id, key, subs, at}]` shown in the options page until dismissed |
 * | `settingsBackup`     | local | the raw text of settings replaced during recovery (to download) |
 *
 * "prefs" is storage.sync, unless `placement.prefs` says local (sync unavailable); `config`
 * alone moves to local when it does not fit sync's quotas (`placement.config`).
 *
 * Version 1 (before this file): `enabled` and `config` (watch list inside) in storage.local.
 */
import { DEFAULT_REMINDER } from '../shared/protocol.js';

export { DEFAULT_REMINDER };
export const SCHEMA_VERSION = 2;
export const MAX_REMINDER = 200;
export const MAX_SITES = 200;

/** Preference keys (synced). */
export const PREF_KEYS = Object.freeze(['enabled', 'sites', 'pauseBeforePosting', 'reminderText', 'config']);
/** Device-only keys. */
export const LOCAL_KEYS = Object.freeze(['pausedUntil', 'watchlist', 'watchlistCount', 'placement', 'notices', 'settingsBackup']);

/** @returns {{enabled: boolean, sites: Record<string, boolean>, pauseBeforePosting: boolean, reminderText: string, config: object}} */
export function defaultPrefs() {
  return { enabled: true, sites: {}, pauseBeforePosting: true, reminderText: DEFAULT_REMINDER, config: {} };
}

const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
const HEX = /^[0-9a-f]+$/i;

/** Validators for each preference: return the clean value, or throw saying what is wrong. */
const PREF_CHECKS = {
  enabled(v) {
    if (typeof v !== 'boolean') throw new Error('expected true or false');
    return v;
  },
  sites(v) {
    if (!isObject(v)) throw new Error('expected an object of hostname → true/false');
    const out = {};
    const entries = Object.entries(v);
    if (entries.length > MAX_SITES) throw new Error(`more than ${MAX_SITES} sites`);
    for (const [host, on] of entries) {
      if (typeof on !== 'boolean') throw new Error(`site ${JSON.stringify(host)}: expected true or false`);
      if (!/^[a-z0-9.-]{1,253}$/.test(host)) throw new Error(`site ${JSON.stringify(host)}: not a hostname`);
      out[host] = on;
    }
    return out;
  },
  pauseBeforePosting(v) {
    if (typeof v !== 'boolean') throw new Error('expected true or false');
    return v;
  },
  reminderText(v) {
    if (typeof v !== 'string') throw new Error('expected text');
    const s = v.trim();
    if (s.length > MAX_REMINDER) throw new Error(`longer than ${MAX_REMINDER} characters`);
    return s || DEFAULT_REMINDER;
  },
  config(v) {
    if (!isObject(v)) throw new Error('expected a configuration object');
    if (v.rules !== undefined && !Array.isArray(v.rules)) throw new Error('rules: expected a list');
    if (v.disabled_rules !== undefined && !Array.isArray(v.disabled_rules)) throw new Error('disabled_rules: expected a list');
    return v;
  },
};

/**
 * Checks one preference value. Throws an Error whose message names the key.
 * @param {string} key one of PREF_KEYS
 * @param {unknown} value
 */
export function checkPref(key, value) {
  const check = PREF_CHECKS[key];
  if (!check) throw new Error(`${key}: not a setting`);
  try {
    return check(value);
  } catch (err) {
    throw new Error(`${key}: ${err.message}`);
  }
}

/**
 * @typedef {{key: string, problem: string}} Repair  a stored value that was replaced by its default
 */

/**
 * Clean preferences from whatever was stored: every missing key gets its default, every
 * invalid one is replaced by its default and reported. Never throws.
 * @param {Record<string, unknown>} raw
 * @returns {{prefs: ReturnType<typeof defaultPrefs>, repairs: Repair[]}}
 */
export function normalizePrefs(raw) {
  const prefs = defaultPrefs();
  /** @type {Repair[]} */
  const repairs = [];
  const source = isObject(raw) ? raw : {};
  for (const key of PREF_KEYS) {
    if (source[key] === undefined) continue;
    try {
      prefs[key] = checkPref(key, source[key]);
    } catch (err) {
      repairs.push({ key, problem: err.message });
    }
  }
  return { prefs, repairs };
}

/** A valid stored watch list, or null. @param {unknown} w */
export function normalizeWatchlist(w) {
  if (!isObject(w) || typeof w.salt !== 'string' || !HEX.test(w.salt) || w.salt.length < 16) return null;
  if (!Array.isArray(w.hashes) || !w.hashes.every((h) => typeof h === 'string' && /^[0-9a-f]{64}$/.test(h))) return null;
  return { salt: w.salt, hashes: [...new Set(w.hashes)] };
}

/** Clean device-only values (never throws; invalid values become defaults and are reported). */
export function normalizeLocal(raw) {
  const source = isObject(raw) ? raw : {};
  /** @type {Repair[]} */
  const repairs = [];
  const until = source.pausedUntil;
  let pausedUntil = 0;
  if (until !== undefined) {
    if (typeof until === 'number' && Number.isFinite(until) && until >= 0) pausedUntil = until;
    else repairs.push({ key: 'pausedUntil', problem: 'pausedUntil: expected a time' });
  }
  let watchlist = null;
  if (source.watchlist !== undefined && source.watchlist !== null) {
    watchlist = normalizeWatchlist(source.watchlist);
    if (!watchlist) repairs.push({ key: 'watchlist', problem: 'watchlist: not a valid hashed list' });
  }
  const count = Number.isInteger(source.watchlistCount) && source.watchlistCount >= 0 ? source.watchlistCount : 0;
  const placement = {
    prefs: source.placement?.prefs === 'local' ? 'local' : 'sync',
    config: source.placement?.config === 'local' ? 'local' : 'sync',
  };
  const notices = Array.isArray(source.notices)
    ? source.notices.filter((n) => isObject(n) && typeof n.id === 'string' && typeof n.key === 'string')
    : [];
  return {
    pausedUntil,
    watchlist,
    watchlistCount: watchlist ? Math.max(count, watchlist.hashes.length ? 1 : 0) : 0,
    placement,
    notices,
    repairs,
  };
}

/**
 * Which layout the stored data has. `null` schemaVersion with a legacy key → 1; with nothing
 * → 'empty' (a fresh install); a number above SCHEMA_VERSION or a non-number → 'unknown'.
 * @param {Record<string, unknown>} sync
 * @param {Record<string, unknown>} local
 * @returns {1|2|'empty'|'unknown'}
 */
export function detectVersion(sync, local) {
  const versions = [sync?.schemaVersion, local?.schemaVersion].filter((v) => v !== undefined);
  if (versions.length === 0) {
    const legacy = ['enabled', 'config'].some((k) => local?.[k] !== undefined || sync?.[k] !== undefined);
    return legacy ? 1 : 'empty';
  }
  if (versions.some((v) => typeof v !== 'number' || !Number.isInteger(v) || v > SCHEMA_VERSION || v < 1)) return 'unknown';
  return /** @type {1|2} */ (Math.max(...versions));
}

/**
 * Migrates a version-1 layout to version 2: `enabled` and `config` (local wins over sync, as
 * version 1 read them) become preferences; a watch list inside the config moves to the local
 * watch list. Returns what to write; the caller removes the old local keys.
 * @param {Record<string, unknown>} sync
 * @param {Record<string, unknown>} local
 * @returns {{prefs: Record<string, unknown>, watchlist: object|null}}
 */
export function migrateV1(sync, local) {
  const merged = { ...(isObject(sync) ? sync : {}), ...(isObject(local) ? local : {}) };
  /** @type {Record<string, unknown>} */
  const prefs = {};
  if (merged.enabled !== undefined) prefs.enabled = merged.enabled;
  let watchlist = null;
  if (isObject(merged.config)) {
    const { watchlist: w, ...rest } = /** @type {Record<string, unknown>} */ (merged.config);
    prefs.config = rest;
    watchlist = normalizeWatchlist(w);
  } else if (merged.config !== undefined) {
    prefs.config = merged.config; // invalid: normalizePrefs reports it
  }
  return { prefs, watchlist };
}

/** Notice ids → message keys of _locales (the options page shows them with `subs`). */
export const NOTICES = Object.freeze({
  recovered: 'notice_recovered',
  unknownVersion: 'notice_unknownVersion',
  configLocal: 'notice_configLocal',
  syncUnavailable: 'notice_syncUnavailable',
  policyPackInvalid: 'notice_policyPackInvalid',
  policyInvalid: 'notice_policyInvalid',
});

/**
 * Adds or replaces a notice (one per id).
 * @param {{id: string, key: string, subs?: string[], at?: number}[]} notices
 * @param {string} id
 * @param {string[]} [subs]
 * @param {number} [now]
 */
export function withNotice(notices, id, subs = [], now = Date.now()) {
  const key = NOTICES[id] ?? id;
  return [...notices.filter((n) => n.id !== id), { id, key, subs: subs.map(String), at: now }];
}
