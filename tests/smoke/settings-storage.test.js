/**
 * The background's settings storage in Node, through the message handler, with the built Wasm
 * and storage areas that enforce storage.sync's quotas like the browsers do: migration from
 * the version-1 layout, recovery from corrupt and unknown settings (defaults + a notice +
 * a backup), quota chunking and the fall-back to storage.local, the private watch list
 * (hashed, device-only), organisation policy from storage.managed, site gating of checks and
 * the popup's tab status. Runs against dist/extension (INSESSION_EXT overrides).
 */
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';

const EXT = process.env.INSESSION_EXT
  ? pathToFileURL(process.env.INSESSION_EXT.replace(/\/?$/, '/'))
  : new URL('../../dist/extension/', import.meta.url);

const QUOTA = { QUOTA_BYTES_PER_ITEM: 8192, QUOTA_BYTES: 102400, MAX_ITEMS: 512 };
const size = (k, v) => Buffer.byteLength(k) + Buffer.byteLength(JSON.stringify(v));

/** An in-memory storage area with chrome.storage's promise API; `quota` enforces sync's limits. */
function area(quota) {
  const data = {};
  const a = {
    data,
    fail: null, // set to an Error to make every call fail (sync switched off)
    async get(keys) {
      if (a.fail) throw a.fail;
      const list = keys === null || keys === undefined ? Object.keys(data) : typeof keys === 'string' ? [keys] : keys;
      return Object.fromEntries(list.filter((k) => k in data).map((k) => [k, structuredClone(data[k])]));
    },
    async set(items) {
      if (a.fail) throw a.fail;
      if (quota) {
        for (const [k, v] of Object.entries(items)) {
          if (size(k, v) > quota.QUOTA_BYTES_PER_ITEM) throw new Error(`QUOTA_BYTES_PER_ITEM quota exceeded (${k})`);
        }
        const next = { ...data, ...items };
        const total = Object.entries(next).reduce((n, [k, v]) => n + size(k, v), 0);
        if (total > quota.QUOTA_BYTES) throw new Error('QUOTA_BYTES quota exceeded');
        if (Object.keys(next).length > quota.MAX_ITEMS) throw new Error('MAX_ITEMS quota exceeded');
      }
      Object.assign(data, structuredClone(items));
    },
    async remove(keys) {
      for (const k of [].concat(keys)) delete data[k];
    },
    clear() {
      for (const k of Object.keys(data)) delete data[k];
      a.fail = null;
    },
  };
  return a;
}

const managed = { data: {}, async get() { return structuredClone(managed.data); } };
globalThis.chrome = {
  runtime: { id: 'insession-test', getURL: (path) => new URL(path, EXT).href },
  storage: { local: area(), sync: area(QUOTA), session: area(), managed },
};
const realFetch = globalThis.fetch;
globalThis.fetch = async (url, opts) => {
  if (String(url).startsWith('file:')) {
    return new Response(await readFile(new URL(url)), { headers: { 'content-type': 'application/wasm' } });
  }
  return realFetch(url, opts);
};

const P = await import(new URL('shared/protocol.js', EXT).href);
const { handleMessage } = await import(new URL('background/handler.js', EXT).href);
const { invalidateSettings } = await import(new URL('background/settings.js', EXT).href);

const self = { id: 'insession-test' };
const RISKY = 'My 3pm today, a 34-year-old teacher from Leeds, told me about her divorce.';
const { local, sync, session } = chrome.storage;

/** Sends a request as the options page (or as a content script with `sender`). */
async function ask(request, expected, sender = self) {
  return P.expectReply(await handleMessage(request, sender), expected);
}
const settings = () => ask(P.getSettings(), 'settings').then((r) => r.settings);
const noticeIds = (s) => s.notices.map((n) => n.id);
/** After writing storage behind the background's back: what bg.js's storage.onChanged does. */
const changed = () => invalidateSettings();

beforeEach(() => {
  local.clear();
  sync.clear();
  session.clear();
  managed.data = {};
  changed();
});

