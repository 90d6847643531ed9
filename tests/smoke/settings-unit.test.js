/**
 * Unit tests of the settings' pure pieces (no browser, no Wasm): the schema's defaults and
 * corrupt-value recovery, migration from the version-1 layout, sync-quota chunking, the
 * organisation policy and how it combines with the user's settings, and site state with a
 * controlled clock. Imports the source modules under extension/ directly.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as S from '../../extension/background/schema.js';
import * as C from '../../extension/background/sync-chunks.js';
import * as Pol from '../../extension/background/policy.js';
import { siteState, siteKey, normalizeHost, supportedSite, addedSites, PAUSE_MS } from '../../extension/shared/site-policy.js';

test('schema: defaults for missing keys, no repairs', () => {
  const { prefs, repairs } = S.normalizePrefs({});
  assert.deepEqual(prefs, S.defaultPrefs());
  assert.equal(prefs.reminderText, 'Would I discuss this in session?');
  assert.equal(prefs.pauseBeforePosting, true);
  assert.deepEqual(repairs, []);
});

test('schema: corrupt values become defaults and are named; valid ones are kept', () => {
  const { prefs, repairs } = S.normalizePrefs({
    enabled: 'banana', sites: ['x.com'], pauseBeforePosting: false, reminderText: 42, config: '{not json',
  });
  assert.equal(prefs.enabled, true);
  assert.deepEqual(prefs.sites, {});
  assert.equal(prefs.pauseBeforePosting, false, 'a valid value survives next to corrupt ones');
  assert.equal(prefs.reminderText, S.DEFAULT_REMINDER);
  assert.deepEqual(prefs.config, {});
  assert.deepEqual(repairs.map((r) => r.key).sort(), ['config', 'enabled', 'reminderText', 'sites']);
  assert.match(repairs.find((r) => r.key === 'sites').problem, /^sites: /);
  // not even an object
  assert.deepEqual(S.normalizePrefs(null).prefs, S.defaultPrefs());
  assert.deepEqual(S.normalizePrefs('garbage').prefs, S.defaultPrefs());
});

test('schema: local values — bad pause and watch list are replaced, placement defaults to sync', () => {
  const local = S.normalizeLocal({ pausedUntil: 'soon', watchlist: { salt: 'xyz', hashes: ['nope'] }, notices: [1, { id: 'a', key: 'k' }] });
  assert.equal(local.pausedUntil, 0);
  assert.equal(local.watchlist, null);
  assert.deepEqual(local.placement, { prefs: 'sync', config: 'sync' });
  assert.deepEqual(local.notices, [{ id: 'a', key: 'k' }]);
  assert.deepEqual(local.repairs.map((r) => r.key), ['pausedUntil', 'watchlist']);
  const good = S.normalizeLocal({ watchlist: { salt: 'ab'.repeat(16), hashes: ['c'.repeat(64), 'c'.repeat(64)] }, watchlistCount: 3 });
  assert.deepEqual(good.watchlist.hashes, ['c'.repeat(64)]);
  assert.equal(good.watchlistCount, 3);
});

test('schema: version detection and migration from version 1', () => {
  assert.equal(S.detectVersion({}, {}), 'empty');
  assert.equal(S.detectVersion({}, { enabled: false }), 1);
  assert.equal(S.detectVersion({ schemaVersion: 2 }, {}), 2);
  assert.equal(S.detectVersion({ schemaVersion: 9 }, { schemaVersion: 2 }), 'unknown');
  assert.equal(S.detectVersion({ schemaVersion: 'two' }, {}), 'unknown');
  const salt = 'ab'.repeat(16);
  const hashes = ['d'.repeat(64)];
  const m = S.migrateV1({ enabled: true }, { enabled: false, config: { sensitivity: 'strict', watchlist: { salt, hashes } } });
  assert.deepEqual(m.prefs, { enabled: false, config: { sensitivity: 'strict' } }, 'local wins, the watch list leaves the config');
  assert.deepEqual(m.watchlist, { salt, hashes });
});

test('schema: notices are one per id', () => {
  let n = S.withNotice([], 'recovered', ['config'], 1);
  n = S.withNotice(n, 'recovered', ['sites'], 2);
  assert.deepEqual(n, [{ id: 'recovered', key: 'notice_recovered', subs: ['sites'], at: 2 }]);
});

test('sync chunks: byte counting follows JSON and UTF-8', () => {
  assert.equal(C.itemBytes('enabled', true), 7 + 4);
  assert.equal(C.utf8('é'), 2);
  for (const ch of ['a', '"', '\\', '\n', '\u0001', 'é', '€', '\ud83d']) {
    assert.equal(C.jsonCharBytes(ch.charCodeAt(0)), C.utf8(JSON.stringify(ch)) - 2, `cost of ${JSON.stringify(ch)}`);
  }
});

test('sync chunks: a small config stays inline', () => {
  const plan = C.planSync({ schemaVersion: 2, enabled: true, config: { sensitivity: 'strict' } });
  assert.equal(plan.fits, true);
  assert.equal(plan.chunks, 0);
  assert.deepEqual(plan.items.config, { sensitivity: 'strict' });
});

/** A config of `n` rules with long phrase lists (non-ASCII and quotes, to exercise escaping). */
function bigConfig(n, phrases = 40) {
  return {
    rules: Array.from({ length: n }, (_, i) => ({
      id: `place-${i}`, category: 'confidentiality', severity: 'caution',
      phrases: Array.from({ length: phrases }, (_, j) => `Ståðr "${i}-${j}" Mill \\ 🏥`),
      message: 'A local place.',
    })),
  };
}

