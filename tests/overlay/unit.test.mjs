/**
 * Unit tests of the overlay's pure parts (no DOM, no browser): the text model over token
 * lists, moving findings across edits, the check queue, strings, post-button heuristics and
 * shortcut matching, colour contrast of the palette, popup placement.
 *   node --test tests/overlay/
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { buildFromTokens } from '../../extension/overlay/textmodel.js';
import { adjustFindings, commonAffixes, findingKey, effectiveRisk, evidenceParts, replacementOf } from '../../extension/overlay/findings.js';
import { buildCard } from '../../extension/overlay/ui.js';
import { createCheckQueue } from '../../extension/overlay/scheduler.js';
import { makeStrings, DEFAULT_STRINGS, messagesJson, plural } from '../../extension/overlay/strings.js';
import { looksLikePost, keyMatcher } from '../../extension/overlay/postguard.js';
import { contrast, parseColor } from '../../extension/overlay/theme.js';
import { placePopup, placeAround, intersect } from '../../extension/overlay/geometry.js';
import { siteProfile } from '../../extension/overlay/sites.js';
import { SHADOW_CSS } from '../../extension/overlay/styles.js';

// ---- text model ----------------------------------------------------------------------------
const T = (data) => ({ t: 'text', node: { data }, data });
const BR = () => ({ t: 'br', el: {} });
const E = () => ({ t: 'edge' });
/** A block: edge, children, edge. */
const P = (...kids) => [E(), ...kids, E()];

describe('textmodel.buildFromTokens', () => {
  test('paragraphs become lines (Draft/Lexical/ProseMirror/Quill shape)', () => {
    const r = buildFromTokens([...P(T('Hello client')), ...P(T('bed 12 here'))]);
    assert.equal(r.text, 'Hello client\nbed 12 here');
    assert.deepEqual(r.segments.map((s) => [s.start, s.end]), [[0, 12], [13, 24]]);
  });
  test('nested blocks give one newline (Draft: div[data-block] > div > span)', () => {
    const block = (t) => [E(), E(), T(t), E(), E()];
    assert.equal(buildFromTokens([...block('a'), ...block('b')]).text, 'a\nb');
  });
  test('empty paragraph with placeholder <br> is an empty line', () => {
    assert.equal(buildFromTokens([...P(T('a')), ...P(BR()), ...P(T('b'))]).text, 'a\n\nb');
  });
  test('leading empty paragraph', () => {
    assert.equal(buildFromTokens([...P(BR()), ...P(T('b'))]).text, '\nb');
  });
  test('trailing <br> after text is a placeholder, inner <br> is a line break', () => {
    assert.equal(buildFromTokens(P(T('a'), BR())).text, 'a');
    assert.equal(buildFromTokens(P(T('a'), BR(), T('b'))).text, 'a\nb');
    assert.equal(buildFromTokens([...P(T('a'), BR(), BR()), ...P(T('c'))]).text, 'a\n\nc');
  });
  test('plain contenteditable: text then <div> lines (Chrome)', () => {
    assert.equal(buildFromTokens([T('Hello'), ...P(T('world')), ...P(BR()), ...P(T('end'))]).text, 'Hello\nworld\n\nend');
  });
  test('ProseMirror hard break at the end of a paragraph', () => {
    // <p>a<br><img class=ProseMirror-separator><br class=ProseMirror-trailingBreak></p>
    assert.equal(buildFromTokens(P(T('a'), BR(), BR())).text, 'a\n');
  });
  test('nbsp reads as space, lengths unchanged', () => {
    const r = buildFromTokens(P(T('a\u00a0b')));
    assert.equal(r.text, 'a b');
    assert.equal(r.segments[0].end, 3);
  });
  test('collapsing white-space maps newlines in text nodes one-for-one', () => {
    assert.equal(buildFromTokens([T('a\nb')], { collapseWhitespace: true }).text, 'a b');
    assert.equal(buildFromTokens([T('a\nb')]).text, 'a\nb');
  });
  test('cap: stops at maxChars and says so', () => {
    const r = buildFromTokens([...P(T('abcdef')), ...P(T('ghij'))], { maxChars: 8 });
    assert.equal(r.text, 'abcdef\ng');
    assert.equal(r.truncated, true);
  });
  test('mark token gives a caret offset, after a pending block break', () => {
    assert.equal(buildFromTokens([...P(T('ab')), E(), { t: 'mark' }, BR(), E()]).mark, 3);
    assert.equal(buildFromTokens([E(), T('ab'), { t: 'mark' }, E()]).mark, 2);
  });
  test('segments map every non-newline character to its node', () => {
    const toks = [...P(T('one')), ...P(BR()), ...P(T('two'), BR(), T('three'))];
    const r = buildFromTokens(toks);
    for (const s of r.segments) assert.equal(r.text.slice(s.start, s.end), s.node.data);
  });
});

