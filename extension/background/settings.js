/**
 * Settings storage for the background: what the options page edits and what every check uses.
 *
 * Keys live at the top level of extension storage: `enabled` (boolean) and `config` (the
 * configuration JSON object of DEVELOPERS.md). `storage.local` wins over `storage.sync`
 * key by key, so a synced profile works while device-only data (the watch-list hashes) can
 * stay local. Writes go to `storage.local`. Missing keys fall back to `DEFAULT_SETTINGS`.
 * To add a setting: add it to `Settings` in shared/protocol.js, to `KEYS` and `DEFAULT_SETTINGS`,
 * and to the validator of `setSettings`.
 */
import { DEFAULT_SETTINGS, ext } from '../shared/protocol.js';

const KEYS = /** @type {const} */ (['enabled', 'config']);

/** @type {Promise<import('../shared/protocol.js').Settings>|null} */
let cached = null;

async function readArea(area) {
  try {
    return (await ext.storage[area]?.get([...KEYS])) ?? {};
  } catch (err) {
    // storage.sync can be unavailable (e.g. Firefox without an account backend); not fatal
    console.warn(`InSession: reading storage.${area} failed:`, err);
    return {};
  }
}

/** The effective settings (cached until storage changes). */
export function loadSettings() {
  if (!cached) {
    cached = Promise.all([readArea('sync'), readArea('local')]).then(([sync, local]) => {
      const merged = { ...DEFAULT_SETTINGS, ...sync, ...local };
      return {
        enabled: merged.enabled !== false,
        config: typeof merged.config === 'object' && merged.config !== null ? merged.config : {},
      };
    });
    cached.catch(() => { cached = null; });
  }
  return cached;
}

/**
 * Merges `partial` into the stored settings (storage.local) and returns the result.
 * @param {Partial<import('../shared/protocol.js').Settings>} partial
 */
export async function saveSettings(partial) {
  const next = { ...(await loadSettings()), ...partial };
  await ext.storage.local.set({ enabled: next.enabled, config: next.config });
  cached = Promise.resolve(next);
  return next;
}

/** Drops the cache; called from the storage.onChanged listener in bg.js. */
export function invalidateSettings() {
  cached = null;
}

/** True when a storage change touches a settings key. @param {Record<string, unknown>} changes */
export function touchesSettings(changes) {
  return KEYS.some((k) => k in changes);
}