test('a fresh install: defaults, nothing written until something changes', async () => {
  const s = await settings();
  assert.equal(s.enabled, true);
  assert.equal(s.pauseBeforePosting, true);
  assert.equal(s.reminderText, 'Would I discuss this in session?');
  assert.deepEqual(s.sites, {});
  assert.equal(s.schemaVersion, 2);
  assert.deepEqual(s.notices, []);
  assert.deepEqual(sync.data, {});
  assert.deepEqual(local.data, {});
});

test('migration from version 1: enabled/config move to sync, the watch list stays on the device', async () => {
  const w = { salt: 'ab'.repeat(16), hashes: ['c'.repeat(64)] };
  local.data.enabled = false;
  local.data.config = { sensitivity: 'strict', watchlist: w };
  const s = await settings();
  assert.equal(s.enabled, false);
  assert.deepEqual(s.config, { sensitivity: 'strict' });
  assert.equal(s.watchlistCount, 1);
  assert.equal(sync.data.schemaVersion, 2);
  assert.deepEqual(sync.data.config, { sensitivity: 'strict' });
  assert.equal(sync.data.enabled, false);
  assert.equal('config' in local.data, false, 'the old local copy is removed');
  assert.equal('enabled' in local.data, false);
  assert.deepEqual(local.data.watchlist, w);
  assert.equal(JSON.stringify(sync.data).includes(w.salt), false, 'the watch list is never synced');
});

test('corrupt settings: defaults + a notice + a backup, and checks still work', async () => {
  sync.data.schemaVersion = 2;
  sync.data.enabled = 'banana';
  sync.data.sites = 'x.com';
  sync.data.config = { $chunks: 3, rev: 'x' }; // the chunks never arrived
  const s = await settings();
  assert.equal(s.enabled, true);
  assert.deepEqual(s.config, {});
  assert.deepEqual(noticeIds(s), ['recovered']);
  assert.match(s.notices[0].subs[0], /enabled/);
  assert.match(s.notices[0].subs[0], /config/);
  const report = (await ask(P.check(RISKY), 'report')).report;
  assert.equal(report.risk, 'high', 'the built-in rules run');
  const { backup } = await ask(P.settingsBackup(), 'backup');
  assert.match(backup.text, /banana/);
  changed();
  assert.deepEqual(noticeIds(await settings()), ['recovered'], 'the notice stays until dismissed');
  assert.equal(sync.data.enabled, true, 'storage was repaired');
  const after = await ask(P.dismissNotice('recovered'), 'settings');
  assert.deepEqual(after.settings.notices, []);
});

test('a stored config the core rejects (bad regex) is replaced by defaults with a notice', async () => {
  sync.data.schemaVersion = 2;
  sync.data.config = { rules: [{ id: 'x', category: 'identifiers', severity: 'high', regex: '(unclosed', message: 'm' }] };
  const s = await settings();
  assert.deepEqual(s.config, {});
  assert.match(s.notices[0].subs[0], /config/);
});

test('settings from an unknown (newer) schema version: defaults + a notice', async () => {
  sync.data.schemaVersion = 99;
  sync.data.enabled = false;
  sync.data.config = { future: true };
  const s = await settings();
  assert.equal(s.enabled, true);
  assert.deepEqual(noticeIds(s), ['unknownVersion']);
  assert.equal(sync.data.schemaVersion, 2);
});

/** Custom rules with long phrase lists. */
function rules(n, phrases) {
  return Array.from({ length: n }, (_, i) => ({
    id: `place-${i}`, category: 'confidentiality', severity: 'caution',
    phrases: Array.from({ length: phrases }, (_, j) => `Placename ${i} ${j} Mill`),
    message: `Place ${i}.`,
  }));
}

