// Tests for the static privacy check: the repository passes, and each kind of violation
// planted in a scratch copy of extension/ + manifest.json is caught with its file and line
// (so the check cannot silently stop working). Run: node --test tests/privacy/

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { scanCode, scanManifest, stripJsComments } from './static-check.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SCRIPT = join(ROOT, 'tests', 'privacy', 'static-check.mjs');

test('the repository passes (extension/ and manifest.json)', () => {
  const out = execFileSync(process.execPath, [SCRIPT], { encoding: 'utf8' });
  console.log(out.trim());
  assert.match(out, /^privacy static check: ok/m);
});

/** A scratch root with the real manifest and one extension file. */
function scratch(files, manifest) {
  const dir = mkdtempSync(join(tmpdir(), 'insession-privacy-'));
  mkdirSync(join(dir, 'extension', 'sub'), { recursive: true });
  writeFileSync(join(dir, 'manifest.json'), manifest ?? readFileSync(join(ROOT, 'manifest.json'), 'utf8'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 'extension', name), text);
  return dir;
}

const BAD_JS = [
  ['fetch(', "const r = await fetch('https://example.com/x');"],
  ['fetch(', 'const f = globalThis["fetch"];'],
  ['XMLHttpRequest', 'const x = new XMLHttpRequest();'],
  ['WebSocket', "new WebSocket('wss://x');"],
  ['sendBeacon', 'navigator.sendBeacon(u, text);'],
  ['other network API', 'new EventSource(u);'],
  ['eval(', 'eval(code);'],
  ['eval(', 'window.eval(code);'],
  ['new Function', "const f = new Function('a', 'return a');"],
  ['new Function', "const g = Function('return this')();"],
  ['string timer', "setTimeout('alert(1)', 10);"],
  ['importScripts( of a remote URL', "importScripts('https://cdn.example/x.js');"],
  ['importScripts( of a remote URL', 'importScripts(url);'],
  ['remote import', "const m = await import('https://cdn.example/m.js');"],
  ['innerHTML/outerHTML assignment', 'el.innerHTML = pageText;'],
  ['innerHTML/outerHTML assignment', 'el.innerHTML += "<b>" + t;'],
  ['innerHTML/outerHTML assignment', 'el.outerHTML = t;'],
  ['insertAdjacentHTML', "el.insertAdjacentHTML('beforeend', t);"],
  ['other markup from strings', 'document.write(t);'],
  ['navigation', "window.open('https://x/?q=' + t);"],
  ['navigation', 'location.href = u;'],
  ['native messaging', "chrome.runtime.connectNative('x');"],
  ['remote URL', "img.src = 'https://tracker.example/p.gif';"],
  ['remote URL', 'const u = `https://tracker.example/${id}`;'],
];

