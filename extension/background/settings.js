/**
 * Settings storage for the background: the one place that reads and writes extension storage
 * (every page and content script goes through the message protocol, handler.js).
 *
 * Where things live (layout and schema version: schema.js): preferences and custom rules in
 * storage.sync, within its quotas (sync-chunks.js: a large config is chunked; one too large
 * for sync's total quota is kept in storage.local, with a notice); the pause and the hashed
 * client watch list in storage.local only; organisation policy read from storage.managed
 * (policy.js). Older layouts are migrated on first read; corrupt or unknown values are replaced
 * by defaults, backed up, and reported as a notice the options page shows — a check never
 * fails because of what is in storage.
 *
 * `loadSettings()` returns the public Settings (protocol.js) — what getSettings answers —
 * and `loadState()` adds what only the background needs (the effective checker config, the
 * watch list). Both are cached until storage changes (bg.js calls invalidateSettings).
 */
import { ext } from '../shared/protocol.js';
import * as S from './schema.js';
import * as C from './sync-chunks.js';
import * as Pol from './policy.js';
import { validate, rules as builtinRules, professionList } from './engine.js';

const SYNC_KEYS = ['schemaVersion', ...S.PREF_KEYS];
const LOCAL_KEYS = ['schemaVersion', ...S.PREF_KEYS, ...S.LOCAL_KEYS];
/** Largest backup of replaced settings kept (characters). */
const MAX_BACKUP = 256 * 1024;

/**
 * @typedef {ReturnType<typeof S.defaultPrefs>} Prefs
 * @typedef {object} State
 * @property {import('../shared/protocol.js').Settings} settings   the public view
 * @property {Prefs} prefs               the user's stored preferences (clean)
 * @property {ReturnType<typeof S.normalizeLocal>} local
 * @property {Pol.Policy} policy
 * @property {{id: string, category: string}[]} builtins
 * @property {string} configJson         what the checker runs (policy + watch list applied)
 * @property {number} syncChunks         chunks of the config now in sync
 * @property {boolean} localHasPrefs     storage.local holds preference keys (v1 or fallback)
 */

/** @type {Promise<State>|null} */
let cached = null;
/** Writes are serialised: each starts after the previous one finished. */
let queue = Promise.resolve();
function serial(fn) {
  const run = queue.then(fn, fn);
  queue = run.catch(() => {});
  return run;
}

async function readArea(area, keys) {
  const a = ext.storage?.[area];
  if (!a) return { data: {}, error: `storage.${area} is not available` };
  try {
    return { data: (await a.get(keys)) ?? {}, error: null };
  } catch (err) {
    return { data: {}, error: String(err?.message ?? err) };
  }
}

async function readManaged() {
  const a = ext.storage?.managed;
  if (!a) return {};
  try {
    return (await a.get(null)) ?? {};
  } catch {
    return {}; // no policy (Firefox: "Managed storage manifest not found")
  }
}

const pick = (obj, keys) => Object.fromEntries(keys.filter((k) => obj?.[k] !== undefined).map((k) => [k, obj[k]]));
const describe = (e) => `${e.rule ? `rule "${e.rule}", ` : ''}field ${e.field}: ${e.message}`;
const kb = (bytes) => String(Math.ceil(bytes / 1024));

function backupText(raw) {
  let text;
  try { text = JSON.stringify(raw, null, 2); } catch { text = String(raw); }
  return text.length > MAX_BACKUP ? text.slice(0, MAX_BACKUP) : text;
}

/** The effective settings (public view). */
export async function loadSettings() {
  return (await loadState()).settings;
}

/** The whole background state (cached until storage changes). @returns {Promise<State>} */
export function loadState() {
  if (!cached) {
    const p = readState();
    cached = p;
    p.catch(() => { if (cached === p) cached = null; });
  }
  return cached;
}

