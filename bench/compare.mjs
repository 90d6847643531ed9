#!/usr/bin/env node
// Side-by-side benchmark (issue 6, item 5): InSession's Wasm `check` against the on-device
// tools a clinician might otherwise use — harper.js (grammar, Wasm), alex (insensitive
// wording) and redact-pii (PII redaction) — on the same texts in one run.
//
//   npm --prefix bench ci && node bench/compare.mjs [--wasm-dir DIR] [--corpus FILE] [--quick] [--json FILE]
//
// Prints Markdown: time per check at 280 / 2,000 / 10,000 characters (median and p95 over
// distinct texts: harper.js caches results per text, so no text is ever checked twice by
// any tool), load time, Wasm and zip sizes, and detection on the labelled dev corpus (share
// of ok / caution / high posts each tool flags at all).
//
// --wasm-dir: the wasm-bindgen output (insession.js + insession_bg.wasm); default
//   dist/extension/wasm. Without a build, make one:
//     cargo build --lib --release --target wasm32-unknown-unknown &&
//     wasm-bindgen --target web --remove-name-section --out-dir /tmp/wb target/wasm32-unknown-unknown/release/insession.wasm
//   then pass --wasm-dir /tmp/wb.
// --corpus: labelled JSON Lines ({text, label}); default ../shared/corpus/dev.jsonl beside the
//   repository. Its posts are also the material the timed texts are composed of.
// --quick: fewer texts per size (a smoke run).
// Nothing here touches the network: every tool runs in this process from node_modules.

import { readFileSync, existsSync, statSync, readdirSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { deflateRawSync } from 'node:zlib';
import os from 'node:os';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..');

// ---------------------------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------------------------

function option(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
}
const QUICK = process.argv.includes('--quick');
const WASM_DIR = resolve(option('--wasm-dir', join(ROOT, 'dist', 'extension', 'wasm')));
const CORPUS = resolve(option('--corpus', join(ROOT, '..', 'shared', 'corpus', 'dev.jsonl')));
const JSON_OUT = option('--json', null);
const SIZES = [280, 2_000, 10_000];
/** Distinct timed texts per size (each tool checks each once), and untimed warm-up texts. */
const RUNS = QUICK ? { 280: 10, 2000: 5, 10000: 3 } : { 280: 80, 2000: 40, 10000: 15 };
const WARMUP = QUICK ? 2 : 5;

// ---------------------------------------------------------------------------------------------
// Texts
// ---------------------------------------------------------------------------------------------

/** Fallback material when the corpus is absent: plain posts with a few risks. */
const FALLBACK = [
  'Clients often ask me how to cope with the holidays. Here are five evidence-based tips for a calmer December.',
  'My 3pm today, a 34-year-old teacher from Leeds, cried about her divorce.',
  'Rest is not a reward; it is a need. If you are struggling, call 988 or the Samaritans on 116 123.',
  'My inbox is absolutely insane this week. Back to notes.',
  'Grateful for my supervision group. We talked about boundaries and burnout.',
];

function loadCorpus() {
  if (!existsSync(CORPUS)) return null;
  return readFileSync(CORPUS, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l, i) => {
      const o = JSON.parse(l);
      if (typeof o.text !== 'string' || !['ok', 'caution', 'high'].includes(o.label)) {
        throw new Error(`${CORPUS}:${i + 1}: expected {text, label: ok|caution|high}`);
      }
      return o;
    });
}

/**
 * Text number `i` of `n` characters (code points): posts of the corpus, from a start that
 * depends on `i` and `salt`, joined by blank lines and cut to length. Every (i, salt) pair
 * gives a different text.
 */
function compose(posts, n, i, salt) {
  const stride = 7 + salt * 2;
  let s = '';
  for (let k = 0; [...s].length < n; k++) {
    const p = posts[(i * stride + salt * 31 + k * 13) % posts.length];
    s += (s ? '\n\n' : '') + p;
  }
  // a marker guarantees distinct texts even when the composition repeats
  const marker = ` #${salt}-${i}`;
  return [...s].slice(0, n - marker.length).join('') + marker;
}

// ---------------------------------------------------------------------------------------------
// Tools: each `{ name, version, engine, load(): Promise<{ check(text): Promise<boolean>|boolean }> }`
// where `check` returns whether the tool flagged anything.
// ---------------------------------------------------------------------------------------------

