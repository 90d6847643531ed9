/**
 * Node smoke test of the built Wasm module (dist/extension/wasm/insession.js): loads it with
 * initSync from the file bytes, exactly the module the extension ships, and checks the API
 * contract of DEVELOPERS.md — a risky and a harmless post, UTF-16 offsets, errors as Errors.
 * Run by `./build.sh test` (after the build) or `node --test tests/smoke/`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const dir = new URL('../../dist/extension/wasm/', import.meta.url);
const wasm = await import(new URL('insession.js', dir).href);
wasm.initSync({ module: readFileSync(new URL('insession_bg.wasm', dir)) });
const { Checker, validateConfig, builtinRules, version } = wasm;

const RISKY = 'My 3pm today, a 34-year-old teacher from Leeds, told me about her divorce.';
const HARMLESS = 'Clients often ask me how to cope with holiday stress. Here are five tips.';

const checker = new Checker('{}');

test('a post that could identify a client is high risk, with explained findings', () => {
  const report = checker.check(RISKY);
  assert.equal(report.risk, 'high', `risk for ${JSON.stringify(RISKY)}`);
  assert.equal(typeof report.score, 'number');
  assert.equal(report.truncated, false);
  assert.ok(report.findings.length > 0, 'at least one finding');
  for (const f of report.findings) {
    for (const key of ['rule', 'category', 'message', 'source']) assert.equal(typeof f[key], 'string', `finding.${key}`);
    assert.ok(['caution', 'high'].includes(f.severity), `finding.severity ${f.severity}`);
    assert.ok(Array.isArray(f.sources) && Array.isArray(f.evidence), 'sources and evidence are arrays');
    assert.equal(RISKY.slice(f.start, f.end), f.text, `finding ${f.rule}: text matches its span`);
    for (const e of f.evidence) assert.equal(RISKY.slice(e.start, e.end), e.text, `evidence ${e.kind}: text matches its span`);
  }
});

test('a harmless educational post is ok with no findings', () => {
  const report = checker.check(HARMLESS);
  assert.equal(report.risk, 'ok', `risk for ${JSON.stringify(HARMLESS)}`);
  assert.deepEqual(report.findings, []);
});

test('offsets are UTF-16 code units (astral characters before the finding)', () => {
  const prefix = '😀🙂 ';
  const plain = checker.check(RISKY).findings;
  const shifted = checker.check(prefix + RISKY).findings;
  assert.ok(shifted.length > 0);
  assert.equal(shifted[0].start, plain[0].start + prefix.length, 'start moves by the prefix length in UTF-16 units');
  for (const f of shifted) assert.equal((prefix + RISKY).slice(f.start, f.end), f.text);
});

test('a bad configuration throws a JS Error with a message, never a trap', () => {
  assert.throws(() => new Checker('{ not json'), (err) => err instanceof Error && !(err instanceof WebAssembly.RuntimeError) && err.message.length > 0);
  const errors = validateConfig('{"rules": [{"id": "x"}]}');
  assert.ok(Array.isArray(errors) && errors.length > 0, 'validateConfig reports the incomplete rule');
  for (const e of errors) for (const key of ['rule', 'field', 'message']) assert.equal(typeof e[key], 'string', `error.${key}`);
  assert.deepEqual(validateConfig('{}'), []);
  // the module still works after the errors
  assert.equal(checker.check(RISKY).risk, 'high');
});

test('builtinRules and version describe the core', () => {
  const rules = builtinRules();
  assert.ok(rules.length > 0);
  for (const r of rules) assert.equal(typeof r.id, 'string');
  const cargo = readFileSync(new URL('../../Cargo.toml', import.meta.url), 'utf8');
  assert.equal(version(), /^version = "([^"]+)"/m.exec(cargo)[1]);
});
