#!/usr/bin/env node
// Privacy audit, static part (issue 6, item 4): InSession makes no network requests and
// never turns page text into markup or code. Fails (exit 1, listing file:line) when any
// JavaScript, HTML or CSS file under extension/ uses a network API, evaluates strings as
// code, assigns markup from strings, loads a script from a remote URL or mentions a remote
// URL at all; and when manifest.json asks for more than the allowed permissions below.
//
//   node tests/privacy/static-check.mjs [--root DIR]
//
// Nothing is allow-listed by file: an extension file that really needs one of these must be
// discussed, and the rule changed here in the open. Comments are ignored (the overlay's doc
// comment says "no innerHTML anywhere"); string contents are not, so `"fetch("` in a string
// is flagged too (conservative: rephrase it). No dependencies; Node 18+.

import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, relative, extname, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// ---------------------------------------------------------------------------------------------
// What the manifest may ask for
// ---------------------------------------------------------------------------------------------

/** The social sites InSession runs on (content scripts and host permissions). */
const SITES = [
  '*://*.x.com/*',
  '*://*.twitter.com/*',
  '*://*.facebook.com/*',
  '*://*.instagram.com/*',
  '*://*.threads.net/*',
  '*://*.threads.com/*',
  '*://*.linkedin.com/*',
  '*://*.reddit.com/*',
  '*://*.bsky.app/*',
  '*://*.youtube.com/*',
];

const ALLOWED = {
  /**
   * API permissions. `storage`: settings and custom rules live in extension storage.
   * `scripting`: `registerContentScripts` for a site the user added (background/registration.js);
   * it can only reach hosts whose permission the user granted (optional_host_permissions).
   */
  permissions: ['storage', 'scripting'],
  optional_permissions: [],
  host_permissions: SITES,
  /** Another site the clinician chooses to enable, granted by them at run time. */
  optional_host_permissions: ['https://*/*'],
  /** The only CSP: own scripts plus WebAssembly compilation; nothing remote. */
  csp: "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'",
  /** Firefox's data-collection declaration. */
  dataCollection: ['none'],
};

/** Manifest keys that would open a channel to or from outside the extension. */
const FORBIDDEN_KEYS = {
  externally_connectable: 'lets web pages or other extensions message the extension',
  web_accessible_resources: 'exposes extension files to web pages (fingerprinting, page access)',
  update_url: 'self-hosted updates make the browser contact another server',
  oauth2: 'account sign-in',
  sandbox: 'sandboxed pages have their own, looser CSP',
  chrome_settings_overrides: 'search/home page overrides send queries elsewhere',
};

// ---------------------------------------------------------------------------------------------
// What code may not contain
// ---------------------------------------------------------------------------------------------

/** XML namespace URIs are identifiers passed to createElementNS, never fetched. */
const NAMESPACE_URIS = new Set([
  'http://www.w3.org/2000/svg',
  'http://www.w3.org/1999/xhtml',
  'http://www.w3.org/1998/Math/MathML',
  'http://www.w3.org/1999/xlink',
  'http://www.w3.org/XML/1998/namespace',
]);

const REMOTE = String.raw`(?:https?:|wss?:|ftp:)?\/\/`;

/**
 * Rules on code (comments removed). `in`: which kinds of file; `test` returns true to flag a
 * match (default: every match).
 * @type {{id: string, why: string, re: RegExp, in: string[], test?: (m: RegExpExecArray) => boolean}[]}
 */