const pkgVersion = (name) => {
  try {
    return JSON.parse(readFileSync(join(HERE, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return 'not installed';
  }
};

/** The built InSession Wasm module, instantiated afresh (each row's load time includes it). */
async function insessionModule() {
  const glue = join(WASM_DIR, 'insession.js');
  const wasm = join(WASM_DIR, 'insession_bg.wasm');
  if (!existsSync(glue) || !existsSync(wasm)) throw new Error(`no wasm-bindgen output in ${WASM_DIR} (see --wasm-dir)`);
  const mod = await import(pathToFileURL(glue).href);
  mod.initSync({ module: readFileSync(wasm) });
  return mod;
}

const TOOLS = [
  {
    name: 'InSession',
    version: (() => {
      try {
        return readFileSync(join(ROOT, 'Cargo.toml'), 'utf8').match(/^version = "([^"]+)"/m)[1];
      } catch {
        return '?';
      }
    })(),
    engine: 'Rust → Wasm (wasm-bindgen), built-in rules, default settings',
    async load() {
      const mod = await insessionModule();
      const checker = new mod.Checker('{}');
      return { check: (t) => checker.check(t).risk !== 'ok', detail: (t) => checker.check(t).risk };
    },
  },
  {
    // the same Wasm with every learned rule off (the core then skips the model): the rules'
    // share of the time, so the model's cost is the difference from the row above
    name: 'InSession, rules only',
    version: '',
    engine: 'as above, learned rules turned off',
    async load() {
      const mod = await insessionModule();
      const learned = mod.builtinRules().map((r) => r.id).filter((id) => id.startsWith('learned.'));
      const checker = new mod.Checker(JSON.stringify({ disabled_rules: learned }));
      return { check: (t) => checker.check(t).risk !== 'ok' };
    },
  },
  {
    name: 'harper.js',
    version: pkgVersion('harper.js'),
    engine: 'Rust → Wasm grammar checker, `LocalLinter`, plaintext',
    async load() {
      const { LocalLinter } = await import('harper.js');
      const { binaryInlined } = await import('harper.js/binaryInlined');
      const linter = new LocalLinter({ binary: binaryInlined });
      await linter.setup();
      return { check: async (t) => (await linter.lint(t, { language: 'plaintext' })).length > 0 };
    },
  },
  {
    name: 'alex',
    version: pkgVersion('alex'),
    engine: 'JavaScript (retext-equality, retext-profanities), `text()`',
    async load() {
      const { text } = await import('alex');
      return { check: (t) => text(t).messages.length > 0 };
    },
  },
  {
    name: 'redact-pii',
    version: pkgVersion('redact-pii'),
    engine: 'JavaScript regexes, `SyncRedactor` (no Google DLP)',
    async load() {
      const m = await import('redact-pii');
      const SyncRedactor = m.SyncRedactor ?? m.default?.SyncRedactor;
      const r = new SyncRedactor();
      return { check: (t) => r.redact(t) !== t };
    },
  },
];

// ---------------------------------------------------------------------------------------------
// Measurement
// ---------------------------------------------------------------------------------------------

const now = () => performance.now();
const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
};

async function timeTool(inst, texts, warm) {
  for (const t of warm) await inst.check(t);
  const ms = [];
  for (const t of texts) {
    const t0 = now();
    await inst.check(t);
    ms.push(now() - t0);
  }
  return { median: quantile(ms, 0.5), p95: quantile(ms, 0.95), n: ms.length };
}

function dirSize(p) {
  const st = statSync(p);
  if (!st.isDirectory()) return st.size;
  let sum = 0;
  for (const e of readdirSync(p)) sum += dirSize(join(p, e));
  return sum;
}

/** Bytes on disk of a package and everything it depends on (from bench/package-lock.json). */
function installedSize(name) {
  const lockPath = join(HERE, 'package-lock.json');
  if (!existsSync(lockPath)) return null;
  const lock = JSON.parse(readFileSync(lockPath, 'utf8')).packages;
  const seen = new Set();
  const visit = (path) => {
    if (seen.has(path) || !lock[path]) return;
    seen.add(path);
    const deps = { ...(lock[path].dependencies ?? {}), ...(lock[path].optionalDependencies ?? {}) };
    for (const d of Object.keys(deps)) {
      // Node resolution: nested node_modules first, then up the tree
      let base = path;
      for (;;) {
        const cand = `${base}/node_modules/${d}`;
        if (lock[cand]) {
          visit(cand);
          break;
        }
        const i = base.lastIndexOf('/node_modules/');
        if (i < 0) {
          if (lock[`node_modules/${d}`]) visit(`node_modules/${d}`);
          break;
        }
        base = base.slice(0, i);
      }
    }
  };
  visit(`node_modules/${name}`);
  let sum = 0;
  for (const p of seen) {
    const dir = join(HERE, p);
    if (!existsSync(dir)) continue;
    // the package's own files, without its nested node_modules (counted separately)
    for (const e of readdirSync(dir)) if (e !== 'node_modules') sum += dirSize(join(dir, e));
  }
  return { bytes: sum, packages: seen.size };
}

const fmtBytes = (b) => (b == null ? '—' : b >= 1e6 ? `${(b / 1e6).toFixed(2)} MB` : `${(b / 1e3).toFixed(1)} kB`);
const fmtMs = (x) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const pct = (k, n) => (n ? `${Math.round((100 * k) / n)}% (${k}/${n})` : '—');

function wasmSizes(file) {
  if (!existsSync(file)) return null;
  const buf = readFileSync(file);
  return {
    raw: buf.length,
    deflated: deflateRawSync(buf, { level: 9 }).length, // what one .zip entry takes
  };
}

// ---------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------

async function main() {
  const corpus = loadCorpus();
  const posts = corpus ? corpus.map((p) => p.text) : FALLBACK;
  const load = os.loadavg().map((x) => x.toFixed(1)).join(' ');
  const out = { date: new Date().toISOString(), machine: {}, tools: {}, sizes: {}, detection: {} };
  out.machine = {
    cpu: os.cpus()[0]?.model ?? '?',
    cores: os.cpus().length,
    node: process.version,
    os: `${os.type()} ${os.release()}`,
    loadavgAtStart: load,
  };

  const texts = {};
  const warm = {};
  for (const n of SIZES) {
    texts[n] = Array.from({ length: RUNS[n] }, (_, i) => compose(posts, n, i, 0));
    warm[n] = Array.from({ length: WARMUP }, (_, i) => compose(posts, n, i, 1));
    const all = new Set([...texts[n], ...warm[n]]);
    if (all.size !== texts[n].length + warm[n].length) throw new Error(`texts of ${n} characters repeat`);
  }

  // load every tool, timing import + setup + first check of a short text
  const loaded = [];
  for (const tool of TOOLS) {
    const t0 = now();
    try {
      const inst = await tool.load();
      await inst.check('Warm up.');
      loaded.push({ tool, inst, loadMs: now() - t0 });
    } catch (e) {
      loaded.push({ tool, error: String(e?.message ?? e).split('\n')[0] });
    }
  }

  for (const l of loaded) {
    const r = { version: l.tool.version, engine: l.tool.engine };
    if (l.error) r.error = l.error;
    else {
      r.loadMs = l.loadMs;
      for (const n of SIZES) r[n] = await timeTool(l.inst, texts[n], warm[n]);
    }
    out.tools[l.tool.name] = r;
  }

  // sizes
  out.sizes.InSession = {
    wasm: wasmSizes(join(WASM_DIR, 'insession_bg.wasm')),
    glue: existsSync(join(WASM_DIR, 'insession.js')) ? statSync(join(WASM_DIR, 'insession.js')).size : null,
    zip: existsSync(join(ROOT, 'dist', 'insession-chrome.zip')) ? statSync(join(ROOT, 'dist', 'insession-chrome.zip')).size : null,
  };
  out.sizes['harper.js'] = { wasm: wasmSizes(join(HERE, 'node_modules', 'harper.js', 'dist', 'harper_wasm_bg.wasm')), installed: installedSize('harper.js') };
  out.sizes.alex = { installed: installedSize('alex') };
  out.sizes['redact-pii'] = { installed: installedSize('redact-pii') };

  // detection on the labelled corpus
  if (corpus) {
    for (const l of loaded) {
      if (l.error || l.tool.name === 'harper.js') continue;
      const d = { ok: [0, 0], caution: [0, 0], high: [0, 0] };
      let exact = 0;
      for (const p of corpus) {
        const flagged = await l.inst.check(p.text);
        d[p.label][1]++;
        if (flagged) d[p.label][0]++;
        if (l.inst.detail && l.inst.detail(p.text) === p.label) exact++;
      }
      out.detection[l.tool.name] = { ...d, exact: l.inst.detail ? exact : null, total: corpus.length };
    }
  }

  print(out);
  if (JSON_OUT) {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(JSON_OUT, JSON.stringify(out, null, 2));
  }
}

function print(out) {
  const m = out.machine;
  const lines = [];
  lines.push(`### InSession vs harper.js, alex, redact-pii — ${out.date.slice(0, 10)}`);
  lines.push('');
  lines.push(
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.os}, Node ${m.node}; load average at start ${m.loadavgAtStart}. ` +
      `Time per check in ms, median / p95 over ${RUNS[280]} / ${RUNS[2000]} / ${RUNS[10000]} distinct texts ` +
      `(posts from ${existsSync(CORPUS) ? 'the dev corpus' : 'built-in samples'}, never repeated: harper.js caches per text), ` +
      `after ${WARMUP} untimed warm-up texts. Load = import + setup + first check.`,
  );
  lines.push('');
  lines.push('| tool | version | what runs | load (ms) | 280 chars | 2,000 chars | 10,000 chars |');
  lines.push('| --- | --- | --- | ---: | ---: | ---: | ---: |');
  for (const [name, r] of Object.entries(out.tools)) {
    if (r.error) {
      lines.push(`| ${name} | ${r.version} | ${r.engine} | could not run here: ${r.error.replace(/\|/g, '\\|')} | — | — | — |`);
      continue;
    }
    const cell = (n) => `${fmtMs(r[n].median)} / ${fmtMs(r[n].p95)}`;
    lines.push(`| ${name} | ${r.version} | ${r.engine} | ${fmtMs(r.loadMs)} | ${cell(280)} | ${cell(2000)} | ${cell(10000)} |`);
  }
  lines.push('');
  lines.push('| size | Wasm | Wasm in a zip (deflate -9) | shipped |');
  lines.push('| --- | ---: | ---: | --- |');
  const s = out.sizes;
  const w = (x) => (x ? [fmtBytes(x.raw), fmtBytes(x.deflated)] : ['not built', '—']);
  lines.push(
    `| InSession | ${w(s.InSession.wasm).join(' | ')} | extension zip ${s.InSession.zip ? fmtBytes(s.InSession.zip) : 'not built (./build.sh)'}, JS glue ${fmtBytes(s.InSession.glue)} |`,
  );
  const inst = (x) => (x ? `${fmtBytes(x.bytes)} installed (${x.packages} packages)` : '—');
  lines.push(`| harper.js | ${w(s['harper.js'].wasm).join(' | ')} | npm package with dependencies: ${inst(s['harper.js'].installed)} |`);
  lines.push(`| alex | — (JavaScript) | — | ${inst(s.alex.installed)} |`);
  lines.push(`| redact-pii | — (JavaScript) | — | ${inst(s['redact-pii'].installed)} |`);
  if (Object.keys(out.detection).length) {
    const total = Object.values(out.detection)[0].total;
    const n = (label) => Object.values(out.detection)[0][label][1];
    lines.push('');
    lines.push(
      `Detection on the labelled dev corpus (${total} posts): share of posts of each label that the tool flags at all ` +
        '(InSession: risk above ok; alex: any message; redact-pii: any redaction). Flagging *ok* posts is a false alarm.',
    );
    lines.push('');
    lines.push(`| tool | ok posts flagged (${n('ok')}) | caution posts flagged (${n('caution')}) | high posts flagged (${n('high')}) |`);
    lines.push('| --- | ---: | ---: | ---: |');
    for (const [name, d] of Object.entries(out.detection)) {
      lines.push(`| ${name} | ${pct(...d.ok)} | ${pct(...d.caution)} | ${pct(...d.high)} |`);
    }
    const ins = out.detection.InSession;
    if (ins?.exact != null) lines.push('', `InSession's risk equals the label on ${pct(ins.exact, ins.total)} of posts.`);
  }
  console.log(lines.join('\n'));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
