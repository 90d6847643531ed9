/**
 * Content scripts for sites the user (or the organisation) added, e.g. a Mastodon instance.
 *
 * Why it exists: the manifest's content script covers only the built-in sites. An added site
 * gets its host permission at run time (the options page asks, with the user's click) and
 * then a content script registered with `scripting.registerContentScripts` (persisted across
 * browser restarts). `reconcile` makes the registrations match the settings and the granted
 * permissions; bg.js calls it on start-up, on install and when permissions change, and the
 * handler after adding or removing a site.
 */
import { ext } from '../shared/protocol.js';
import { addedSites, originsFor } from '../shared/site-policy.js';

const PREFIX = 'site:';

/** The registration for one host. */
export function scriptFor(host) {
  return {
    id: `${PREFIX}${host}`,
    matches: originsFor(host),
    js: ['content.js'],
    allFrames: true,
    runAt: 'document_idle',
    persistAcrossSessions: true,
  };
}

/** True when the host permission for `host` is granted. */
export async function hasPermission(host) {
  try {
    return await ext.permissions.contains({ origins: originsFor(host) });
  } catch {
    return false;
  }
}

/**
 * Registers the content script for every added site whose permission is granted and
 * unregisters the rest. Returns the hosts now registered.
 * @param {string[]} hosts  added sites (user's and policy's)
 */
export async function reconcile(hosts) {
  if (!ext.scripting?.registerContentScripts || !ext.permissions) return [];
  const wanted = [];
  for (const host of new Set(hosts)) if (await hasPermission(host)) wanted.push(host);
  const existing = (await ext.scripting.getRegisteredContentScripts()).filter((s) => s.id.startsWith(PREFIX));
  const have = new Set(existing.map((s) => s.id.slice(PREFIX.length)));
  const stale = existing.filter((s) => !wanted.includes(s.id.slice(PREFIX.length))).map((s) => s.id);
  if (stale.length) await ext.scripting.unregisterContentScripts({ ids: stale });
  const missing = wanted.filter((h) => !have.has(h)).map(scriptFor);
  if (missing.length) {
    try {
      await ext.scripting.registerContentScripts(missing);
    } catch (err) {
      // an older engine without persistAcrossSessions: register for this session
      if (!/persistAcrossSessions/i.test(String(err?.message))) throw err;
      await ext.scripting.registerContentScripts(missing.map(({ persistAcrossSessions, ...rest }) => rest));
    }
  }
  return wanted;
}

/** The added sites of a settings state: the user's and the organisation's. */
export function sitesToRegister(userSites, policySites) {
  return [...new Set([...addedSites(userSites), ...addedSites(Object.fromEntries(policySites.map((h) => [h, true])))])];
}
