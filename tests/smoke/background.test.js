/**
 * The background's message handler in Node, with the built Wasm and a stand-in for the
 * extension APIs (runtime.getURL, storage): every request type of extension/shared/protocol.js
 * gets the reply it promises, bad requests get named errors, settings persist and change the
 * checker. Runs against dist/extension, the files the browsers load. (A real service-worker
 * stop and transparent restart is tested in Chromium, tests/browser/chromium.test.js.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';

const EXT = new URL('../../dist/extension/', import.meta.url);

/** An in-memory storage area with the promise API of chrome.storage.* */
function area() {
  const data = {};
  return {
    data,
    async get(keys) {
      return Object.fromEntries([keys].flat().filter((k) => k in data).map((k) => [k, structuredClone(data[k])]));
    },
    async set(items) {
      Object.assign(data, structuredClone(items));
    },
  };
}

globalThis.chrome = {
  runtime: { id: 'insession-test', getURL: (path) => new URL(path, EXT).href },
  storage: { local: area(), sync: area(), session: area() },
};
// wasm-bindgen's init fetches the module URL; Node's fetch has no file: support
const realFetch = globalThis.fetch;
let wasmFetches = 0;
globalThis.fetch = async (url, opts) => {
  if (String(url).startsWith('file:')) {
    wasmFetches += 1;
    return new Response(await readFile(new URL(url)), { headers: { 'content-type': 'application/wasm' } });
  }
  return realFetch(url, opts);
};

const P = await import(new URL('shared/protocol.js', EXT).href);
const { handleMessage } = await import(new URL('background/handler.js', EXT).href);

const RISKY = 'My 3pm today, a 34-year-old teacher from Leeds, told me about her divorce.';
const HARMLESS = 'Clients often ask me how to cope with holiday stress. Here are five tips.';
const self = { id: 'insession-test' };

test('check → report, with timing; the first check pays the start-up', async () => {
  const first = await handleMessage(P.check(RISKY, 'f1'), self);
  assert.equal(first.type, 'report', JSON.stringify(first));
  assert.equal(first.report.risk, 'high');
  assert.equal(first.fieldId, 'f1');
  assert.ok(first.timing.initMs > 0, 'cold: the Wasm was loaded for this check');
  const second = await handleMessage(P.check(HARMLESS), self);
  assert.equal(second.report.risk, 'ok');
  assert.equal(second.timing.initMs, 0, 'warm: no re-initialisation');
  assert.equal(wasmFetches, 1, 'the Wasm is loaded once');
});

test('the first-focus reminder: dismissed for the browsing session (storage.session), and back on request', async () => {
  assert.deepEqual(await handleMessage(P.reminderState(), self), P.reminderReply(false));
  assert.deepEqual(await handleMessage(P.setReminder(true), self), P.reminderReply(true));
  assert.deepEqual(await handleMessage(P.reminderState(), self), P.reminderReply(true));
  assert.equal(chrome.storage.session.data.reminderDismissed, true, 'kept in storage.session, which the browser clears on close');
  assert.equal(chrome.storage.local.data.reminderDismissed, undefined, 'never on disk');
  assert.deepEqual(await handleMessage(P.setReminder(false), self), P.reminderReply(false));
  assert.deepEqual(await handleMessage(P.reminderState(), self), P.reminderReply(false));
  assert.match((await handleMessage({ type: 'setReminder', dismissed: 'yes' }, self)).message, /setReminder\.dismissed: expected a boolean/);
});

test('the content port envelope: ids are required, the request inside is validated as usual', () => {
  const env = P.portRequest(7, P.check('x'));
  assert.deepEqual(P.validatePortRequest(env), env);
  assert.throws(() => P.validatePortRequest({ id: 0, request: P.check('x') }), /port message\.id/);
  assert.throws(() => P.validatePortRequest({ id: 3 }), /port message\.request/);
  assert.throws(() => P.validatePortRequest('check'), /port message: expected an object/);
  assert.deepEqual(P.portReply(7, P.pongReply('1', true)), { id: 7, reply: { type: 'pong', version: '1', warm: true } });
});

test('malformed and unknown requests get named errors', async () => {
  assert.deepEqual(await handleMessage({ type: 'check', text: 5 }, self), P.errorReply('check.text: expected a string', 'check'));
  assert.equal((await handleMessage({ type: 'nope' }, self)).type, 'error');
  assert.match((await handleMessage(null, self)).message, /expected an object/);
  assert.match((await handleMessage(P.ping(), { id: 'someone-else' })).message, /another extension/);
});

test('settings: defaults, validation, persistence, and the checker follows the config', async () => {
  const initial = P.expectReply(await handleMessage(P.getSettings(), self), 'settings').settings;
  // the keys content scripts read, at their defaults (the reply carries more: see protocol.js)
  assert.deepEqual(Object.fromEntries(P.SETTABLE.map((k) => [k, initial[k]])), { ...P.DEFAULT_SETTINGS });

  const bad = await handleMessage(P.setSettings({ config: { rules: [{ id: 'x' }] } }), self);
  assert.equal(bad.type, 'error');
  assert.match(bad.message, /configuration rejected/);

  const config = {
    rules: [{ id: 'local-employer', category: 'confidentiality', severity: 'caution', phrases: ['Acme Mill'],
      message: 'Names a local employer.' }],
  };
  assert.deepEqual(P.expectReply(await handleMessage(P.validateConfig(config), self), 'validation').errors, []);
  const saved = P.expectReply(await handleMessage(P.setSettings({ config }), self), 'settings').settings;
  assert.deepEqual(saved.config, config);
  assert.deepEqual(chrome.storage.sync.data.config, config, 'written to storage.sync (background/schema.js)');
  const report = P.expectReply(await handleMessage(P.check('Lovely walk past Acme Mill today.'), self), 'report').report;
  assert.ok(report.findings.some((f) => f.rule === 'local-employer'), JSON.stringify(report.findings));

  P.expectReply(await handleMessage(P.setSettings({ enabled: false }), self), 'settings');
  const off = P.expectReply(await handleMessage(P.check(RISKY), self), 'report').report;
  assert.equal(off.risk, 'ok', 'disabled: nothing reported');
  P.expectReply(await handleMessage(P.setSettings({ enabled: true, config: {} }), self), 'settings');
});

test('builtinRules, ping and bench', async () => {
  const rules = P.expectReply(await handleMessage(P.builtinRules(), self), 'rules');
  assert.ok(rules.rules.length > 0 && typeof rules.version === 'string');
  const pong = P.expectReply(await handleMessage(P.ping(), self), 'pong');
  assert.equal(pong.warm, true);
  const bench = P.expectReply(await handleMessage(P.bench(RISKY, 5), self), 'benchResult');
  assert.equal(bench.samples.length, 5);
  assert.match((await handleMessage(P.bench(RISKY, 0), self)).message, /iterations/);
});
