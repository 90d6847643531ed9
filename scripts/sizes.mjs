#!/usr/bin/env node
/**
 * The README's size table, measured from the build rather than typed: the Wasm (as cargo
 * builds it, as shipped after wasm-bindgen, and gzipped), the content script, the unpacked
 * extension, the store zip and the native CLI.
 *
 *   node scripts/sizes.mjs           rewrite the table in README.md between its markers
 *   node scripts/sizes.mjs --check   fail when a figure in README.md is off the build by more
 *                                    than 5% and more than 1 KB (./build.sh test runs this; small
 *                                    drift is allowed so a rule change, or one more binding in
 *                                    the 5 KB glue, does not need a README change each time)
 *
 * Needs a build (./build.sh). Sizes in KB are 1,000 bytes.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const README = join(ROOT, 'README.md');
const BEGIN = '<!-- sizes:begin (written by ./build.sh sizes from the build; do not edit by hand) -->';
const END = '<!-- sizes:end -->';
const TOLERANCE = 0.05;
/** Drift below this many bytes is always allowed (a 5 KB file moves 5% with one function). */
const SLACK_BYTES = 1000;

function size(rel) {
  const p = join(ROOT, rel);
  if (!existsSync(p)) throw new Error(`${rel} is missing: run ./build.sh first`);
  return statSync(p).size;
}
function treeSize(dir) {
  return readdirSync(dir, { withFileTypes: true })
    .reduce((n, e) => n + (e.isDirectory() ? treeSize(join(dir, e.name)) : statSync(join(dir, e.name)).size), 0);
}

/** [what, bytes] for each row of the table. */
export function measure() {
  const shipped = 'dist/extension/wasm/insession_bg.wasm';
  return [
    ['Wasm as cargo builds it (`target/wasm32-unknown-unknown/release/insession.wasm`)', size('target/wasm32-unknown-unknown/release/insession.wasm')],
    ['Wasm as shipped, after wasm-bindgen (`wasm/insession_bg.wasm`)', size(shipped)],
    ['the shipped Wasm, gzip -9', gzipSync(readFileSync(join(ROOT, shipped)), { level: 9 }).length],
    ['JavaScript glue (`wasm/insession.js`)', size('dist/extension/wasm/insession.js')],
    ['content script (`content.js`, one minified bundle)', size('dist/extension/content.js')],
    ['unpacked extension (`dist/extension/`, all files)', treeSize(join(ROOT, 'dist/extension'))],
    ['store package (`dist/insession-chrome.zip` = `dist/insession-firefox.zip`)', size('dist/insession-chrome.zip')],
    ['native CLI (`target/release/insession`, not stripped)', size('target/release/insession')],
  ];
}

const kb = (n) => `${(n / 1000).toFixed(1)} KB`;

export function table(rows) {
  return [
    '| what | size | bytes |',
    '| --- | ---: | ---: |',
    ...rows.map(([what, n]) => `| ${what} | ${kb(n)} | ${n} |`),
  ].join('\n');
}

function section(text) {
  const a = text.indexOf(BEGIN);
  const b = text.indexOf(END);
  if (a < 0 || b < a) throw new Error(`README.md has no "${BEGIN}" … "${END}" markers`);
  return [a + BEGIN.length, b];
}

const readme = readFileSync(README, 'utf8');
const [a, b] = section(readme);
const rows = measure();
if (process.argv.includes('--check')) {
  const stated = new Map(readme.slice(a, b).split('\n')
    .map((l) => l.match(/^\| (.+) \| [\d.]+ KB \| (\d+) \|$/)).filter(Boolean).map((m) => [m[1], Number(m[2])]));
  let bad = 0;
  for (const [what, n] of rows) {
    const s = stated.get(what);
    const off = s === undefined ? Infinity : Math.abs(s - n) / n;
    const ok = off <= TOLERANCE || (s !== undefined && Math.abs(s - n) <= SLACK_BYTES);
    if (!ok) bad++;
    console.log(`${ok ? 'ok  ' : 'OFF '} ${what}: README ${s ?? 'missing'}, build ${n}${ok ? '' : ` (more than ${TOLERANCE * 100}% and ${SLACK_BYTES} bytes off)`}`);
  }
  if (bad) {
    console.error(`README.md: ${bad} size(s) do not match the build; run ./build.sh sizes and commit README.md`);
    process.exit(1);
  }
} else {
  writeFileSync(README, `${readme.slice(0, a)}\n${table(rows)}\n${readme.slice(b)}`);
  console.log(`README.md: size table written\n${table(rows)}`);
}
