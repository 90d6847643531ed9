/**
 * The options page and the popup take every visible string from _locales (issue 5): each
 * data-i18n* key and each t('…') key used by their scripts exists in
 * extension/_locales/en/messages.json, no visible text in their HTML bypasses it, and every
 * message's $PLACEHOLDER$ is declared (and every declared placeholder used).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';

const root = new URL('../../extension/', import.meta.url);
const read = (p) => readFileSync(new URL(p, root), 'utf8');
const messages = JSON.parse(read('_locales/en/messages.json'));
const PAGES = ['options/options.html', 'popup/popup.html'];
const SCRIPTS = [
  ...readdirSync(new URL('options/', root)).filter((f) => f.endsWith('.js')).map((f) => `options/${f}`),
  ...readdirSync(new URL('popup/', root)).filter((f) => f.endsWith('.js')).map((f) => `popup/${f}`),
];

test('messages.json: placeholders are declared and used', () => {
  for (const [key, m] of Object.entries(messages)) {
    assert.equal(typeof m.message, 'string', key);
    const used = new Set([...m.message.matchAll(/\$([A-Za-z0-9_@]+)\$/g)].map((x) => x[1].toLowerCase()));
    const declared = new Set(Object.keys(m.placeholders ?? {}).map((k) => k.toLowerCase()));
    for (const u of used) assert.ok(declared.has(u), `${key}: $${u.toUpperCase()}$ has no placeholder`);
    for (const d of declared) assert.ok(used.has(d), `${key}: placeholder ${d} is not used in the message`);
  }
});

test('options page and popup: every key they use exists', () => {
  const missing = [];
  for (const p of PAGES) {
    for (const [, key] of read(p).matchAll(/data-i18n(?:-[a-z-]+)?="([^"]+)"/g)) if (!messages[key]) missing.push(`${p}: ${key}`);
  }
  for (const s of SCRIPTS) {
    for (const [, key] of read(s).matchAll(/\bt\('([A-Za-z0-9_]+)'/g)) if (!messages[key]) missing.push(`${s}: ${key}`);
    // plural messages: tn('base', n) needs at least base_one and base_other (English's forms)
    for (const [, base] of read(s).matchAll(/\btn\('([A-Za-z0-9_]+)'/g)) {
      for (const form of ['one', 'other']) if (!messages[`${base}_${form}`]) missing.push(`${s}: ${base}_${form}`);
    }
  }
  for (const cat of ['confidentiality', 'identifiers', 'boundaries', 'professionalism', 'stigma', 'safe_messaging', 'self_disclosure']) {
    for (const key of [`category_${cat}`, `categoryHelp_${cat}`]) if (!messages[key]) missing.push(key);
  }
  for (const key of ['severity_high', 'severity_caution', 'riskHigh', 'riskCaution', 'riskOk', 'pluralLocale']) if (!messages[key]) missing.push(key);
  const schema = read('background/schema.js');
  for (const [, key] of schema.matchAll(/'(notice_[A-Za-z]+)'/g)) if (!messages[key]) missing.push(`schema.js: ${key}`);
  for (const [, key] of read('background/settings.js').matchAll(/'(notice_[A-Za-z]+)'/g)) if (!messages[key]) missing.push(`settings.js: ${key}`);
  assert.deepEqual(missing, []);
});

test('options page and popup: no visible text outside _locales', () => {
  for (const p of PAGES) {
    const html = read(p).replace(/<!--[\s\S]*?-->/g, '');
    for (const [, tag, attrs, text] of html.matchAll(/<([a-z0-9]+)([^>]*)>([^<]*)</g)) {
      if (!text.trim() || ['script', 'style'].includes(tag)) continue;
      assert.match(attrs, /data-i18n="/, `${p}: <${tag}${attrs}> shows "${text.trim()}" without data-i18n`);
    }
  }
});

test('no "(s)" plurals and no green all-clear wording in any message', () => {
  for (const [key, m] of Object.entries(messages)) {
    assert.doesNotMatch(m.message, /\w\(s\)/, `${key}: use <key>_one / <key>_other (tn / plural) instead of "(s)"`);
    assert.doesNotMatch(m.message, /no concerns|no risk found|all clear/i, `${key}: "nothing flagged" is not an all-clear`);
  }
});