/** @returns {Promise<State>} */
async function readState() {
  // storage first, then the core (the Wasm loads on the first call if it is not loaded yet)
  const [syncR, localR, managed] = await Promise.all([readArea('sync', SYNC_KEYS), readArea('local', LOCAL_KEYS), readManaged()]);
  const [core, profs] = await Promise.all([builtinRules(), professionList()]);
  const sync = syncR.data;
  const localRaw = localR.data;
  const builtins = core.rules;
  let local = S.normalizeLocal(localRaw);
  let notices = local.notices;
  /** @type {S.Repair[]} */
  const repairs = [...local.repairs];
  const backup = {};
  let needsWrite = repairs.length > 0;
  let rawPrefs = {};
  // chunks in sync now (even when this device reads its config from local): removed when stale
  let syncChunks = Math.max(C.chunkCount(sync.config), 0);

  const version = S.detectVersion(sync, localRaw);
  if (version === 1) {
    const m = S.migrateV1(sync, localRaw);
    rawPrefs = m.prefs;
    if (m.watchlist && !local.watchlist) local = { ...local, watchlist: m.watchlist, watchlistCount: 1 };
    needsWrite = true;
  } else if (version === 'unknown') {
    backup.unknownVersion = { sync: pick(sync, SYNC_KEYS), local: pick(localRaw, ['schemaVersion', ...S.PREF_KEYS]) };
    notices = S.withNotice(notices, 'unknownVersion', [String(sync.schemaVersion ?? localRaw.schemaVersion)]);
    needsWrite = true;
  } else if (version === 2) {
    const prefsFrom = local.placement.prefs === 'local' ? localRaw : sync;
    rawPrefs = pick(prefsFrom, S.PREF_KEYS.filter((k) => k !== 'config'));
    const configInSync = local.placement.prefs === 'sync' && local.placement.config === 'sync';
    const from = configInSync ? sync : localRaw;
    const header = from.config;
    let chunks = {};
    if (configInSync) {
      const n = C.chunkCount(header);
      if (n > 0) chunks = (await readArea('sync', Array.from({ length: n }, (_, i) => C.chunkKey(i)))).data;
    }
    try {
      const config = C.assembleConfig(header, (k) => chunks[k]);
      if (config !== undefined) rawPrefs.config = config;
    } catch (err) {
      repairs.push({ key: 'config', problem: err.message });
      backup.config = { header, chunks };
    }
  }

  const norm = S.normalizePrefs(rawPrefs);
  const prefs = norm.prefs;
  for (const r of norm.repairs) {
    repairs.push(r);
    backup[r.key] = rawPrefs[r.key];
  }
  if (prefs.config.watchlist !== undefined) {
    // a watch list never lives in the synced config; a valid one moves to the device
    const w = S.normalizeWatchlist(prefs.config.watchlist);
    if (w && !local.watchlist) local = { ...local, watchlist: w, watchlistCount: 1 };
    const { watchlist: _drop, ...rest } = prefs.config;
    prefs.config = rest;
    needsWrite = true;
  }
  if (Object.keys(prefs.config).length) {
    const errors = await validate(JSON.stringify(prefs.config));
    if (errors.length) {
      repairs.push({ key: 'config', problem: describe(errors[0]) });
      backup.config = prefs.config;
      prefs.config = {};
    }
  }
  if (repairs.length) {
    notices = S.withNotice(notices, 'recovered', [[...new Set(repairs.map((r) => r.key))].join(', ')]);
    needsWrite = true;
  }

  // organisation policy: invalid parts are dropped and reported (not stored: policy can change)
  const transient = [];
  const { policy, problems } = Pol.normalizePolicy(managed, profs.map((p) => p.id));
  if (problems.length) transient.push({ id: 'policyInvalid', key: S.NOTICES.policyInvalid, subs: [problems.join('; ')], transient: true });
  const goodPacks = [];
  for (const pack of policy.rulePacks) {
    const errors = await validate(JSON.stringify({ rules: [...goodPacks.flatMap((p) => p.rules), ...pack.rules] }));
    if (errors.length) transient.push({ id: `policyPack:${pack.name}`, key: S.NOTICES.policyPackInvalid, subs: [pack.name, describe(errors[0])], transient: true });
    else goodPacks.push(pack);
  }
  policy.rulePacks = goodPacks;

  let effective = Pol.effectiveConfig(prefs.config, policy, local.watchlist, builtins);
  if (policy.rulePacks.length && (await validate(JSON.stringify(effective))).length) {
    // the user's rules do not combine with the organisation's (e.g. too many): the pack wins
    effective = Pol.effectiveConfig({ ...prefs.config, rules: [] }, policy, local.watchlist, builtins);
    transient.push({ id: 'policyCombine', key: 'notice_policyCombine', subs: [], transient: true });
  }

  let state = {
    prefs, local: { ...local, notices }, policy, builtins, syncChunks,
    localHasPrefs: S.PREF_KEYS.some((k) => localRaw[k] !== undefined) && local.placement.prefs === 'sync',
    configJson: JSON.stringify(effective),
    storageInfo: null,
    transient,
  };
  if (needsWrite) {
    const extra = Object.keys(backup).length ? { settingsBackup: { at: Date.now(), text: backupText(backup) } } : {};
    state = await persist(state, prefs, { ...extra, pausedUntil: local.pausedUntil, watchlist: local.watchlist, watchlistCount: local.watchlistCount });
  }
  return finish(state);
}