test('quota: a config larger than one sync item is chunked, read back whole, and stale chunks go', async () => {
  const config = { rules: rules(10, 60) };
  const s = (await ask(P.setSettings({ config }), 'settings')).settings;
  assert.deepEqual(s.config, config);
  assert.equal(s.storage.config, 'sync');
  const n = sync.data.config.$chunks;
  assert.ok(n > 1, `chunked into ${n}`);
  for (const [k, v] of Object.entries(sync.data)) assert.ok(size(k, v) <= QUOTA.QUOTA_BYTES_PER_ITEM, k);
  changed();
  assert.deepEqual((await settings()).config, config, 'reassembled from the chunks');
  const report = (await ask(P.check('We walked past Placename 3 7 Mill.'), 'report')).report;
  assert.ok(report.findings.some((f) => f.rule === 'place-3'), JSON.stringify(report.findings));
  await ask(P.setSettings({ config: { rules: rules(1, 2) } }), 'settings');
  assert.equal(Object.keys(sync.data).filter((k) => k.startsWith('config.')).length, 0, 'stale chunks removed');
  assert.equal(sync.data.config.rules.length, 1);
});

test('quota: a config beyond sync\'s total quota is kept on this device, with a notice', async () => {
  await ask(P.setSettings({ config: { rules: rules(10, 60) } }), 'settings'); // chunked in sync first
  const config = { rules: rules(60, 80) };
  const s = (await ask(P.setSettings({ config, reminderText: 'Would my client be OK with this?' }), 'settings')).settings;
  assert.equal(s.storage.config, 'local');
  assert.ok(noticeIds(s).includes('configLocal'));
  assert.deepEqual(local.data.config, config);
  assert.equal(sync.data.reminderText, 'Would my client be OK with this?', 'the other preferences still sync');
  changed();
  const again = await settings();
  assert.equal(again.config.rules.length, 60);
  assert.ok(noticeIds(again).includes('configLocal'));
  // shrinking it moves it back to sync and the notice goes
  const small = (await ask(P.setSettings({ config: {} }), 'settings')).settings;
  assert.equal(small.storage.config, 'sync');
  assert.ok(!noticeIds(small).includes('configLocal'));
  assert.equal('config' in local.data, false);
  assert.deepEqual(Object.keys(sync.data).filter((k) => k.startsWith('config.')), [], 'the old chunks are gone from sync');
});

test('sync unavailable: preferences are kept locally, with a notice', async () => {
  sync.fail = new Error('sync is disabled');
  const s = (await ask(P.setSettings({ enabled: false }), 'settings')).settings;
  assert.equal(s.storage.prefs, 'local');
  assert.ok(noticeIds(s).includes('syncUnavailable'));
  assert.equal(local.data.enabled, false);
  changed();
  assert.equal((await settings()).enabled, false);
});

test('setSettings: each key is checked; pausedUntil is device-only', async () => {
  const bad = await handleMessage(P.setSettings({ reminderText: 5 }), self);
  assert.equal(bad.type, 'error');
  assert.match(bad.message, /reminderText/);
  assert.match((await handleMessage(P.setSettings({ colour: 'red' }), self)).message, /colour: not a setting/);
  await ask(P.setSettings({ pausedUntil: 123, sites: { 'x.com': false }, pauseBeforePosting: false }), 'settings');
  assert.equal(local.data.pausedUntil, 123);
  assert.equal('pausedUntil' in sync.data, false);
  assert.deepEqual(sync.data.sites, { 'x.com': false });
  assert.equal(sync.data.pauseBeforePosting, false);
});

