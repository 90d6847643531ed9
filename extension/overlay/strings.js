/**
 * Every user-visible string of the overlay, in English, with the keys a host translates.
 *
 * Why it exists: the overlay is shared by the content script, the options page tester and the
 * test pages; only the content script has `browser.i18n`. A host passes `t(key, subs)`; when
 * it returns nothing the English default is used. Keys are valid `_locales` message names, so
 * phase 2 can route them with `t = (k, s) => browser.i18n.getMessage('overlay_' + k, s)` after
 * adding `overlay_<key>` entries (see `messagesJson()`) to `_locales/en/messages.json`.
 * `$1`, `$2` are positional substitutions (as in `_locales`).
 */

export const DEFAULT_STRINGS = Object.freeze({
  productName: 'InSession',
  riskOk: 'Nothing flagged',
  riskCaution: 'Check the wording',
  riskHigh: 'May identify a client',
  riskChecking: 'Checking…',
  riskError: 'Not checked',
  badgeLabelOk: 'InSession: nothing flagged. $1 Open the InSession panel (Alt+Shift+I).',
  badgeLabel_one: 'InSession: $2. $1 finding. Open the InSession panel (Alt+Shift+I).',
  badgeLabel_other: 'InSession: $2. $1 findings. Open the InSession panel (Alt+Shift+I).',
  ignoredCount_one: '$1 ignored',
  ignoredCount_other: '$1 ignored',
  riskIgnored: 'Warnings ignored',
  severityHigh: 'High risk',
  severityCaution: 'Caution',
  reminder: 'Would I discuss this in session?',
  reminderDetail: 'Ask it before every post: InSession checks words, and can miss what makes a post recognisable.',
  highDetails_one: '$1 detail narrows who it is: $2.',
  highDetails_other: '$1 details narrow who it is: $2.',
  highWords: 'Words that raised it: $1.',
  categoryTitle_confidentiality: 'May identify a client',
  categoryTitle_identifiers: 'An identifier',
  categoryTitle_boundaries: 'A boundary question',
  categoryTitle_professionalism: 'Professional tone',
  categoryTitle_stigma: 'Stigmatising wording',
  categoryTitle_safe_messaging: 'Safe messaging',
  categoryTitle_self_disclosure: 'Self-disclosure',
  reminderDismiss: 'Don\u2019t remind me again this session',
  close: 'Close',
  cardTitle: 'InSession finding',
  evidence: 'What raised it',
  source: 'Guideline',
  suggestion: 'Suggestion',
  noSuggestion: 'Rephrase or remove this detail.',
  apply: 'Apply',
  applyLabel: 'Replace \u201c$1\u201d with \u201c$2\u201d',
  ignore: 'Ignore',
  ignoreLabel: 'Ignore this occurrence',
  ignoreLabelHigh: 'Ignore this occurrence; the pause before posting still applies',
  ignoredTitle_one: 'Ignored ($1)',
  ignoredTitle_other: 'Ignored ($1)',
  unignore: 'Show again',
  unignoreLabel: 'Show the warning about \u201c$1\u201d again',
  disableRule: 'Turn off this rule',
  disableConfirm: 'Turn off \u201c$1\u201d for every post? InSession will stop warning about it until you turn it back on.',
  disableConfirmYes: 'Turn it off',
  disableKeep: 'Keep it on',
  ruleOff: '\u201c$1\u201d is off.',
  ruleOffWhere: 'Turn it back on any time from the toolbar button or the settings.',
  undo: 'Undo',
  applyFailed: 'The suggestion could not be applied here; your text was left as it was.',
  panelTitle: 'InSession',
  panelEmpty: 'Nothing flagged. InSession can miss details, so the question still stands.',
  panelFindings: 'Findings',
  truncated: 'Only the first $1 characters were checked.',
  checkFailed: 'InSession could not check this post: $1',
  shortcutHint: 'Alt+Shift+I opens the finding at the caret, or this panel.',
  pauseTitle: 'Before you post: $1',
  pauseBody: '$1 Your text is kept; choose Edit to change it.',
  pauseIgnored: 'You ignored this warning; ignored high-risk warnings still pause the post.',
  edit: 'Edit',
  postAnyway: 'Post anyway',
  announceHigh: 'InSession, high risk: $1',
  announceClear: 'InSession: no high-risk details remain.',
  announceIgnored: 'InSession: warning ignored. The pause before posting still applies.',
  pluralLocale: 'en',
});

/** @typedef {keyof typeof DEFAULT_STRINGS} StringKey */
/** @typedef {(key: string, subs?: string[]) => (string|undefined|null)} Translate */

/**
 * Wrap a host's translate function with the English defaults and `$n` substitution.
 * @param {Translate} [t]
 * @returns {(key: StringKey, ...subs: (string|number)[]) => string}
 */
export function makeStrings(t) {
  return (key, ...subs) => {
    const s = subs.map(String);
    let msg;
    try { msg = t ? t(key, s) : null; } catch { msg = null; }
    if (!msg) msg = DEFAULT_STRINGS[key] ?? key;
    return msg.replace(/\$(\d)/g, (m, d) => (s[Number(d) - 1] ?? m));
  };
}

/**
 * A plural message: `key_<category>` chosen with Intl.PluralRules for the strings' own locale
 * (the `pluralLocale` string, so a translation brings its plural rules with it), falling back
 * to `key_other`; `$1` is the count.
 * Why: chrome.i18n has no plural forms, and "finding(s)" reads badly.
 * @param {(key: StringKey, ...subs: (string|number)[]) => string} S
 * @param {string} base   e.g. 'ignoredCount' for ignoredCount_one / ignoredCount_other
 * @param {number} n
 * @param {...(string|number)} more  $2, $3…
 */
export function plural(S, base, n, ...more) {
  let cat = 'other';
  try { cat = new Intl.PluralRules(S('pluralLocale')).select(n); } catch { /* unknown locale: other */ }
  const key = /** @type {StringKey} */ (`${base}_${cat}`);
  const msg = S(key, n, ...more);
  // makeStrings answers an unknown key with the key itself
  return msg !== key ? msg : S(/** @type {StringKey} */ (`${base}_other`), n, ...more);
}

/**
 * The strings as `_locales/<lang>/messages.json` entries named `overlay_<key>`.
 * @returns {Record<string, { message: string, description: string }>}
 */
export function messagesJson() {
  /** @type {Record<string, { message: string, description: string }>} */
  const out = {};
  for (const [k, v] of Object.entries(DEFAULT_STRINGS)) {
    out[`overlay_${k}`] = { message: v, description: `InSession overlay: ${k}` };
  }
  return out;
}