test('sync chunks: a large config is split; every item fits; the chunks reassemble exactly', () => {
  const config = bigConfig(12);
  const plan = C.planSync({ schemaVersion: 2, enabled: true, config });
  assert.equal(plan.fits, true);
  assert.ok(plan.chunks > 1, `expected several chunks, got ${plan.chunks}`);
  assert.equal(plan.items.config.$chunks, plan.chunks);
  assert.match(plan.items.config.rev, /^[0-9a-f]{8}$/);
  for (const [k, v] of Object.entries(plan.items)) {
    assert.ok(C.itemBytes(k, v) <= C.SYNC_QUOTA.perItem, `${k}: ${C.itemBytes(k, v)} bytes`);
  }
  assert.ok(plan.bytes <= C.SYNC_QUOTA.total);
  const back = C.assembleConfig(plan.items.config, (k) => plan.items[k]);
  assert.deepEqual(back, config);
  // a different config changes the header (so storage.onChanged names `config`)
  const other = C.planSync({ schemaVersion: 2, config: bigConfig(12, 41) });
  assert.notEqual(other.items.config.rev, plan.items.config.rev);
});

test('sync chunks: beyond the total quota it does not fit, and says how big the config is', () => {
  const plan = C.planSync({ schemaVersion: 2, enabled: true, config: bigConfig(120) });
  assert.equal(plan.fits, false);
  assert.ok(plan.configBytes > C.SYNC_QUOTA.total);
  assert.equal('config' in plan.items, false, 'the other preferences still go to sync');
  assert.equal(plan.items.enabled, true);
});

test('sync chunks: stale chunk keys and broken chunks', () => {
  assert.deepEqual(C.staleChunkKeys(4, 2), ['config.2', 'config.3']);
  assert.deepEqual(C.staleChunkKeys(1, 3), []);
  assert.throws(() => C.assembleConfig({ $chunks: 2 }, (k) => (k === 'config.0' ? '{"rules":' : undefined)), /chunk 2 of 2 is missing/);
  assert.throws(() => C.assembleConfig({ $chunks: 1 }, () => '{"rules":['), /not valid JSON/);
  assert.throws(() => C.assembleConfig({ $chunks: -3 }, () => ''), /header is invalid/);
  assert.deepEqual(C.assembleConfig({ sensitivity: 'strict' }, () => undefined), { sensitivity: 'strict' });
});

const BUILTINS = [
  { id: 'identifiers.phone', category: 'identifiers' },
  { id: 'stigma.crazy-insane', category: 'stigma' },
];
const PACK_RULE = { id: 'trust-ward', category: 'confidentiality', severity: 'high', phrases: ['Ward 9'], message: 'Names a ward.' };

test('policy: normalisation keeps the valid parts and names the rest', () => {
  const { policy, problems } = Pol.normalizePolicy({
    sensitivity: 'strict', profession: 'uk-hcpc-nmc', forceCategories: ['identifiers', 'nonsense'],
    sites: ['https://Mastodon.Example/@me', 'not a host'], rulePacks: JSON.stringify([{ name: 'Trust', rules: [PACK_RULE] }]),
    pauseBeforePosting: 'yes',
  }, ['uk-hcpc-nmc']);
  assert.equal(policy.active, true);
  assert.equal(policy.sensitivity, 'strict');
  assert.equal(policy.profession, 'uk-hcpc-nmc');
  assert.deepEqual(policy.forceCategories, ['identifiers']);
  assert.deepEqual(policy.sites, ['mastodon.example']);
  assert.deepEqual(policy.rulePacks, [{ name: 'Trust', rules: [PACK_RULE] }]);
  assert.equal(policy.pauseBeforePosting, undefined);
  assert.equal(problems.length, 3, problems.join(' | '));
  assert.deepEqual(Pol.normalizePolicy(undefined).policy, Pol.emptyPolicy());
});