test('watch list: hashed on this device only; matches accents, apostrophes and handles; never plain text', async () => {
  const name = 'Siobhán O\'Neill';
  const added = await ask(P.watchlistAdd(name), 'watchlist');
  assert.equal(added.count, 1);
  assert.equal((await ask(P.watchlistAdd(name), 'watchlist')).count, 1, 'the same name twice counts once');
  for (const post of ['Saw siobhan o\'neill in town today', 'thanks @siobhan_oneill!']) {
    const report = (await ask(P.check(post), 'report')).report;
    assert.equal(report.risk, 'high', post);
    const f = report.findings.find((x) => x.rule === 'identifiers.watchlist');
    assert.ok(f, post);
    assert.equal(/siobh|neill/i.test(f.message), false, 'the message never echoes the name');
  }
  assert.equal((await ask(P.watchlistTest('SIOBHAN ONEILL'), 'watchlist')).match, true);
  assert.equal((await ask(P.watchlistTest('Sinead'), 'watchlist')).match, false);
  const all = JSON.stringify([local.data, sync.data, session.data]);
  assert.equal(/siobh|neill/i.test(all), false, 'no plain-text form in any area');
  assert.equal(JSON.stringify(sync.data).includes(local.data.watchlist.salt), false);
  assert.equal('watchlist' in (await settings()).config, false, 'getSettings never returns the hashes');
  // only the extension's pages may read or change it
  const contentScript = { id: 'insession-test', url: 'https://x.com/home', tab: { id: 4 } };
  assert.match((await handleMessage(P.watchlistExport(), contentScript)).message, /only the extension's own pages/);
  assert.match((await handleMessage(P.watchlistAdd('x'), contentScript)).message, /only the extension's own pages/);
  const exported = await ask(P.watchlistExport(), 'watchlistData');
  assert.equal(exported.watchlist.hashes.length, 2);
  assert.equal((await ask(P.watchlistClear(), 'watchlist')).count, 0);
  assert.equal('watchlist' in local.data, false);
  assert.equal((await ask(P.check('Saw siobhan o\'neill'), 'report')).report.findings.some((f) => f.rule === 'identifiers.watchlist'), false);
  assert.equal((await ask(P.watchlistImport(exported.watchlist), 'watchlist')).count, 1);
  assert.equal((await ask(P.watchlistTest('Siobhan O\'Neill'), 'watchlist')).match, true);
});

const PACK = { name: 'Trust policy', rules: [{ id: 'trust-ward', category: 'confidentiality', severity: 'high', phrases: ['Ward 9'], message: 'Names a ward of the Trust.' }] };

test('organisation policy: locked sensitivity, forced categories, a rule pack, a site', async () => {
  managed.data = { sensitivity: 'strict', forceCategories: ['stigma'], rulePacks: [PACK], sites: ['mastodon.example'] };
  await ask(P.setSettings({ config: { sensitivity: 'relaxed', disabled_rules: ['stigma.crazy-insane'] } }), 'settings').catch(() => {});
  changed();
  const s = await settings();
  assert.equal(s.locked.sensitivity, true);
  assert.deepEqual(s.locked.categories, ['stigma']);
  assert.ok(s.locked.rules.includes('stigma.crazy-insane'));
  assert.deepEqual(s.locked.packRules, ['trust-ward']);
  assert.equal(s.sites['mastodon.example'], true);
  const changeLocked = await handleMessage(P.setSettings({ config: { sensitivity: 'balanced' } }), self);
  assert.match(changeLocked.message, /organisation/);
  const report = (await ask(P.check('Busy shift on Ward 9, honestly some of my patients are just crazy.'), 'report')).report;
  const rulesSeen = report.findings.map((f) => f.rule);
  assert.ok(rulesSeen.includes('trust-ward'), rulesSeen.join());
  assert.ok(rulesSeen.includes('stigma.crazy-insane'), 'a forced category stays on: ' + rulesSeen.join());
  // a broken pack is dropped with a notice; the rest of the policy still applies
  managed.data = { sensitivity: 'strict', rulePacks: [{ name: 'Broken', rules: [{ id: 'b', category: 'x', severity: 'high', regex: '(', message: 'm' }] }] };
  changed();
  const s2 = await settings();
  assert.ok(s2.notices.some((n) => n.key === 'notice_policyPackInvalid' && n.subs[0] === 'Broken'), JSON.stringify(s2.notices));
  assert.equal(s2.locked.sensitivity, true);
  assert.equal((await ask(P.check(RISKY), 'report')).report.risk, 'high');
});

test('checkDraft: the options tester runs rules that are not saved yet', async () => {
  const draft = { rules: [{ id: 'draft', category: 'identifiers', severity: 'high', phrases: ['Acme Mill'], message: 'Draft rule.' }] };
  const report = (await ask(P.checkDraft('Lunch near Acme Mill', draft), 'report')).report;
  assert.equal(report.findings[0]?.message, 'Draft rule.');
  assert.deepEqual((await settings()).config, {}, 'nothing saved');
  const bad = await handleMessage(P.checkDraft('x', { rules: [{ id: 'd' }] }), self);
  assert.match(bad.message, /configuration rejected: d category: is required/);
});

test('site gating and the popup\'s tab status: off or paused sites are not checked', async () => {
  const tab = { id: 7 };
  const onX = { id: 'insession-test', url: 'https://x.com/home', tab };
  const first = await ask(P.check(RISKY, 'f1'), 'report', onX);
  assert.equal(first.report.risk, 'high');
  let status = (await ask(P.tabStatus(7, 'https://x.com/home'), 'tabStatusReply')).status;
  assert.deepEqual([status.host, status.siteKey, status.supported, status.state.active], ['x.com', 'x.com', true, true]);
  assert.deepEqual([status.report.risk, status.report.findings], ['high', first.report.findings.length]);
  await ask(P.setSite('x.com', false), 'settings');
  const off = await ask(P.check(RISKY, 'f1'), 'report', onX);
  assert.equal(off.inactive, 'site-off');
  assert.deepEqual(off.report.findings, []);
  const onBsky = { id: 'insession-test', url: 'https://bsky.app/', tab: { id: 8 } };
  assert.equal((await ask(P.check(RISKY), 'report', onBsky)).report.risk, 'high', 'other sites stay on');
  await ask(P.setSite('x.com', true), 'settings');
  const now = Date.now();
  await ask(P.setSettings({ pausedUntil: now + 3_600_000 }), 'settings');
  assert.equal((await ask(P.check(RISKY), 'report', onBsky)).inactive, 'paused');
  status = (await ask(P.tabStatus(8, 'https://bsky.app/'), 'tabStatusReply')).status;
  assert.equal(status.state.reason, 'paused');
  await ask(P.setSettings({ pausedUntil: now - 1 }), 'settings'); // the hour has passed
  assert.equal((await ask(P.check(RISKY), 'report', onBsky)).report.risk, 'high');
  assert.equal(JSON.stringify(session.data).includes('teacher'), false, 'the tab summary holds no text');
  const unknown = (await ask(P.tabStatus(9), 'tabStatusReply')).status;
  assert.equal(unknown.host, null);
});

test('the example policy files (policy/) are valid: every part is used, no notice', async () => {
  const read = async (p) => JSON.parse(await readFile(new URL(`../../policy/${p}`, import.meta.url), 'utf8'));
  const policy = await read('insession-policy.json');
  assert.deepEqual(Object.values((await read('chrome/insession.json'))['3rdparty'].extensions)[0], policy);
  assert.deepEqual((await read('firefox/policies.json')).policies['3rdparty'].Extensions['insession@insession.app'], policy);
  const native = await read('firefox/managed-storage/insession@insession.app.json');
  assert.deepEqual([native.name, native.type, native.data], ['insession@insession.app', 'storage', policy]);
  const schema = JSON.parse(await readFile(new URL('background/managed_schema.json', EXT), 'utf8'));
  for (const key of Object.keys(policy)) assert.ok(key in schema.properties, `managed_schema.json describes ${key}`);
  managed.data = policy;
  changed();
  const s = await settings();
  assert.deepEqual(s.notices, [], JSON.stringify(s.notices));
  assert.equal(s.locked.sensitivity, true);
  assert.equal(s.locked.profession, true);
  assert.equal(s.locked.pauseBeforePosting, true);
  assert.deepEqual(s.locked.packRules, ['trust-wards', 'trust-case-number']);
  assert.equal(s.sites['mastodon.nhs.example'], true);
  const report = (await ask(P.check('Long night on Rowan Ward, case RX1234567.'), 'report')).report;
  assert.deepEqual(report.findings.map((f) => f.rule).sort(), ['trust-case-number', 'trust-wards']);
});