// ---- findings --------------------------------------------------------------------------------
const F = (start, end, text, severity = 'caution', rule = 'r') => ({ rule, category: 'c', severity, start, end, text, message: 'm', suggestion: null, source: 's', evidence: [{ start, end, text, kind: 'k' }] });

describe('findings', () => {
  test('commonAffixes does not overlap', () => {
    assert.deepEqual(commonAffixes('aaa', 'aaaa'), { prefix: 3, suffix: 0 });
    assert.deepEqual(commonAffixes('abXcd', 'abYYcd'), { prefix: 2, suffix: 2 });
  });
  test('edit before a finding shifts it; edit inside drops it; edit after keeps it', () => {
    const old = 'my client in bed 12';
    const fs = [F(3, 9, 'client'), F(13, 19, 'bed 12', 'high')];
    const ins = adjustFindings(fs, old, 'hi my client in bed 12');
    assert.deepEqual(ins.map((f) => [f.start, f.end, f.evidence[0].start]), [[6, 12, 6], [16, 22, 16]]);
    const inside = adjustFindings(fs, old, 'my cliXent in bed 12');
    assert.deepEqual(inside.map((f) => f.text), ['bed 12']);
    assert.equal(inside[0].start, 14);
    const after = adjustFindings(fs, old, 'my client in bed 12!');
    assert.equal(after.length, 2);
  });
  test('typing right after a word keeps it until the next report', () => {
    const r = adjustFindings([F(3, 9, 'client')], 'my client', 'my clients');
    assert.equal(r.length, 1);
  });
  test('findingKey counts occurrences of the same rule+text', () => {
    const all = [F(0, 6, 'client'), F(10, 16, 'Client'), F(20, 26, 'other', 'caution', 'x')];
    assert.notEqual(findingKey(all[0], all), findingKey(all[1], all));
    assert.match(findingKey(all[1], all), /client\u00001$/);
  });
  test('effectiveRisk: report risk when all shown, else the highest left', () => {
    const rep = { risk: 'high', findings: [F(0, 1, 'a'), F(2, 3, 'b')] };
    assert.equal(effectiveRisk(rep, rep.findings), 'high'); // two cautions rated high by the core
    assert.equal(effectiveRisk(rep, [rep.findings[0]]), 'caution');
    assert.equal(effectiveRisk(rep, []), 'ok');
    assert.equal(effectiveRisk(null, []), 'ok');
  });
  test('evidenceParts marks evidence and elides long context at word boundaries', () => {
    const text = `${'x '.repeat(50)}the client in bed 12 said ${'y '.repeat(50)}`;
    const start = text.indexOf('bed 12');
    const f = { ...F(start, start + 6, 'bed 12', 'high'), evidence: [{ start: text.indexOf('client'), end: text.indexOf('client') + 6, text: 'client', kind: 'anchor' }, { start, end: start + 6, text: 'bed 12', kind: 'id' }] };
    const parts = evidenceParts(text, f);
    assert.deepEqual(parts.filter((p) => p.mark).map((p) => p.text), ['client', 'bed 12']);
    assert.equal(parts[0].text, '…');
    assert.equal(parts[parts.length - 1].text, '…');
  });
});

// ---- check queue -------------------------------------------------------------------------------
describe('scheduler.createCheckQueue', () => {
  test('one request in flight, latest text wins, cache answers repeats', async () => {
    const calls = [];
    /** @type {Map<string, (r: any) => void>} */
    const pending = new Map();
    const results = [];
    const q = createCheckQueue({
      check: (t) => { calls.push(t); return new Promise((res) => pending.set(t, res)); },
      onResult: (t, r, cached) => results.push([t, r.risk, cached]),
    });
    q.request('a');
    q.request('ab');
    q.request('abc');
    assert.deepEqual(calls, ['a']);
    assert.equal(q.busy(), true);
    pending.get('a')({ risk: 'ok', findings: [] });
    await new Promise((r) => setTimeout(r, 0));
    assert.deepEqual(calls, ['a', 'abc'], '"ab" was superseded while "a" was in flight');
    pending.get('abc')({ risk: 'high', findings: [] });
    await new Promise((r) => setTimeout(r, 0));
    assert.equal(q.busy(), false);
    q.request('a');
    assert.deepEqual(results, [['a', 'ok', false], ['abc', 'high', false], ['a', 'ok', true]]);
    assert.equal(calls.length, 2);
  });
  test('waitFor resolves with the report, or null on timeout', async () => {
    const q = createCheckQueue({ check: async (t) => ({ risk: t === 'x' ? 'high' : 'ok', findings: [] }), onResult: () => {} });
    assert.equal((await q.waitFor('x', 500)).risk, 'high');
    const slow = createCheckQueue({ check: () => new Promise(() => {}), onResult: () => {} });
    assert.equal(await slow.waitFor('y', 20), null);
  });
  test('errors are reported and do not wedge the queue', async () => {
    const errors = [];
    let n = 0;
    const q = createCheckQueue({
      check: async () => { if (n++ === 0) throw new Error('boom'); return { risk: 'ok', findings: [] }; },
      onResult: () => {},
      onError: (e) => errors.push(e.message),
    });
    q.request('a');
    await new Promise((r) => setTimeout(r, 0));
    q.request('b');
    assert.equal((await q.waitFor('b', 200)).risk, 'ok');
    assert.deepEqual(errors, ['boom']);
  });
});

