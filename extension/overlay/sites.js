/**
 * Per-site knowledge the overlay's host passes in: the selectors of each site's post buttons
 * and the keys that post from inside the compose field.
 *
 * Why it exists: the post-button heuristic (postguard.js) catches buttons labelled Post /
 * Reply / Comment…, but some sites label theirs otherwise (old Reddit "save") or use icons, and
 * selectors are cheaper and exact. Selectors for the fixture pages (tests/fixtures/editors/)
 * imitate the real markup; real sites change theirs, so the heuristic stays as a backstop.
 */

/**
 * @typedef {object} SiteProfile
 * @property {string} site
 * @property {string[]} postButtonSelectors
 * @property {string[]} submitKeys      shortcuts that post from inside the field
 */

/** @type {{ hosts: RegExp, profile: SiteProfile }[]} */
const PROFILES = [
  {
    hosts: /(^|\.)(x|twitter)\.com$/,
    profile: { site: 'x', submitKeys: ['Mod+Enter'], postButtonSelectors: ['[data-testid="tweetButtonInline"]', '[data-testid="tweetButton"]'] },
  },
  {
    hosts: /(^|\.)facebook\.com$/,
    profile: { site: 'facebook', submitKeys: ['Mod+Enter'], postButtonSelectors: ['div[role="button"][aria-label="Post"]', 'div[role="button"][aria-label="Comment"]'] },
  },
  {
    hosts: /(^|\.)(threads\.net|threads\.com)$/,
    profile: { site: 'threads', submitKeys: ['Mod+Enter'], postButtonSelectors: ['div[role="button"][aria-label="Post"]'] },
  },
  {
    hosts: /(^|\.)instagram\.com$/,
    profile: { site: 'instagram', submitKeys: [], postButtonSelectors: ['div[role="button"][aria-label="Post"]', 'div[role="button"][aria-label="Share"]'] },
  },
  {
    hosts: /(^|\.)bsky\.app$/,
    profile: { site: 'bluesky', submitKeys: ['Mod+Enter'], postButtonSelectors: ['button[aria-label="Publish post"]', 'button[aria-label="Publish reply"]'] },
  },
  {
    hosts: /(^|\.)linkedin\.com$/,
    profile: { site: 'linkedin', submitKeys: [], postButtonSelectors: ['button.share-actions__primary-action', 'button.comments-comment-box__submit-button'] },
  },
  {
    hosts: /^old\.reddit\.com$/,
    profile: { site: 'reddit', submitKeys: [], postButtonSelectors: ['form.usertext button.save', 'form.usertext button[type="submit"]'] },
  },
  {
    hosts: /(^|\.)youtube\.com$/,
    profile: { site: 'youtube', submitKeys: [], postButtonSelectors: ['#submit-button button[aria-label="Comment"]', '#submit-button button', 'ytd-button-renderer#submit-button'] },
  },
];

/** Mastodon runs on many hosts: recognise its compose form instead. */
const MASTODON = { site: 'mastodon', submitKeys: ['Mod+Enter'], postButtonSelectors: ['form.compose-form button[type="submit"]'] };

/**
 * The profile for a host name (and, for Mastodon, the field's surroundings).
 * @param {string} hostname
 * @param {Element} [field]
 * @returns {SiteProfile}
 */
export function siteProfile(hostname, field) {
  const host = hostname.toLowerCase();
  for (const p of PROFILES) if (p.hosts.test(host)) return p.profile;
  if (field && field.closest && field.closest('form.compose-form')) return MASTODON;
  return { site: host, submitKeys: ['Mod+Enter'], postButtonSelectors: [] };
}
