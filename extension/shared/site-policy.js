/**
 * Whether InSession is active on a site right now: one pure function shared by the content
 * script (to start or stop checking and drawing), the popup (to show the state) and tests.
 *
 * Why it exists: per-site on/off, "pause for one hour" and the global switch must mean the
 * same thing everywhere, and tests must be able to control the clock (`now`).
 *
 * Settings keys it reads (all optional; see Settings in protocol.js):
 *   enabled      boolean   global switch (default true)
 *   sites        {[hostname]: boolean}  false turns one site off; subdomains inherit the
 *                          setting of their parent domain ("www.x.com" follows "x.com")
 *   pausedUntil  number    epoch milliseconds; checking is paused everywhere until then
 */

/**
 * @typedef {'on'|'disabled'|'site-off'|'paused'} SiteReason
 * @typedef {{active: boolean, reason: SiteReason, until?: number}} SiteState
 */

/** The site key a hostname is stored under: the most specific configured parent, else itself. */
export function siteKey(sites, hostname) {
  const host = String(hostname || '').toLowerCase().replace(/\.$/, '');
  const parts = host.split('.');
  for (let i = 0; i < parts.length - 1; i++) {
    const candidate = parts.slice(i).join('.');
    if (sites && Object.prototype.hasOwnProperty.call(sites, candidate)) return candidate;
  }
  return host.replace(/^www\./, '');
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