describe('suggestions', () => {
  /** The few DOM calls ui.js makes, enough to build a card without a browser. */
  function fakeDocument() {
    const node = (tag) => ({
      tag, children: [], attrs: {}, className: '', listeners: {}, _text: '',
      setAttribute(k, v) { this.attrs[k] = v; },
      getAttribute(k) { return this.attrs[k] ?? null; },
      addEventListener(type, fn) { this.listeners[type] = fn; },
      append(...kids) { this.children.push(...kids); },
      set textContent(v) { this._text = v; this.children = []; },
      get textContent() { return this._text + this.children.map((c) => c.textContent).join(''); },
    });
    return { createElement: node, createTextNode: (t) => ({ textContent: t }) };
  }
  const all = (el) => [el, ...(el.children || []).flatMap(all)];
  const S = makeStrings();
  /** The card for a finding: its action buttons and its suggestion paragraph. */
  function card(extra) {
    const f = {
      rule: 'r', category: 'stigma', severity: 'caution', start: 3, end: 20, text: 'committed suicide',
      message: 'm', source: 'src', sources: ['src'], evidence: [], suggestion: null, ...extra,
    };
    const { el } = buildCard(fakeDocument(), {
      finding: f, text: 'He committed suicide.', S, canApply: true,
      onApply() {}, onIgnore() {}, onDisable() {}, onClose() {},
    });
    const nodes = all(el);
    return {
      actions: nodes.filter((n) => n.attrs?.['data-action']).map((n) => n.attrs['data-action']),
      sugg: nodes.find((n) => typeof n.className === 'string' && n.className.split(' ').includes('sugg')),
      apply: nodes.find((n) => n.attrs?.['data-action'] === 'apply'),
    };
  }

  test('Apply only when the rule data marks the suggestion as replacement text', () => {
    const r = card({ suggestion: 'died by suicide', replacement: true });
    assert.deepEqual(r.actions, ['apply', 'ignore', 'disable']);
    assert.equal(r.sugg.textContent, '\u201cdied by suicide\u201d', 'replacement text is quoted');
    assert.equal(r.sugg.className, 'sugg');
    assert.equal(r.apply.getAttribute('aria-label'), 'Replace \u201ccommitted suicide\u201d with \u201cdied by suicide\u201d');
    // the same words without the flag are advice: shown as they are, never inserted
    for (const extra of [{ suggestion: 'died by suicide', replacement: false }, { suggestion: 'died by suicide' },
      { suggestion: 'Remove the details that narrow who it is.', replacement: false }]) {
      const a = card(extra);
      assert.deepEqual(a.actions, ['ignore', 'disable'], JSON.stringify(extra));
      assert.equal(a.sugg.textContent, extra.suggestion);
      assert.equal(a.sugg.className, 'sugg advice');
    }
    // no suggestion (even with the flag): the default advice, no Apply
    for (const extra of [{ suggestion: null }, { suggestion: '', replacement: true }, { suggestion: null, replacement: true }]) {
      const n = card(extra);
      assert.deepEqual(n.actions, ['ignore', 'disable'], JSON.stringify(extra));
      assert.equal(n.sugg.textContent, S('noSuggestion'));
    }
  });

  test('replacementOf reads the flag, never the wording', () => {
    assert.equal(replacementOf({ suggestion: 'a family', replacement: true }), 'a family');
    // wording the old heuristic took for advice is still replacement text when the rule says so
    assert.equal(replacementOf({ suggestion: 'Remove it.', replacement: true }), 'Remove it.');
    for (const f of [{ suggestion: 'a family', replacement: false }, { suggestion: 'a family' }, { suggestion: 'a family', replacement: 'yes' },
      { suggestion: null, replacement: true }, { suggestion: '', replacement: true }, {}]) {
      assert.equal(replacementOf(f), null, JSON.stringify(f));
    }
  });
});