test('policy: the effective config — locked values, packs first, forced rules stay on, watch list added', () => {
  const { policy } = Pol.normalizePolicy({ sensitivity: 'strict', forceCategories: ['identifiers'], rulePacks: [{ name: 'Trust', rules: [PACK_RULE] }] });
  const user = {
    sensitivity: 'relaxed', disabled_rules: ['identifiers.phone', 'stigma.crazy-insane'],
    rules: [{ ...PACK_RULE, message: 'mine' }, { id: 'mine', category: 'stigma', severity: 'caution', phrases: ['x'], message: 'm' }],
  };
  const w = { salt: 'ab'.repeat(16), hashes: ['e'.repeat(64)] };
  const cfg = Pol.effectiveConfig(user, policy, w, BUILTINS);
  assert.equal(cfg.sensitivity, 'strict');
  assert.deepEqual(cfg.disabled_rules, ['stigma.crazy-insane']);
  assert.deepEqual(cfg.rules.map((r) => [r.id, r.message]), [['trust-ward', 'Names a ward.'], ['mine', 'm']]);
  assert.deepEqual(cfg.watchlist, w);
  assert.equal(user.sensitivity, 'relaxed', 'the user config is not mutated');
  const locked = Pol.lockedSummary(policy, BUILTINS);
  assert.equal(locked.sensitivity, true);
  assert.equal(locked.profession, false);
  assert.deepEqual(locked.rules, ['identifiers.phone']);
  assert.deepEqual(locked.packRules, ['trust-ward']);
});

test('policy: conflicts — locked values cannot change, unchanged re-saves are fine', () => {
  const { policy } = Pol.normalizePolicy({ sensitivity: 'strict', forceCategories: ['identifiers'], sites: ['mastodon.example'], pauseBeforePosting: true, rulePacks: [{ name: 'T', rules: [PACK_RULE] }] });
  const current = { config: { sensitivity: 'balanced' }, pauseBeforePosting: true };
  assert.match(Pol.policyConflict({ config: { sensitivity: 'relaxed' } }, current, policy, BUILTINS), /organisation/);
  assert.equal(Pol.policyConflict({ config: { sensitivity: 'balanced', disabled_rules: ['stigma.crazy-insane'] } }, current, policy, BUILTINS), null);
  assert.match(Pol.policyConflict({ config: { disabled_rules: ['identifiers.phone'] } }, current, policy, BUILTINS), /identifiers\.phone/);
  assert.match(Pol.policyConflict({ config: { rules: [PACK_RULE] } }, current, policy, BUILTINS), /rule pack/);
  assert.match(Pol.policyConflict({ pauseBeforePosting: false }, current, policy, BUILTINS), /pause/);
  assert.match(Pol.policyConflict({ sites: { 'mastodon.example': false } }, current, policy, BUILTINS), /mastodon\.example/);
  assert.deepEqual(Pol.effectiveSites({ 'x.com': false }, policy), { 'x.com': false, 'mastodon.example': true });
});

test('site state: global switch, per-site off with subdomains, pause with a controlled clock', () => {
  const now = 1_700_000_000_000;
  assert.deepEqual(siteState({}, 'x.com', now), { active: true, reason: 'on' });
  assert.equal(siteState({ enabled: false }, 'x.com', now).reason, 'disabled');
  assert.equal(siteState({ sites: { 'facebook.com': false } }, 'www.facebook.com', now).reason, 'site-off');
  assert.equal(siteState({ sites: { 'facebook.com': false } }, 'x.com', now).active, true);
  const paused = siteState({ pausedUntil: now + PAUSE_MS }, 'x.com', now);
  assert.deepEqual(paused, { active: false, reason: 'paused', until: now + PAUSE_MS });
  assert.equal(siteState({ pausedUntil: now + PAUSE_MS }, 'x.com', now + PAUSE_MS + 1).active, true, 'an hour later it is on again');
  assert.equal(siteKey({}, 'old.reddit.com'), 'reddit.com');
  assert.equal(siteKey({ 'old.reddit.com': false }, 'old.reddit.com'), 'old.reddit.com');
  assert.equal(supportedSite('m.youtube.com'), 'youtube.com');
});

test('site hosts: what the user types becomes a host name, or is refused', () => {
  assert.equal(normalizeHost('https://Mastodon.Social/@me'), 'mastodon.social');
  assert.equal(normalizeHost('www.example.org'), 'example.org');
  assert.equal(normalizeHost('hachyderm.io'), 'hachyderm.io');
  for (const bad of ['', 'localhost', '127.0.0.1', 'ftp://x.org', '*.example.org', 'not a host']) {
    assert.equal(normalizeHost(bad), null, JSON.stringify(bad));
  }
  assert.deepEqual(addedSites({ 'x.com': false, 'mastodon.social': true }), ['mastodon.social']);
});
