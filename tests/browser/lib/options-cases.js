/**
 * The settings scenarios (issue 5), written once and run in Chromium and Firefox through
 * lib/ext-driver.js: custom rules and built-in toggles in the options page reach the checks on
 * a fixture site; invalid rules and imports are refused whole with errors naming the field;
 * the private watch list matches without storing the name; corrupt settings fall back to
 * defaults with a notice; a site can be turned off; "pause for one hour" pauses (the clock is
 * controlled by writing pausedUntil through the protocol); the popup shows the field's risk.
 *
 * Page functions (`page.*`) run inside the browser and must not use anything from this module.
 */
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fieldState, waitForHook, POSTS, HOOK_LATENCY_MS } from './cases.js';
import { until } from './ext-driver.js';

export const OPTIONS = 'options/options.html';
const FIELD = '#post-textarea';

/** Functions that run in the browser (serialisable: no closures). */
export const page = {
  /** Every storage area's contents (managed may be empty or refused). */
  async readStorage() {
    const api = globalThis.browser ?? globalThis.chrome ?? window.wrappedJSObject.browser;
    const out = {};
    for (const area of ['local', 'sync', 'session', 'managed']) {
      try {
        out[area] = await api.storage[area].get(null);
      } catch (err) {
        out[area] = { unavailable: String(err) };
      }
    }
    return JSON.parse(JSON.stringify(out));
  },
  /** Empties storage.local and storage.sync (a fresh install's state). */
  async clearStorage() {
    const api = globalThis.browser ?? globalThis.chrome ?? window.wrappedJSObject.browser;
    await api.storage.local.clear();
    await api.storage.sync.clear();
    return true;
  },
  /** Writes raw values into a storage area, behind the background's back. */
  async writeStorage({ area, items }) {
    const api = globalThis.browser ?? globalThis.chrome ?? window.wrappedJSObject.browser;
    await api.storage[area].set(JSON.parse(JSON.stringify(items)));
    return true;
  },
  /** One protocol request to the background (as the options page would send it). */
  async send(message) {
    const api = globalThis.browser ?? globalThis.chrome ?? window.wrappedJSObject.browser;
    return JSON.parse(JSON.stringify(await api.runtime.sendMessage(JSON.parse(JSON.stringify(message)))));
  },
  /** The id of the tab showing `prefix` (the extension can see URLs of its host permissions). */
  async tabId(prefix) {
    const api = globalThis.browser ?? globalThis.chrome ?? window.wrappedJSObject.browser;
    const tabs = await api.tabs.query({});
    return tabs.find((t) => (t.url ?? '').startsWith(prefix))?.id ?? null;
  },
  /** Text of an element, or null. */
  text(sel) {
    const el = document.querySelector(sel);
    return el && !el.closest('[hidden]') ? el.textContent : null;
  },
  /** Whether InSession drew anything on a site page; with the field's hook and update count. */
  siteQuiet(id) {
    const el = document.getElementById(id);
    const t = window.insessionTimings[id] ?? { lastInput: 0, lastUpdate: 0, updates: 0 };
    const badges = [...document.querySelectorAll('[data-insession-badge]')].filter((h) => h.style.display !== 'none').length;
    return {
      risk: el.getAttribute('data-insession-risk'),
      findings: el.getAttribute('data-insession-findings'),
      updates: t.updates ?? 0,
      sinceInput: t.lastInput ? performance.now() - t.lastInput : 0,
      badges,
      overlayHosts: document.querySelectorAll('[data-insession-overlay]:not(style)').length,
      value: el.value,
    };
  },
};

/** Settings through the protocol, from an extension page. */
async function settings(d) {
  const reply = await d.eval(page.send, { type: 'getSettings' });
  assert.equal(reply.type, 'settings', JSON.stringify(reply));
  return reply.settings;
}