// ---- strings, post buttons, keys -----------------------------------------------------------
describe('strings', () => {
  test('host translation first, English default, $n substitution', () => {
    const S = makeStrings((k) => (k === 'edit' ? 'Modifier' : undefined));
    assert.equal(S('edit'), 'Modifier');
    assert.equal(S('pauseTitle', 'Names a bed'), 'Before you post: Names a bed');
    assert.equal(S('reminder'), 'Would I discuss this in session?');
  });
  test('message names are valid _locales keys', () => {
    for (const k of Object.keys(messagesJson())) assert.match(k, /^[A-Za-z0-9_]+$/);
    assert.ok(Object.keys(DEFAULT_STRINGS).length > 20);
  });
  test('extension/_locales/en/messages.json holds every overlay string, word for word', () => {
    const locale = JSON.parse(readFileSync(new URL('../../extension/_locales/en/messages.json', import.meta.url), 'utf8'));
    const want = messagesJson();
    for (const [k, v] of Object.entries(want)) {
      assert.ok(locale[k], `messages.json lacks ${k} (add the output of messagesJson())`);
      assert.equal(locale[k].message, v.message, `messages.json ${k} differs from DEFAULT_STRINGS`);
    }
    const extra = Object.keys(locale).filter((k) => k.startsWith('overlay_') && !(k in want));
    assert.deepEqual(extra, [], 'overlay_ keys no longer in DEFAULT_STRINGS');
  });
  test('plural picks the form by count (Intl.PluralRules of pluralLocale), $1 is the count', () => {
    const S = makeStrings();
    assert.equal(plural(S, 'ignoredCount', 1), '1 ignored');
    assert.equal(plural(S, 'highDetails', 1, 'age'), '1 detail narrows who it is: age.');
    assert.equal(plural(S, 'highDetails', 3, 'age, place, time'), '3 details narrow who it is: age, place, time.');
    // a translation with a form English lacks (e.g. "few") falls back to _other when it has none
    const T = makeStrings((k) => ({ pluralLocale: 'pl', highDetails_few: '$1 szczegóły: $2.' })[k]);
    assert.equal(plural(T, 'highDetails', 3, 'x'), '3 szczegóły: x.');
    assert.equal(plural(T, 'highDetails', 5, 'x'), '5 details narrow who it is: x.');
  });
  test('the pause card says the reminder in the host\'s wording', () => {
    const S = makeStrings((k) => (k === 'reminder' ? 'Is this mine to share?' : undefined));
    assert.equal(S('pauseBody', S('reminder')), 'Is this mine to share? Your text is kept; choose Edit to change it.');
  });
});

describe('sites', () => {
  test('profiles per host, Mastodon by its form, a default elsewhere', () => {
    assert.ok(siteProfile('x.com').postButtonSelectors.includes('[data-testid="tweetButtonInline"]'));
    assert.equal(siteProfile('mobile.twitter.com').site, 'x');
    assert.equal(siteProfile('www.facebook.com').site, 'facebook');
    assert.equal(siteProfile('old.reddit.com').site, 'reddit');
    assert.equal(siteProfile('www.reddit.com').site, 'www.reddit.com');
    assert.equal(siteProfile('mastodon.social', { closest: () => ({}) }).site, 'mastodon');
    assert.deepEqual(siteProfile('example.org').postButtonSelectors, []);
  });
});

describe('postguard', () => {
  test('post button labels', () => {
    for (const l of ['post', 'tweet', 'reply', 'comment', 'publish post', 'share']) assert.ok(looksLikePost([l]), l);
    for (const l of ['posts', 'cancel', 'post settings', 'gif', 'save']) assert.ok(!looksLikePost([l]), l);
  });
  test('key matcher: Mod+Enter accepts Ctrl or Cmd, exact other modifiers', () => {
    const m = keyMatcher('Mod+Enter');
    const ev = (o) => ({ key: 'Enter', code: 'Enter', ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...o });
    assert.ok(m(ev({ ctrlKey: true })));
    assert.ok(m(ev({ metaKey: true })));
    assert.ok(!m(ev({})));
    assert.ok(!m(ev({ ctrlKey: true, shiftKey: true })));
    const s = keyMatcher('Alt+Shift+KeyI');
    assert.ok(s({ key: 'Î', code: 'KeyI', ctrlKey: false, metaKey: false, altKey: true, shiftKey: true }), 'layout-independent code');
  });
});