/** Adds the public view to a state. */
function finish(state) {
  const { prefs, local, policy, builtins } = state;
  const plan = (() => {
    try { return C.planSync({ schemaVersion: S.SCHEMA_VERSION, ...prefs }); } catch { return null; }
  })();
  state.settings = {
    enabled: prefs.enabled,
    config: prefs.config,
    sites: Pol.effectiveSites(prefs.sites, policy),
    pausedUntil: local.pausedUntil,
    pauseBeforePosting: policy.pauseBeforePosting ?? prefs.pauseBeforePosting,
    reminderText: policy.reminderText ?? prefs.reminderText,
    schemaVersion: S.SCHEMA_VERSION,
    userSites: prefs.sites,
    watchlistCount: local.watchlist ? local.watchlistCount : 0,
    notices: [...local.notices, ...state.transient],
    storage: {
      prefs: local.placement.prefs,
      config: local.placement.config,
      bytes: plan ? plan.bytes : 0,
      quota: C.SYNC_QUOTA.total,
    },
    policy: {
      active: policy.active,
      rulePacks: policy.rulePacks,
      forceCategories: policy.forceCategories,
      sensitivity: policy.sensitivity,
      profession: policy.profession,
      sites: policy.sites,
      pauseBeforePosting: policy.pauseBeforePosting,
      reminderText: policy.reminderText,
    },
    locked: Pol.lockedSummary(policy, builtins),
  };
  return state;
}

/**
 * Writes preferences (sync, chunked; or local when they do not fit or sync fails) and the
 * given device-only values, and returns the updated state.
 * @param {State} state
 * @param {Prefs} prefs
 * @param {Record<string, unknown>} localValues  extra storage.local keys to set
 */
async function persist(state, prefs, localValues = {}) {
  let notices = state.local.notices.filter((n) => n.id !== 'configLocal' && n.id !== 'syncUnavailable');
  const localSet = { schemaVersion: S.SCHEMA_VERSION, ...localValues };
  const localRemove = [];
  let placement;
  let syncChunks = state.syncChunks;
  const plan = C.planSync({ schemaVersion: S.SCHEMA_VERSION, ...prefs });
  try {
    const sync = ext.storage?.sync;
    if (!sync) throw new Error('storage.sync is not available');
    await sync.set(plan.items);
    if (plan.fits) {
      const stale = C.staleChunkKeys(state.syncChunks, plan.chunks);
      if (stale.length) await sync.remove(stale);
      syncChunks = plan.chunks;
      placement = { prefs: 'sync', config: 'sync' };
      if (state.localHasPrefs || state.local.placement.config === 'local' || state.local.placement.prefs === 'local') localRemove.push(...S.PREF_KEYS);
    } else {
      placement = { prefs: 'sync', config: 'local' };
      localSet.config = prefs.config;
      if (state.localHasPrefs || state.local.placement.prefs === 'local') localRemove.push(...S.PREF_KEYS.filter((k) => k !== 'config'));
      notices = S.withNotice(notices, 'configLocal', [kb(plan.configBytes), kb(C.SYNC_QUOTA.total)]);
    }
  } catch (err) {
    placement = { prefs: 'local', config: 'local' };
    Object.assign(localSet, prefs);
    notices = S.withNotice(notices, 'syncUnavailable', [String(err?.message ?? err)]);
  }
  localSet.placement = placement;
  localSet.notices = notices;
  for (const [k, v] of Object.entries(localSet)) {
    if (v === null || v === undefined) {
      delete localSet[k];
      if (k === 'watchlist' || k === 'watchlistCount') localRemove.push(k);
    }
  }
  await ext.storage.local.set(localSet);
  if (localRemove.length) await ext.storage.local.remove?.(localRemove);
  return {
    ...state,
    prefs,
    syncChunks,
    localHasPrefs: placement.prefs === 'local',
    local: {
      ...state.local,
      placement,
      notices,
      ...('pausedUntil' in localSet ? { pausedUntil: localSet.pausedUntil } : {}),
      ...('watchlist' in localValues ? { watchlist: localValues.watchlist ?? null, watchlistCount: localValues.watchlistCount ?? 0 } : {}),
    },
  };
}