test('each violation in JavaScript is reported with its line', () => {
  for (const [rule, line] of BAD_JS) {
    const dir = scratch({ 'sub/bad.js': `// fine\n/* fine */\nconst ok = 1;\n${line}\n` });
    try {
      const { problems } = scanCode(dir);
      const hit = problems.find((p) => p.rule === rule);
      assert.ok(hit, `${rule} not caught in: ${line}\n${JSON.stringify(problems)}`);
      assert.equal(hit.file, join('extension', 'sub', 'bad.js'));
      assert.equal(hit.line, 4, line);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
});

test('violations in HTML and CSS are reported', () => {
  const cases = [
    ['x.html', '<p>\n<script src="https://cdn.example/a.js"></script>', 'remote URL', 2],
    ['x.html', '<p>\n<img src="//cdn.example/a.png">', 'protocol-relative URL', 2],
    ['x.html', '<p>\n<button onclick="go()">', 'inline event handler', 2],
    ['x.html', '<p>\n<script>\n fetch("/x")</script>', 'fetch(', 3],
    ['x.css', 'a{}\n@import url("https://fonts.example/f.css");', 'remote URL', 2],
  ];
  for (const [name, text, rule, line] of cases) {
    const dir = scratch({ [name]: text });
    try {
      const hit = scanCode(dir).problems.find((p) => p.rule === rule);
      assert.ok(hit, `${rule} not caught in ${name}: ${text}`);
      assert.equal(hit.line, line);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
});

test('comments, look-alikes and safe APIs are not flagged', () => {
  const good = [
    '// we never call fetch( or eval( or set innerHTML = here',
    '/* XMLHttpRequest, WebSocket, sendBeacon */',
    'el.textContent = pageText;',
    'if (el.innerHTML === "") {}',
    'const prefetch = 1; const evaluate = 2; myeval(x);',
    "const ns = 'http://www.w3.org/2000/svg'; document.createElementNS(ns, 'svg');",
    'const re = /\\/\\/ not a comment/; const s = "// not a comment either";',
    "chrome.runtime.getURL('wasm/insession_bg.wasm');",
    'const origins = [`https://${host}/*`, "https://*/*"];',
    'const t = `a ${b + `nested ${c}`} // inside a template`;',
  ].join('\n');
  const dir = scratch({ 'good.js': good, 'good.html': '<!-- <script src="https://x/a.js"> -->\n<p>ok</p>' });
  try {
    assert.deepEqual(scanCode(dir).problems, []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('comment stripping keeps strings, regexes and line numbers', () => {
  const src = 'a = "/* s */"; // c\nb = /x\\/y/g; /* multi\nline */ c = `//t`;';
  const out = stripJsComments(src);
  assert.equal(out.split('\n').length, src.split('\n').length);
  assert.ok(out.includes('"/* s */"') && out.includes('/x\\/y/g') && out.includes('`//t`'));
  assert.ok(!out.includes('// c') && !out.includes('multi'));
});

test('manifest: extra permissions, hosts, keys and a looser CSP are reported', () => {
  const real = JSON.parse(readFileSync(join(ROOT, 'manifest.json'), 'utf8'));
  const cases = [
    [{ permissions: [...real.permissions, 'tabs'] }, 'permissions'],
    [{ permissions: [...real.permissions, 'webRequest'] }, 'permissions'],
    [{ host_permissions: [...real.host_permissions, '<all_urls>'] }, 'host_permissions'],
    [{ optional_host_permissions: ['http://*/*'] }, 'optional_host_permissions'],
    [{ optional_permissions: ['history'] }, 'optional_permissions'],
    [{ externally_connectable: { matches: ['https://x.com/*'] } }, 'externally_connectable'],
    [{ web_accessible_resources: [{ resources: ['a'], matches: ['<all_urls>'] }] }, 'web_accessible_resources'],
    [{ content_security_policy: { extension_pages: "script-src 'self' https://cdn.example; object-src 'self'" } }, 'content_security_policy'],
    [{ content_scripts: [{ matches: ['<all_urls>'], js: ['content.js'] }] }, 'content_scripts.matches'],
  ];
  for (const [patch, rule] of cases) {
    const dir = scratch({}, JSON.stringify({ ...real, ...patch }, null, 2));
    try {
      const { problems } = scanManifest(dir);
      const hit = problems.find((p) => p.rule === rule);
      assert.ok(hit, `${rule} not caught for ${JSON.stringify(patch)}: ${JSON.stringify(problems)}`);
      assert.ok(hit.line > 1, `line of ${rule}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const bad = scratch({ 'x.js': 'fetch(u);' });
  try {
    assert.throws(() => execFileSync(process.execPath, [SCRIPT, '--root', bad], { encoding: 'utf8', stdio: 'pipe' }), (e) => {
      assert.equal(e.status, 1);
      assert.match(e.stdout, /extension\/x\.js:1: fetch\(/);
      assert.match(e.stdout, /privacy static check: FAILED, 1 problem;/);
      return true;
    });
  } finally {
    rmSync(bad, { recursive: true, force: true });
  }
});