// ---- colours and geometry -----------------------------------------------------------------
describe('palette contrast (WCAG AA)', () => {
  /** Pull `--name: #hex` of the light and dark blocks from the shadow CSS. */
  const vars = (block) => Object.fromEntries([...block.matchAll(/--([\w-]+):\s*(#[0-9a-f]{6})/gi)].map((m) => [m[1], m[2]]));
  const light = vars(SHADOW_CSS.slice(SHADOW_CSS.indexOf('.fui {'), SHADOW_CSS.indexOf('.fui[data-theme="dark"]')));
  const dark = { ...light, ...vars(SHADOW_CSS.slice(SHADOW_CSS.indexOf('.fui[data-theme="dark"]'), SHADOW_CSS.indexOf('.layer'))) };
  const hex = (h) => ({ r: parseInt(h.slice(1, 3), 16), g: parseInt(h.slice(3, 5), 16), b: parseInt(h.slice(5, 7), 16) });
  const pairs = [['is-fg', 'is-bg'], ['is-muted', 'is-bg'], ['is-high-on', 'is-high-fill'], ['is-caution', 'is-caution-fill'],
    ['is-accent-on', 'is-accent'], ['is-mark-fg', 'is-mark-bg'], ['is-high', 'is-high-bg'], ['is-fg', 'is-caution-bg']];
  for (const [name, p] of [['light', light], ['dark', dark]]) {
    for (const [fg, bg] of pairs) {
      test(`${name}: ${fg} on ${bg} ≥ 4.5`, () => {
        const c = contrast(hex(p[fg]), hex(p[bg]));
        assert.ok(c >= 4.5, `${p[fg]} on ${p[bg]} is ${c.toFixed(2)}`);
      });
    }
  }
  test('underline colours ≥ 3:1 against the page backgrounds they are used on', () => {
    const white = { r: 255, g: 255, b: 255 };
    const black = { r: 0, g: 0, b: 0 };
    const yt = { r: 15, g: 15, b: 15 };
    assert.ok(contrast(hex('#c62828'), white) >= 3);
    assert.ok(contrast(hex('#b45309'), white) >= 3);
    for (const bg of [black, yt, hex('#15202b')]) {
      assert.ok(contrast(hex('#ff6b6b'), bg) >= 3);
      assert.ok(contrast(hex('#fbbf24'), bg) >= 3);
    }
  });
  test('parseColor reads computed colours', () => {
    assert.deepEqual(parseColor('rgba(0, 0, 0, 0)'), { r: 0, g: 0, b: 0, a: 0 });
    assert.deepEqual(parseColor('rgb(15, 15, 15)'), { r: 15, g: 15, b: 15, a: 1 });
  });
});

describe('geometry', () => {
  test('placePopup prefers below, flips above, stays in the viewport', () => {
    const vp = { width: 800, height: 600 };
    assert.deepEqual(placePopup({ left: 100, top: 100, right: 200, bottom: 120 }, 300, 200, vp), { left: 100, top: 126 });
    assert.equal(placePopup({ left: 100, top: 500, right: 200, bottom: 520 }, 300, 200, vp).top, 294);
    assert.equal(placePopup({ left: 700, top: 100, right: 790, bottom: 120 }, 300, 200, vp).left, 492);
  });
  test('placeAround avoids the field and the post button, shrinking beside them if needed', () => {
    const vp = { width: 1200, height: 800 };
    const field = { left: 400, top: 60, right: 930, bottom: 140 };
    const button = { left: 880, top: 150, right: 960, bottom: 186 };
    const p = placeAround(field, 300, 100, vp, [field, button]);
    const r = { left: p.left, top: p.top, right: p.left + p.width, bottom: p.top + 100 };
    assert.ok(!(r.left < field.right && field.left < r.right && r.top < field.bottom && field.top < r.bottom), JSON.stringify(p));
    assert.ok(!(r.left < button.right && button.left < r.right && r.top < button.bottom && button.top < r.bottom), JSON.stringify(p));
    assert.deepEqual(placeAround({ left: 100, top: 400, right: 500, bottom: 450 }, 300, 100, vp, []), { left: 200, top: 294, width: 300 });
  });
  test('intersect', () => {
    assert.equal(intersect({ left: 0, top: 0, right: 10, bottom: 10 }, { left: 10, top: 0, right: 20, bottom: 10 }), null);
    assert.deepEqual(intersect({ left: 0, top: 0, right: 10, bottom: 10 }, { left: 5, top: 5, right: 20, bottom: 20 }), { left: 5, top: 5, right: 10, bottom: 10 });
  });
});