/** Recomputes the derived parts of a state after its prefs or watch list changed. */
function rederive(state) {
  const effective = Pol.effectiveConfig(state.prefs.config, state.policy, state.local.watchlist, state.builtins);
  return finish({ ...state, configJson: JSON.stringify(effective) });
}

/**
 * Merges `partial` into the stored settings and returns the new public settings. Throws an
 * Error naming the key for a bad value or a change the organisation's policy forbids. The
 * caller (handler.js) has validated `config` with the core.
 * @param {Partial<import('../shared/protocol.js').Settings>} partial
 */
export function saveSettings(partial) {
  return serial(async () => {
    const state = await loadState();
    const conflict = Pol.policyConflict(partial, state.prefs, state.policy, state.builtins);
    if (conflict) throw new Error(conflict);
    const prefs = { ...state.prefs };
    const localValues = {};
    let prefsChanged = false;
    for (const key of S.PREF_KEYS) {
      if (partial[key] === undefined) continue;
      let value = partial[key];
      if (key === 'config' && value && typeof value === 'object' && 'watchlist' in value) {
        // accepted for compatibility: the watch list is moved to this device only
        const { watchlist, ...rest } = value;
        const w = S.normalizeWatchlist(watchlist);
        if (watchlist !== undefined && watchlist !== null && !w) throw new Error('config.watchlist: not a valid hashed list');
        if (w) Object.assign(localValues, { watchlist: w, watchlistCount: Math.max(1, state.local.watchlistCount) });
        value = rest;
      }
      prefs[key] = S.checkPref(key, value);
      prefsChanged = true;
    }
    if (partial.pausedUntil !== undefined) {
      const until = partial.pausedUntil;
      if (typeof until !== 'number' || !Number.isFinite(until) || until < 0) throw new Error('pausedUntil: expected a time in epoch milliseconds');
      localValues.pausedUntil = until;
    }
    let next;
    if (prefsChanged) next = await persist(state, prefs, localValues);
    else {
      if (Object.keys(localValues).length) await ext.storage.local.set({ schemaVersion: S.SCHEMA_VERSION, ...localValues });
      next = { ...state, local: { ...state.local, ...localValues } };
    }
    next = rederive(next);
    cached = Promise.resolve(next);
    return next.settings;
  });
}

/**
 * Replaces the device's watch list (null clears it). Never synced.
 * @param {{salt: string, hashes: string[]}|null} watchlist
 * @param {number} count entries represented
 */
export function saveWatchlist(watchlist, count) {
  return serial(async () => {
    const state = await loadState();
    if (watchlist) await ext.storage.local.set({ schemaVersion: S.SCHEMA_VERSION, watchlist, watchlistCount: count });
    else await ext.storage.local.remove?.(['watchlist', 'watchlistCount']);
    const next = rederive({ ...state, local: { ...state.local, watchlist, watchlistCount: watchlist ? count : 0 } });
    cached = Promise.resolve(next);
    return next.settings;
  });
}

/** Removes one stored notice. */
export function dismissNotice(id) {
  return serial(async () => {
    const state = await loadState();
    const notices = state.local.notices.filter((n) => n.id !== id);
    const localSet = { notices };
    await ext.storage.local.set(localSet);
    if (id === 'recovered') await ext.storage.local.remove?.(['settingsBackup']);
    const next = finish({ ...state, local: { ...state.local, notices } });
    cached = Promise.resolve(next);
    return next.settings;
  });
}

/** The backup of replaced settings (text) or null. */
export async function settingsBackup() {
  const { data } = await readArea('local', ['settingsBackup']);
  return data.settingsBackup ?? null;
}

/** Drops the cache; called from the storage.onChanged listener in bg.js. */
export function invalidateSettings() {
  cached = null;
}

/**
 * True when a storage change can affect settings. Session-area changes (the per-tab reports)
 * never do; managed (policy) changes always do.
 * @param {Record<string, unknown>} changes
 * @param {string} [areaName]
 */
export function touchesSettings(changes, areaName) {
  if (areaName === 'session') return false;
  if (areaName === 'managed') return true;
  return Object.keys(changes).some((k) => SYNC_KEYS.includes(k) || LOCAL_KEYS.includes(k) || k.startsWith('config.'));
}