/** Clean storage and the options page freshly loaded. */
export async function fresh(d) {
  await d.gotoExtension(OPTIONS);
  await d.eval(page.clearStorage);
  await until(async () => (await settings(d)).schemaVersion === 2 && Object.keys((await settings(d)).config).length === 0, 'settings back to defaults');
  await d.gotoExtension(OPTIONS);
}

/** Types `text` into the fixture's textarea and waits for the test hook to say `risk`. */
async function typeOnSite(d, host, text, risk) {
  await d.gotoSite(host);
  await d.type(FIELD, text);
  await waitForHook(() => d.eval(fieldState, FIELD.slice(1)), `${host} ${FIELD}`, text, risk);
  return d.eval(fieldState, FIELD.slice(1));
}

/**
 * Types `text` and checks that, for three times the hook's latency contract after the last
 * keystroke, nothing was checked or drawn: no risk attribute, no overlay (the content script
 * stops when site-policy.js says the site is inactive; the background would refuse the check
 * anyway).
 */
async function typeAndExpectQuiet(d, host, text) {
  await d.gotoSite(host);
  await d.type(FIELD, text);
  const windowMs = 3 * HOOK_LATENCY_MS;
  let seen;
  for (;;) {
    seen = await d.eval(page.siteQuiet, FIELD.slice(1));
    const quiet = seen.risk === null && seen.updates === 0 && seen.badges === 0 && seen.overlayHosts === 0;
    assert.ok(quiet, `${host}: InSession is off here, yet the field was checked or a badge drawn: ${JSON.stringify(seen)}`);
    if (seen.value === text && seen.sinceInput >= windowMs) break;
    await new Promise((resolve) => setTimeout(resolve, 25)); // poll interval
  }
  return seen;
}

const RULE_MESSAGE = 'Names the town\u2019s main employer; with a client reference this can identify them.';
const EMPLOYER_POST = 'Lunch with a client near Acme Mill';

/** Fills the rule editor (real key events) and saves. */
async function saveRule(d, { id, severity = 'high', phrases, regex, message }) {
  await d.type('#rule-id', id);
  await d.select('#rule-category', 'confidentiality');
  await d.select('#rule-severity', severity);
  if (regex !== undefined) {
    await d.click('#rule-kind-regex');
    await d.type('#rule-regex', regex);
  } else {
    await d.type('#rule-phrases', phrases);
  }
  await d.type('#rule-message', message);
  await d.click('#rule-save');
}

