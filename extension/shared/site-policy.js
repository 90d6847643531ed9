/**
 * Whether InSession is active on a site right now, and which sites exist: pure functions
 * shared by the content script (to start or stop checking and drawing), the background (to
 * refuse checks from a site that is off and to register content scripts for added sites), the
 * popup and options page (to show the state), and tests.
 *
 * Why it exists: per-site on/off, "pause for one hour" and the global switch must mean the
 * same thing everywhere, and tests must be able to control the clock (`now`).
 *
 * Settings keys it reads (all optional; see Settings in protocol.js):
 *   enabled      boolean   global switch (default true)
 *   sites        {[hostname]: boolean}  false turns one site off; subdomains inherit the
 *                          setting of their parent domain ("www.x.com" follows "x.com").
 *                          A key that is not one of SUPPORTED_SITES is a site the user (or the
 *                          organisation) added, e.g. a Mastodon instance.
 *   pausedUntil  number    epoch milliseconds; checking is paused everywhere until then
 */

/**
 * @typedef {'on'|'disabled'|'site-off'|'paused'} SiteReason
 * @typedef {{active: boolean, reason: SiteReason, until?: number}} SiteState
 */

/**
 * The sites the manifest's content script covers (their subdomains too), in display order.
 * Keep in step with `content_scripts.matches` / `host_permissions` in manifest.json.
 */
export const SUPPORTED_SITES = Object.freeze([
  'x.com', 'twitter.com', 'facebook.com', 'instagram.com', 'threads.net', 'threads.com',
  'linkedin.com', 'reddit.com', 'bsky.app', 'youtube.com',
]);

/** How long "Pause for one hour" pauses (ms). */
export const PAUSE_MS = 60 * 60 * 1000;

/** The site key a hostname is stored under: the most specific configured parent, else itself. */
export function siteKey(sites, hostname) {
  const host = String(hostname || '').toLowerCase().replace(/\.$/, '');
  const parts = host.split('.');
  for (let i = 0; i < parts.length - 1; i++) {
    const candidate = parts.slice(i).join('.');
    if (sites && Object.prototype.hasOwnProperty.call(sites, candidate)) return candidate;
  }
  const supported = supportedSite(host);
  return supported ?? host.replace(/^www\./, '');
}

/**
 * @param {{enabled?: boolean, sites?: Record<string, boolean>, pausedUntil?: number}} settings
 * @param {string} hostname
 * @param {number} [now] epoch ms (defaults to Date.now(); tests pass their own clock)
 * @returns {SiteState}
 */
export function siteState(settings, hostname, now = Date.now()) {
  if (settings?.enabled === false) return { active: false, reason: 'disabled' };
  const sites = settings?.sites ?? {};
  if (sites[siteKey(sites, hostname)] === false) return { active: false, reason: 'site-off' };
  const until = Number(settings?.pausedUntil) || 0;
  if (until > now) return { active: false, reason: 'paused', until };
  return { active: true, reason: 'on' };
}

/** The supported site a hostname belongs to ("old.reddit.com" → "reddit.com"), else null. */
export function supportedSite(hostname) {
  const host = String(hostname || '').toLowerCase().replace(/\.$/, '');
  return SUPPORTED_SITES.find((s) => host === s || host.endsWith(`.${s}`)) ?? null;
}

/** A hostname: lower-case labels of letters, digits and hyphens, at least one dot. */
const HOSTNAME = /^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/;

/**
 * What the user typed to add a site ("https://mastodon.social/@me", "Mastodon.Social") as a
 * bare hostname, or null when it is not one (IP addresses, "localhost" and wildcards are not
 * accepted: a site is a named public host).
 * @param {string} input
 * @returns {string|null}
 */
export function normalizeHost(input) {
  let s = String(input ?? '').trim().toLowerCase();
  if (!s) return null;
  if (!/^[a-z][a-z0-9+.-]*:\/\//.test(s)) s = `https://${s}`;
  let host;
  try {
    const url = new URL(s);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
    host = url.hostname.replace(/\.$/, '');
  } catch {
    return null;
  }
  if (host.startsWith('www.')) host = host.slice(4);
  return HOSTNAME.test(host) ? host : null;
}

/** The host-permission origins InSession asks for when a site is added. */
export function originsFor(host) {
  return [`https://${host}/*`];
}

/** The sites a user or an organisation added (keys of `sites` that are not supported sites). */
export function addedSites(sites) {
  return Object.keys(sites ?? {}).filter((h) => !supportedSite(h)).sort();
}