const RULES = [
  { id: 'fetch(', why: 'network request', re: /\bfetch\s*\(|(?:\.|\[\s*['"`])fetch\b/g, in: ['js'] },
  { id: 'XMLHttpRequest', why: 'network request', re: /\bXMLHttpRequest\b/g, in: ['js'] },
  { id: 'WebSocket', why: 'network connection', re: /\bWebSocket\b/g, in: ['js'] },
  { id: 'sendBeacon', why: 'network request', re: /\bsendBeacon\b/g, in: ['js'] },
  {
    id: 'other network API',
    why: 'network connection',
    re: /\b(?:EventSource|WebTransport|RTCPeerConnection|RTCDataChannel)\b/g,
    in: ['js'],
  },
  { id: 'native messaging', why: 'talks to a program outside the browser', re: /\b(?:connectNative|sendNativeMessage)\b/g, in: ['js'] },
  { id: 'eval(', why: 'string evaluated as code', re: /\beval\s*\(|(?:\.|\[\s*['"`])eval\b/g, in: ['js'] },
  { id: 'new Function', why: 'string evaluated as code', re: /\bnew\s+Function\b|(?<![\w$.])Function\s*\(/g, in: ['js'] },
  { id: 'string timer', why: 'string evaluated as code', re: /\bset(?:Timeout|Interval)\s*\(\s*['"`]/g, in: ['js'] },
  {
    id: 'importScripts( of a remote URL',
    why: 'remote code',
    re: /\bimportScripts\s*\(\s*([^)]*)\)/g,
    in: ['js'],
    // a relative string literal is a packaged file; anything else could be remote
    test: (m) => !/^(['"`])(?!\w+:|\/\/)[^'"`]*\1(?:\s*,\s*(['"`])(?!\w+:|\/\/)[^'"`]*\2)*\s*$/.test(m[1].trim()),
  },
  { id: 'remote import', why: 'remote code', re: new RegExp(String.raw`\bimport\s*\(\s*['"\`]${REMOTE}|\bfrom\s*['"\`]${REMOTE}`, 'g'), in: ['js'] },
  { id: 'innerHTML/outerHTML assignment', why: 'markup from a string', re: /\.\s*(?:innerHTML|outerHTML)\s*\+?=(?!=)/g, in: ['js'] },
  { id: 'insertAdjacentHTML', why: 'markup from a string', re: /\binsertAdjacentHTML\b/g, in: ['js'] },
  {
    id: 'other markup from strings',
    why: 'markup from a string',
    re: /\bdocument\s*\.\s*write(?:ln)?\s*\(|\bcreateContextualFragment\b|\bsetHTML(?:Unsafe)?\s*\(|\bparseHTMLUnsafe\b|\.\s*srcdoc\s*=(?!=)/g,
    in: ['js'],
  },
  {
    id: 'navigation',
    why: 'could carry text off the machine in a URL',
    re: /\bwindow\s*\.\s*open\s*\(|\blocation\s*\.\s*(?:assign|replace)\s*\(|\blocation\s*(?:\.\s*href\s*)?=(?!=)/g,
    in: ['js'],
  },
  { id: 'inline event handler', why: 'code in markup (blocked by the MV3 CSP)', re: /<[a-z][^>]*\son[a-z]+\s*=/gi, in: ['html'] },
  { id: 'inline script', why: 'code in markup (blocked by the MV3 CSP)', re: /<script\b(?![^>]*\bsrc\s*=)[^>]*>\s*[^<\s]/gi, in: ['html'] },
  {
    id: 'remote URL',
    why: 'a request to another server (scripts, images, fonts, styles, links)',
    // a concrete address; `https://${host}/*` (a match pattern or URL built from a variable
    // host) and `https://*/*` are templates, not requests
    re: /\b(?:https?|wss?|ftp):\/\/(?![$*{])[^\s'"`<>()\\]+/gi,
    in: ['js', 'html', 'css'],
    test: (m) => !NAMESPACE_URIS.has(m[0].replace(/[.,;]+$/, '')),
  },
  {
    id: 'protocol-relative URL',
    why: 'a request to another server',
    re: /(?:\b(?:src|href|action|formaction|poster|data)\s*=\s*['"]?|url\(\s*['"]?|@import\s+['"])\/\/[^\s'"`<>]/gi,
    in: ['html', 'css', 'js'],
  },
];

const KIND = { '.js': 'js', '.mjs': 'js', '.cjs': 'js', '.html': 'html', '.htm': 'html', '.css': 'css' };

// ---------------------------------------------------------------------------------------------
// Comment removal (keeps every newline, so line numbers stay right)
// ---------------------------------------------------------------------------------------------

/** Blank out JS comments; strings, templates and regex literals are kept as they are. */
export function stripJsComments(src) {
  let out = '';
  let i = 0;
  const n = src.length;
  /** Stack of open `${` in template literals: depth of braces at which each opened. */
  const templates = [];
  let braces = 0;
  let lastSignificant = ''; // last non-space code char, to tell a regex from a division
  let lastWord = '';
  const blank = (s) => s.replace(/[^\n]/g, ' ');
  const regexCanStart = () =>
    lastSignificant === '' ||
    /[(,=:[!&|?{};+\-*%<>~^]/.test(lastSignificant) ||
    /^(?:return|typeof|instanceof|in|of|new|delete|void|throw|case|do|else|yield|await)$/.test(lastWord);
  const readString = (q) => {
    let j = i + 1;
    while (j < n && src[j] !== q) {
      if (src[j] === '\\') j++;
      else if (src[j] === '\n' && q !== '`') break;
      j++;
    }
    return j;
  };
  while (i < n) {
    const c = src[i];
    const d = src[i + 1];
    if (c === '/' && d === '/') {
      const j = src.indexOf('\n', i);
      const end = j === -1 ? n : j;
      out += blank(src.slice(i, end));
      i = end;
      continue;
    }
    if (c === '/' && d === '*') {
      const j = src.indexOf('*/', i + 2);
      const end = j === -1 ? n : j + 2;
      out += blank(src.slice(i, end));
      i = end;
      continue;
    }
    if (c === "'" || c === '"') {
      const j = readString(c);
      out += src.slice(i, j + 1);
      i = j + 1;
      lastSignificant = c;
      lastWord = '';
      continue;
    }
    if (c === '`' || (c === '}' && templates.length && templates[templates.length - 1] === braces)) {
      // a template literal, or its continuation after `${ … }`
      if (c === '}') templates.pop();
      let j = i + 1;
      while (j < n && src[j] !== '`') {
        if (src[j] === '\\') j++;
        else if (src[j] === '$' && src[j + 1] === '{') break;
        j++;
      }
      if (j < n && src[j] === '$') {
        out += src.slice(i, j + 2);
        templates.push(braces);
        i = j + 2;
        lastSignificant = '{';
      } else {
        out += src.slice(i, j + 1);
        i = j + 1;
        lastSignificant = '`';
      }
      lastWord = '';
      continue;
    }
    if (c === '/' && regexCanStart()) {
      let j = i + 1;
      let inClass = false;
      while (j < n && src[j] !== '\n') {
        if (src[j] === '\\') j++;
        else if (src[j] === '[') inClass = true;
        else if (src[j] === ']') inClass = false;
        else if (src[j] === '/' && !inClass) break;
        j++;
      }
      while (j + 1 < n && /[a-z]/i.test(src[j + 1])) j++;
      out += src.slice(i, j + 1);
      i = j + 1;
      lastSignificant = '/x';
      lastWord = '';
      continue;
    }
    if (c === '{') braces++;
    if (c === '}') braces--;
    if (/[\w$]/.test(c)) {
      let j = i;
      while (j < n && /[\w$]/.test(src[j])) j++;
      lastWord = src.slice(i, j);
      lastSignificant = 'w';
      out += lastWord;
      i = j;
      continue;
    }
    if (!/\s/.test(c)) {
      lastSignificant = c;
      lastWord = '';
    }
    out += c;
    i++;
  }
  return out;
}

const stripHtmlComments = (s) => s.replace(/<!--[\s\S]*?-->/g, (m) => m.replace(/[^\n]/g, ' '));
const stripCssComments = (s) => s.replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, ' '));

const blankAll = (s) => s.replace(/[^\n]/g, ' ');

/**
 * The views of one file that rules look at, comments blanked and line numbers kept: `js`
 * (a script, or an HTML page's inline `<script>` bodies), `html` (markup), `css`.
 */
function viewsOf(kind, text) {
  if (kind === 'js') return { js: stripJsComments(text) };
  if (kind === 'css') return { css: stripCssComments(text) };
  const html = stripHtmlComments(text);
  // only the bodies of inline scripts, everything else blanked
  let js = '';
  let last = 0;
  for (const m of html.matchAll(/(<script\b[^>]*>)([\s\S]*?)(<\/script>)/gi)) {
    const bodyAt = m.index + m[1].length;
    js += blankAll(html.slice(last, bodyAt)) + stripJsComments(m[2]);
    last = bodyAt + m[2].length;
  }
  js += blankAll(html.slice(last));
  return { html, js };
}

// ---------------------------------------------------------------------------------------------
// Scan
// ---------------------------------------------------------------------------------------------

function* walk(dir) {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* walk(p);
    else yield p;
  }
}

const lineOf = (text, index) => text.slice(0, index).split('\n').length;

/** Problems in the extension's code: `{ file, line, rule, why, excerpt }`. */
export function scanCode(root) {
  const dir = join(root, 'extension');
  const problems = [];
  const counts = { js: 0, html: 0, css: 0 };
  if (!existsSync(dir)) return { problems: [{ file: 'extension/', line: 0, rule: 'missing', why: 'no extension/ directory', excerpt: '' }], counts };
  for (const file of walk(dir)) {
    const kind = KIND[extname(file).toLowerCase()];
    if (!kind) continue;
    counts[kind]++;
    const text = readFileSync(file, 'utf8');
    const views = viewsOf(kind, text);
    const lines = text.split('\n');
    const seen = new Set();
    for (const rule of RULES) {
      for (const view of rule.in) {
        const code = views[view];
        if (code === undefined) continue;
        rule.re.lastIndex = 0;
        for (let m; (m = rule.re.exec(code)); ) {
          if (m[0] === '') rule.re.lastIndex++;
          if (rule.test && !rule.test(m)) continue;
          const line = lineOf(code, m.index);
          const key = `${rule.id}:${m.index}`;
          if (seen.has(key)) continue; // the same text seen through two views
          seen.add(key);
          problems.push({ file: relative(root, file), line, rule: rule.id, why: rule.why, excerpt: lines[line - 1].trim().slice(0, 120) });
        }
      }
    }
  }
  return { problems, counts };
}

/** Problems in manifest.json: `{ file, line, rule, why, excerpt }`. */
export function scanManifest(root) {
  const file = join(root, 'manifest.json');
  const problems = [];
  if (!existsSync(file)) return { problems: [{ file: 'manifest.json', line: 0, rule: 'missing', why: 'no manifest.json', excerpt: '' }], stats: {} };
  const text = readFileSync(file, 'utf8');
  const m = JSON.parse(text);
  const lineFor = (needle) => {
    const i = text.indexOf(needle);
    return i < 0 ? 1 : lineOf(text, i);
  };
  const flag = (needle, rule, why) => problems.push({ file: 'manifest.json', line: lineFor(needle), rule, why, excerpt: needle });

  for (const key of ['permissions', 'optional_permissions', 'host_permissions', 'optional_host_permissions']) {
    const have = m[key] ?? [];
    if (!Array.isArray(have)) {
      flag(`"${key}"`, key, 'must be an array');
      continue;
    }
    for (const p of have) {
      if (!ALLOWED[key].includes(p)) flag(JSON.stringify(p), key, `"${p}" is not in the allowed ${key} (${ALLOWED[key].join(', ') || 'none'})`);
    }
  }
  for (const cs of m.content_scripts ?? []) {
    for (const p of cs.matches ?? []) {
      if (!SITES.includes(p)) flag(JSON.stringify(p), 'content_scripts.matches', `content script on "${p}", which is not an allowed site`);
    }
  }
  const csp = m.content_security_policy;
  if (csp !== undefined) {
    if (typeof csp !== 'object' || Object.keys(csp).some((k) => k !== 'extension_pages')) {
      flag('"content_security_policy"', 'content_security_policy', 'only "extension_pages" is allowed');
    }
    if (csp?.extension_pages !== undefined && csp.extension_pages !== ALLOWED.csp) {
      flag('"extension_pages"', 'content_security_policy', `extension_pages must be exactly "${ALLOWED.csp}"`);
    }
  }
  for (const [key, why] of Object.entries(FORBIDDEN_KEYS)) {
    if (key in m) flag(`"${key}"`, key, why);
  }
  const dc = m.browser_specific_settings?.gecko?.data_collection_permissions;
  if (JSON.stringify(dc?.required ?? null) !== JSON.stringify(ALLOWED.dataCollection) || (dc?.optional ?? []).length) {
    flag('"data_collection_permissions"', 'data_collection_permissions', 'Firefox must be told: required ["none"], nothing optional');
  }
  const stats = {
    permissions: (m.permissions ?? []).length,
    hosts: (m.host_permissions ?? []).length,
    optional: (m.optional_host_permissions ?? []).length + (m.optional_permissions ?? []).length,
  };
  return { problems, stats };
}

function main() {
  const args = process.argv.slice(2);
  const at = args.indexOf('--root');
  const root = at >= 0 ? resolve(args[at + 1]) : resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const code = scanCode(root);
  const manifest = scanManifest(root);
  const problems = [...code.problems, ...manifest.problems];
  for (const p of problems) {
    console.log(`${p.file}:${p.line}: ${p.rule} (${p.why})${p.excerpt ? `: ${p.excerpt}` : ''}`);
  }
  const c = code.counts;
  const s = manifest.stats;
  console.log(
    `privacy static check: ${problems.length ? 'FAILED' : 'ok'}, ${problems.length} problem${problems.length === 1 ? '' : 's'}; ` +
      `scanned ${c.js} JS, ${c.html} HTML, ${c.css} CSS files under extension/ for ${RULES.length} rules; ` +
      `manifest: ${s.permissions ?? '?'} permission(s), ${s.hosts ?? '?'} host permission(s), ${s.optional ?? '?'} optional, all allowed=${manifest.problems.length === 0}`,
  );
  process.exit(problems.length ? 1 : 0);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