export const scenarios = {
  async 'reminder: "Show the reminder again" undoes "not again this session" (kept in the background)'(d) {
    await fresh(d);
    const state = () => d.eval(page.send, { type: 'reminderState' });
    assert.deepEqual(await d.eval(page.send, { type: 'setReminder', dismissed: true }), { type: 'reminder', dismissed: true });
    assert.deepEqual(await state(), { type: 'reminder', dismissed: true });
    const stored = await d.eval(page.readStorage);
    assert.equal(stored.local.reminderDismissed, undefined, 'the dismissal is never written to disk');
    assert.equal(stored.sync.reminderDismissed, undefined, 'nor synced');
    await d.click('#reminder-again');
    await until(async () => (await state()).dismissed === false, 'the reminder to be on again');
    await until(() => d.eval(page.text, '#general-status'), 'the page to confirm');
  },
  async 'custom rule: added in the options page, warns on a site with its message'(d) {
    await fresh(d);
    await saveRule(d, { id: 'local-employer', phrases: 'Acme Mill', message: RULE_MESSAGE });
    await until(() => d.eval(page.text, '#custom-list [data-rule-id="local-employer"]'), 'the saved rule is listed');
    const stored = (await settings(d)).config.rules;
    assert.deepEqual(stored.map((r) => [r.id, r.severity, r.phrases, r.message]), [['local-employer', 'high', ['Acme Mill'], RULE_MESSAGE]]);
    // the live tester: same checker, the card's message
    await d.type('#tester-input', EMPLOYER_POST);
    const shown = await until(() => d.eval(page.text, '#tester-summary li[data-rule="local-employer"]'), 'the tester lists the custom finding');
    assert.ok(shown.includes(RULE_MESSAGE), `the tester shows the custom message, saw ${JSON.stringify(shown)}`);
    const state = await typeOnSite(d, 'x.com', EMPLOYER_POST, 'high');
    assert.equal(state.findings, '1', 'exactly the custom rule fired');
    // the same report, as the background gives it to the page, carries the custom message
    await d.use('ext');
    const report = await d.eval(page.send, { type: 'checkDraft', text: EMPLOYER_POST, config: (await settings(d)).config });
    assert.equal(report.report.findings[0].message, RULE_MESSAGE);
  },

  async 'built-in rule: turned off in the options page, it stops firing'(d) {
    await fresh(d);
    // "crazy" said of traffic: only stigma.crazy-insane flags it ("some of my clients are just
    // crazy" stays flagged by the learned scorer with the rule off, as it should)
    const text = 'The traffic today was crazy.';
    await typeOnSite(d, 'x.com', text, 'caution');
    await d.gotoExtension(OPTIONS);
    await d.type('#rule-search', 'crazy');
    await until(() => d.eval(() => !document.querySelector('.rule[data-rule-id="stigma.crazy-insane"]').hidden), 'search shows the rule');
    await d.click('#rule-stigma\\.crazy-insane');
    await until(async () => (await settings(d)).config.disabled_rules?.includes('stigma.crazy-insane'), 'disabled_rules saved');
    await typeOnSite(d, 'x.com', text, 'ok');
  },

  async 'invalid regex: inline error naming the field, nothing saved, earlier rules intact'(d) {
    await fresh(d);
    await saveRule(d, { id: 'local-employer', phrases: 'Acme Mill', message: RULE_MESSAGE });
    await until(() => d.eval(page.text, '#custom-list [data-rule-id="local-employer"]'), 'the first rule is saved');
    const before = await d.eval(page.readStorage);
    await saveRule(d, { id: 'case-number', regex: 'case\\s*#?(\\d{5,}', message: 'Our case numbers identify a family.' });
    const error = await until(() => d.eval(page.text, '.field-error[data-error-for="regex"]'), 'an inline error under the regex field');
    assert.match(error, /^regex: invalid regular expression/, 'the error names the field');
    assert.equal(await d.eval(() => document.querySelector('#rule-regex').getAttribute('aria-invalid')), 'true');
    const after = await d.eval(page.readStorage);
    assert.deepEqual(after.sync, before.sync, 'nothing was written to storage.sync');
    assert.deepEqual((await settings(d)).config.rules.map((r) => r.id), ['local-employer'], 'earlier rules intact');
    assert.equal(await d.eval(page.text, '#custom-list [data-rule-id="case-number"]'), null, 'the invalid rule is not listed');
  },

  async 'import: a file with one bad rule is rejected whole, errors listed, rules unchanged'(d) {
    await fresh(d);
    await saveRule(d, { id: 'local-employer', phrases: 'Acme Mill', message: RULE_MESSAGE });
    await until(() => d.eval(page.text, '#custom-list [data-rule-id="local-employer"]'), 'the first rule is saved');
    const before = (await settings(d)).config;
    const dir = mkdtempSync(join(tmpdir(), 'insession-import-'));
    const bad = join(dir, 'bad-rules.json');
    writeFileSync(bad, JSON.stringify({
      sensitivity: 'strict',
      rules: [
        { id: 'school', category: 'confidentiality', severity: 'caution', phrases: ['Hillside Primary'], message: 'Names a school.' },
        { id: 'broken', category: 'identifiers', severity: 'high', regex: '(unclosed', message: 'Broken.' },
      ],
    }));
    await d.setFiles('#import-file', bad);
    await until(() => d.eval(() => document.querySelector('#import-result')?.getAttribute('data-outcome') === 'rejected'), 'the import is rejected');
    const errors = await d.eval(() => [...document.querySelectorAll('#import-errors li')].map((li) => li.textContent));
    assert.equal(errors.length, 1, JSON.stringify(errors));
    assert.match(errors[0], /rule "broken", field regex: invalid regular expression/);
    assert.deepEqual((await settings(d)).config, before, 'nothing imported: not even the good rule or the sensitivity');
    // a good file is imported (merged by id)
    const good = join(dir, 'good-rules.json');
    writeFileSync(good, JSON.stringify([{ id: 'school', category: 'confidentiality', severity: 'caution', phrases: ['Hillside Primary'], message: 'Names a school.' }]));
    await d.setFiles('#import-file', good);
    await until(() => d.eval(() => document.querySelector('#import-result')?.getAttribute('data-outcome') === 'imported'), 'the good file is imported');
    await until(async () => (await settings(d)).config.rules?.map((r) => r.id).join() === 'local-employer,school', 'rules merged');
  },

  async 'watch list: a hashed name matches accents, apostrophes and handles; storage holds no plain text'(d) {
    await fresh(d);
    await d.type('#watchlist-entry', 'Siobh\u00e1n O\'Neill');
    await d.click('#watchlist-add');
    await until(async () => (await d.eval(page.text, '#watchlist-count')) === '1', 'the count shows one entry');
    assert.equal(await d.eval(() => document.querySelector('#watchlist-entry').value), '', 'the name does not stay in the field');
    await d.type('#watchlist-test-entry', 'siobhan o\'neill');
    await d.click('#watchlist-test');
    await until(() => d.eval(() => document.querySelector('#watchlist-status').getAttribute('data-match') === 'true'), '"would this name match?" says yes');
    await typeOnSite(d, 'x.com', 'Ran into siobhan o\'neill at the shop today', 'high');
    await typeOnSite(d, 'x.com', 'Congratulations @siobhan_oneill on the new job', 'high');
    await d.use('ext');
    const all = await d.eval(page.readStorage);
    const text = JSON.stringify(all);
    assert.equal(/siobh|o.?neill/i.test(text), false, `no plain-text form of the name in storage: ${text.slice(0, 400)}`);
    assert.ok(all.local.watchlist?.hashes?.length >= 1, 'the hashes are in storage.local');
    assert.equal(JSON.stringify(all.sync).includes(all.local.watchlist.salt), false, 'nothing of the watch list in storage.sync');
    assert.equal('watchlist' in (all.sync.config ?? {}), false);
  },

  async 'corrupt settings: the extension runs with defaults and the options page shows a notice'(d) {
    await fresh(d);
    await d.eval(page.writeStorage, { area: 'sync', items: { schemaVersion: 2, enabled: 'banana', sites: 5, config: { $chunks: 2, rev: 'x' } } });
    await typeOnSite(d, 'x.com', POSTS[2].text, 'high');
    await d.gotoExtension(OPTIONS);
    const notice = await until(() => d.eval(page.text, '#notices [data-notice-id="recovered"]'), 'the recovery notice is shown');
    assert.match(notice, /could not be read \(.*config.*\)/);
    assert.equal(await d.eval(() => document.querySelector('#enabled').checked), true, 'defaults in use');
    await d.click('#notices [data-dismiss="recovered"]');
    await until(async () => !(await d.eval(page.text, '#notices [data-notice-id="recovered"]')), 'the notice can be dismissed');
  },

  async 'per-site off: no checks and no badge on that site; other sites still checked'(d) {
    await fresh(d);
    await d.click('.site-toggle[data-site="x.com"]');
    await until(async () => (await settings(d)).sites['x.com'] === false, 'x.com turned off');
    await typeAndExpectQuiet(d, 'x.com', POSTS[2].text);
    await typeOnSite(d, 'bsky.app', POSTS[2].text, 'high');
    await d.gotoExtension(OPTIONS);
    await d.click('.site-toggle[data-site="x.com"]');
    await until(async () => (await settings(d)).sites['x.com'] === true, 'x.com back on');
    await typeOnSite(d, 'x.com', POSTS[2].text, 'high');
  },

  async 'popup: shows the field\'s risk and count; pause for one hour, then the hour passes'(d) {
    await fresh(d);
    const state = await typeOnSite(d, 'x.com', POSTS[2].text, 'high');
    await d.use('ext');
    const tabId = await until(() => d.eval(page.tabId, 'https://x.com/'), 'the fixture tab is found');
    await d.gotoExtension(`popup/popup.html?tab=${tabId}`);
    const risk = await d.eval(() => {
      const el = document.querySelector('#popup-risk');
      return [el.getAttribute('data-risk'), el.getAttribute('data-findings')];
    });
    assert.deepEqual(risk, ['high', state.findings], 'the popup shows the focused field\'s risk and count');
    assert.equal(await d.eval(() => document.querySelector('#popup-site-toggle').checked), true);
    const t0 = Date.now();
    await d.click('#popup-pause');
    await until(() => d.eval(() => document.querySelector('#popup-state').getAttribute('data-state') === 'paused'), 'the popup says paused');
    const until1 = (await settings(d)).pausedUntil;
    assert.ok(until1 >= t0 + 3_600_000 - 5_000 && until1 <= Date.now() + 3_600_000 + 5_000, `paused for an hour: ${until1 - t0} ms`);
    await typeAndExpectQuiet(d, 'x.com', POSTS[2].text);
    // the controlled clock: the hour is over
    await d.use('ext');
    const reply = await d.eval(page.send, { type: 'setSettings', settings: { pausedUntil: Date.now() - 1 } });
    assert.equal(reply.type, 'settings', JSON.stringify(reply));
    await typeOnSite(d, 'x.com', POSTS[2].text, 'high');
    // the popup's per-site switch
    await d.gotoExtension(`popup/popup.html?tab=${tabId}`);
    await d.click('#popup-site-toggle');
    await until(async () => (await settings(d)).sites['x.com'] === false, 'the popup turned x.com off');
    await typeAndExpectQuiet(d, 'x.com', POSTS[0].text);
  },
};

