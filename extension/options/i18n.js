/**
 * Localised strings for the extension's pages (options, popup): every visible string comes
 * from `_locales/<lang>/messages.json` through `i18n.getMessage`, so translating InSession is
 * adding one file. Markup names its strings with `data-i18n` (text), `data-i18n-placeholder`,
 * `data-i18n-title` and `data-i18n-aria-label`; scripts call `t(key, subs)`.
 */
import { ext } from '../shared/protocol.js';

/**
 * The message `key` with `$1`… substitutions; the key itself when the locale lacks it (a
 * missing string is visible instead of blank, and tests/smoke/i18n.test.js catches it).
 * @param {string} key
 * @param {(string|number)[]} [subs]
 */
export function t(key, subs = []) {
  let msg = '';
  try {
    msg = ext.i18n.getMessage(key, subs.map(String));
  } catch {
    msg = '';
  }
  return msg || key;
}

/**
 * A plural message: `<base>_<category>` picked with Intl.PluralRules for the messages' own
 * locale (the `pluralLocale` message, so a translation brings its plural rules), falling back
 * to `<base>_other`; `$1` is the count. chrome.i18n has no plural forms of its own.
 * @param {string} base
 * @param {number} n
 * @param {(string|number)[]} [more]  $2, $3…
 */
export function tn(base, n, more = []) {
  let cat = 'other';
  try { cat = new Intl.PluralRules(t('pluralLocale')).select(n); } catch { /* unknown locale: other */ }
  const key = `${base}_${cat}`;
  const msg = t(key, [n, ...more]);
  return msg !== key ? msg : t(`${base}_other`, [n, ...more]);
}

/** Fills every `data-i18n*` element under `root`. @param {ParentNode} root */
export function localize(root = document) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.getAttribute('data-i18n'));
  for (const el of root.querySelectorAll('[data-i18n-placeholder]')) el.setAttribute('placeholder', t(el.getAttribute('data-i18n-placeholder')));
  for (const el of root.querySelectorAll('[data-i18n-title]')) el.setAttribute('title', t(el.getAttribute('data-i18n-title')));
  for (const el of root.querySelectorAll('[data-i18n-aria-label]')) el.setAttribute('aria-label', t(el.getAttribute('data-i18n-aria-label')));
  const lang = ext.i18n?.getUILanguage?.();
  if (lang) document.documentElement.lang = lang;
}

/** The locale's name for a category id ("safe_messaging" → "Safe messaging"). */
export const categoryName = (id) => t(`category_${id}`);