/**
 * Adding and removing a site (Firefox: the optional-permission prompt is answered by the pref
 * `extensions.webextOptionalPermissionPrompts: false`; Chromium's prompt cannot be answered
 * headless). `host` must be served by the fixture server.
 */
export async function addAndRemoveSite(d, host) {
  await fresh(d);
  const hasAccess = () => d.eval((h) => {
    const api = globalThis.browser ?? globalThis.chrome ?? window.wrappedJSObject.browser;
    return api.permissions.contains({ origins: [`https://${h}/*`] });
  }, host);
  assert.equal(await hasAccess(), false, 'no access before the site is added');
  await d.type('#site-input', `https://${host}/@someone`);
  await d.click('#site-add');
  await until(async () => (await settings(d)).sites[host] === true, `${host} added to the sites`);
  assert.equal(await hasAccess(), true, 'the host permission was granted at run time');
  await until(() => d.eval(page.text, `.site[data-site="${host}"]`), 'the added site is listed');
  // the registered content script checks posts there
  await typeOnSite(d, host, POSTS[2].text, 'high');
  // removing it releases the permission and the content script
  await d.gotoExtension(OPTIONS);
  await d.click(`[data-remove-site="${host}"]`);
  await until(async () => !(host in (await settings(d)).sites), `${host} removed`);
  await until(async () => (await hasAccess()) === false, 'the host permission was released');
  await d.load(host);
  const start = Date.now();
  for (;;) {
    const s = await d.eval(() => ({ ready: document.readyState, mark: document.documentElement.getAttribute('data-insession-ready'), t: performance.now() }));
    assert.equal(s.mark, null, `${host}: the content script still runs after the site was removed`);
    if (s.ready === 'complete' && s.t > 3 * HOOK_LATENCY_MS) break;
    assert.ok(Date.now() - start < 15_000, 'the page did not load');
    await new Promise((resolve) => setTimeout(resolve, 25)); // poll interval
  }
}
