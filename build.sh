#!/usr/bin/env bash
# InSession build and test driver.
#
#   ./build.sh          install what is missing (wasm32 target, wasm-bindgen CLI at the
#                       Cargo.lock version, npm dev dependencies), then build:
#                         dist/extension/            the unpacked universal MV3 extension
#                         dist/insession-chrome.zip  the same files, for the Chrome Web Store
#                         dist/insession-firefox.zip the same files, for addons.mozilla.org
#                         target/release/insession   the native CLI
#   ./build.sh train    retrain the learned scorer (model/train.py; see model/README.md)
#   ./build.sh screenshots  build, then rewrite the committed pictures in docs/screenshots/
#                       (the overlay card on every site and the pause card, in Chromium; the
#                       settings page and the popup, light and dark). Never part of test.
#   ./build.sh sizes    build, then rewrite the size table in README.md (between its
#                       "sizes:begin" and "sizes:end" markers) from the built files.
#   ./build.sh test     build, install the browser-test tools when missing (chromium,
#                       firefox-esr, openssl via apt; geckodriver via cargo), then run every
#                       suite: cargo test, the Node smoke test, web-ext lint, the editor
#                       fixtures' build, the overlay tests (tests/overlay/), the static
#                       privacy audit, the browser tests (tests/browser/, including the
#                       overlay on every fixture editor; each test audits the requests made
#                       during it, tests/browser/lib/net-log.js) and the hostile-text render
#                       tests in both browsers (tests/privacy/).
#                       Then: the Wasm holds no absolute build path, build.sh without Rust
#                       says how to get it, and the run left every tracked file as it was.
#                       Ends with the line "N passed, N failed"; exits non-zero on any failure.
#                       Needs root or passwordless sudo when chromium/firefox-esr are missing.
#
# Idempotent: every step is skipped or incremental when its inputs have not changed.
# Logs of the test suites go to tests/.out/.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$PWD
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$ROOT/node_modules/.bin:$PATH"
export NO_UPDATE_NOTIFIER=1 # web-ext would otherwise ask the npm registry for a newer version
export CARGO_TERM_COLOR=never

DIST=dist
EXT=$DIST/extension
TOOLS_LOG=target/tools
WASM_TARGET=wasm32-unknown-unknown
WASM_RAW=target/$WASM_TARGET/release/insession.wasm
WASM_OUT=target/wasm-bindgen # wasm-bindgen output, copied into dist/extension/wasm

if [ -t 2 ]; then log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
else log() { printf '==> %s\n' "$*" >&2; }; fi
die() { printf 'build.sh: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null; then sudo -n "$@"
  else die "need root to run: $*"; fi
}

# ---------------------------------------------------------------------------------------------
# Tools
# ---------------------------------------------------------------------------------------------

# Rust (cargo, rustc, rustup) and Node (node, npm) must be installed first; README.md
# "Prerequisites" says which versions and how to get them.
ensure_prereqs() {
  command -v cargo >/dev/null && command -v rustc >/dev/null ||
    die "Rust is not installed (cargo/rustc not found on PATH). Install it with rustup: https://rustup.rs, e.g. curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh, then open a new shell (or: . \"\$HOME/.cargo/env\") and run ./build.sh again. See README.md, Prerequisites."
  command -v node >/dev/null && command -v npm >/dev/null ||
    die "Node.js is not installed (node/npm not found on PATH). Install Node 20 or later (https://nodejs.org, or apt-get install nodejs npm), then run ./build.sh again. See README.md, Prerequisites."
}

ensure_npm() {
  # npm ci only when node_modules is missing or older than the lock file
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    log "npm ci"
    npm ci --no-audit --no-fund
  fi
}

ensure_wasm_target() {
  [ -d "$(rustc --print sysroot)/lib/rustlib/$WASM_TARGET" ] && return
  command -v rustup >/dev/null ||
    die "the Rust target $WASM_TARGET is missing and rustup is not installed to add it: install Rust with rustup (https://rustup.rs), or add the target with your Rust distribution's tools"
  log "rustup target add $WASM_TARGET"
  rustup target add "$WASM_TARGET"
}

# The Wasm build's rustc flags: path prefixes remapped, so the Wasm holds no absolute build
# paths (no home folder, no checkout folder) and two builds in different folders or on
# different machines (same toolchain, same Cargo.lock) give byte-identical files. Remapped:
# the source folder, the cargo home (registry and git sources) and the rustc sysroot (the
# rust-src component). Separated by 0x1f (CARGO_ENCODED_RUSTFLAGS), so paths may hold spaces.
wasm_rustflags() {
  local cargo_home=${CARGO_HOME:-$HOME/.cargo} sysroot us=$'\x1f'
  sysroot=$(rustc --print sysroot)
  # std's own panic locations, /rustc/<commit>/library/…, are compiled into the prebuilt std
  # (virtual paths, the same on every machine with this rustc); stable Rust cannot remove them.
  printf '%s' "--remap-path-prefix=$ROOT=/insession$us--remap-path-prefix=$cargo_home=/cargo$us--remap-path-prefix=$sysroot=/rust-sysroot"
}

wasm_bindgen_wanted() {
  [ -f Cargo.lock ] || cargo generate-lockfile >&2
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

# Starts `cargo install wasm-bindgen-cli` in the background when the CLI on PATH is not the
# Cargo.lock version (the install takes minutes; the cargo builds run meanwhile). Without
# --locked: the registry lacks one of its locked dependencies (DEVELOPERS.md).
WBG_PID=
start_wasm_bindgen_install() {
  local want have
  want=$(wasm_bindgen_wanted)
  [ -n "$want" ] || die "Cargo.lock has no wasm-bindgen entry"
  have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
  if [ "$have" != "$want" ]; then
    mkdir -p "$TOOLS_LOG"
    log "cargo install wasm-bindgen-cli --version $want (background; log $TOOLS_LOG/wasm-bindgen.log)"
    cargo install wasm-bindgen-cli --version "$want" --force >"$TOOLS_LOG/wasm-bindgen.log" 2>&1 &
    WBG_PID=$!
  fi
}
wait_wasm_bindgen_install() {
  if [ -n "$WBG_PID" ]; then
    wait "$WBG_PID" || { tail -n 30 "$TOOLS_LOG/wasm-bindgen.log" >&2; die "cargo install wasm-bindgen-cli failed"; }
    WBG_PID=
  fi
}

ensure_test_tools() {
  local missing=()
  command -v chromium >/dev/null || missing+=(chromium)
  command -v firefox-esr >/dev/null || missing+=(firefox-esr)
  command -v openssl >/dev/null || missing+=(openssl)
  if [ ${#missing[@]} -gt 0 ]; then
    log "apt-get install ${missing[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
}

# geckodriver from crates.io (npm's geckodriver package downloads at run time, which CI forbids)
GD_PID=
start_geckodriver_install() {
  if ! command -v geckodriver >/dev/null; then
    mkdir -p "$TOOLS_LOG"
    log "cargo install geckodriver (background; log $TOOLS_LOG/geckodriver.log)"
    cargo install geckodriver >"$TOOLS_LOG/geckodriver.log" 2>&1 &
    GD_PID=$!
  fi
}
wait_geckodriver_install() {
  if [ -n "$GD_PID" ]; then
    wait "$GD_PID" || { tail -n 30 "$TOOLS_LOG/geckodriver.log" >&2; return 1; }
    GD_PID=
  fi
}

# ---------------------------------------------------------------------------------------------
# Build
# ---------------------------------------------------------------------------------------------

build() {
  ensure_prereqs
  ensure_npm
  ensure_wasm_target
  start_wasm_bindgen_install

  log "cargo build (wasm32, release)"
  CARGO_ENCODED_RUSTFLAGS="$(wasm_rustflags)" cargo build --lib --release --target "$WASM_TARGET"
  log "cargo build (native CLI, release)"
  cargo build --release --bin insession

  wait_wasm_bindgen_install
  if [ ! -f "$WASM_OUT/insession_bg.wasm" ] || [ "$WASM_RAW" -nt "$WASM_OUT/insession_bg.wasm" ]; then
    log "wasm-bindgen"
    rm -rf "$WASM_OUT"
    wasm-bindgen --target web --remove-name-section --no-typescript --out-dir "$WASM_OUT" "$WASM_RAW"
  fi

  log "assemble $EXT"
  rm -rf "$EXT.tmp"
  mkdir -p "$EXT.tmp"
  cp manifest.json "$EXT.tmp/"
  cp -R extension/. "$EXT.tmp/"
  rm -f "$EXT.tmp/icons/make-icons.mjs" # the icon generator is a source file, not part of the package
  mkdir -p "$EXT.tmp/wasm"
  cp "$WASM_OUT/insession.js" "$WASM_OUT/insession_bg.wasm" "$EXT.tmp/wasm/"
  # content scripts cannot be ES modules: one IIFE bundle
  # INSESSION_TEST=false: the shipped build never has the test build's hooks (content/main.js)
  esbuild extension/content/main.js --bundle --format=iife --target=chrome121,firefox142 \
    --define:INSESSION_TEST=false --minify --log-level=warning --outfile="$EXT.tmp/content.js"
  # Minify the other scripts in place (ES modules stay modules; the readable sources are this
  # repository), keeping each zip within the 250 KB store budget.
  find "$EXT.tmp" -name '*.js' ! -name content.js ! -path '*/content/*' -print0 |
    xargs -0 esbuild --minify --log-level=warning --outdir="$EXT.tmp" --outbase="$EXT.tmp" --allow-overwrite
  rm -rf "$EXT.tmp/content" # its modules are in content.js now (extension/overlay/ stays: the settings page imports it)
  rm -rf "$EXT"
  mv "$EXT.tmp" "$EXT"

  log "zip packages"
  # One universal package, zipped reproducibly (sorted entries, fixed times; scripts/zip.mjs);
  # the Chrome zip is the same file.
  node scripts/zip.mjs "$EXT" "$DIST/insession-firefox.zip"
  cp "$DIST/insession-firefox.zip" "$DIST/insession-chrome.zip"
  log "built $EXT, $DIST/insession-chrome.zip, $DIST/insession-firefox.zip, target/release/insession"
}

# ---------------------------------------------------------------------------------------------
# Test
# ---------------------------------------------------------------------------------------------

PASSED=0
FAILED=0
OUT=tests/.out

# run_suite NAME KIND CMD...  — runs one suite, tees its output to $OUT/NAME.log and adds its
# counts to the totals. KIND says how to count: cargo ("test result: … N passed; M failed"
# lines), node (node:test's "# pass N" / "# fail N" / "# cancelled N", tap or spec reporter) or single (the
# command is one test). A suite that exits non-zero without reporting a failure (crash,
# compile error) counts one failure.
run_suite() {
  local name=$1 kind=$2 rc=0 p=0 f=0
  shift 2
  log "test: $name"
  "$@" 2>&1 | tee "$OUT/$name.log" || rc=$?
  case $kind in
    cargo)
      p=$(sed -nE 's/^test result: [A-Za-z]+\. ([0-9]+) passed; ([0-9]+) failed.*/\1/p' "$OUT/$name.log" | awk '{s+=$1} END {print s+0}')
      f=$(sed -nE 's/^test result: [A-Za-z]+\. ([0-9]+) passed; ([0-9]+) failed.*/\2/p' "$OUT/$name.log" | awk '{s+=$1} END {print s+0}')
      ;;
    node)
      p=$(sed -nE 's/^(# |ℹ )pass ([0-9]+)$/\2/p' "$OUT/$name.log" | awk '{s+=$1} END {print s+0}')
      # a test cancelled by its timeout is a failure too
      f=$(sed -nE 's/^(# |ℹ )(fail|cancelled) ([0-9]+)$/\3/p' "$OUT/$name.log" | awk '{s+=$1} END {print s+0}')
      ;;
    single)
      if [ "$rc" = 0 ]; then p=1; else f=1; fi
      ;;
  esac
  if [ "$rc" != 0 ] && [ "$f" = 0 ]; then f=1; fi
  log "$name: $p passed, $f failed"
  PASSED=$((PASSED + p))
  FAILED=$((FAILED + f))
}

# Every web-ext lint warning we accept, with the reason. Any other warning, and any error,
# fails the lint suite.
#  BACKGROUND_SERVICE_WORKER_IGNORED  the universal manifest names both "service_worker"
#      (Chrome) and "scripts" (Firefox event page) for the same bg.js; Firefox ignores the
#      former by design, which is exactly what we want.
LINT_EXPECTED_WARNINGS="BACKGROUND_SERVICE_WORKER_IGNORED"

lint() {
  local json
  json=$(web-ext lint --source-dir "$EXT" --output json 2>/dev/null) || true
  LINT_JSON=$json EXPECTED=$LINT_EXPECTED_WARNINGS node -e '
    const r = JSON.parse(process.env.LINT_JSON || "{}");
    if (!r.summary) { console.error("web-ext lint produced no report"); process.exit(1); }
    const expected = new Set(process.env.EXPECTED.split(/\s+/).filter(Boolean));
    const show = (m) => `  ${m.code}: ${m.message} (${m.file ?? "manifest"})`;
    console.log(`web-ext lint: ${r.summary.errors} errors, ${r.summary.warnings} warnings, ${r.summary.notices} notices`);
    for (const m of r.warnings) console.log(show(m) + (expected.has(m.code) ? "  [expected, see build.sh]" : "  [UNEXPECTED]"));
    for (const m of r.errors) console.log(show(m) + "  [ERROR]");
    const unexpected = r.warnings.filter((m) => !expected.has(m.code));
    process.exit(r.errors.length || unexpected.length ? 1 : 0);
  '
}

# Every absolute build path found in the built Wasm (the cargo output and the shipped file):
# none is expected (wasm_rustflags remaps them). Prints what it finds; fails when it finds any.
# std's /rustc/<commit>/library/… locations are counted, not failed: they come compiled into
# the prebuilt std, are the same on every machine with this rustc, and stable Rust cannot
# remove them (-Zlocation-detail=none and -Zbuild-std are nightly-only).
wasm_paths() {
  local found std
  std=$(LC_ALL=C grep -aoE '/rustc/[0-9a-f]{40}/library/' "$EXT/wasm/insession_bg.wasm" | wc -l)
  found=$(for f in "$WASM_RAW" "$EXT/wasm/insession_bg.wasm"; do
    LC_ALL=C grep -aoE '(/root/|/home/|/Users/|/rustc/|/tmp/|[A-Z]:\\)[[:print:]]{0,60}' "$f" |
      grep -vE '^/rustc/[0-9a-f]{40}(/library/.*)?$' | sed "s|^|$f: |"
    LC_ALL=C grep -aoF "$ROOT" "$f" | sed "s|^|$f: |"
    LC_ALL=C grep -aoF "$HOME" "$f" | sed "s|^|$f: |"
  done | sort -u)
  if [ -n "$found" ]; then
    printf '%s\n' "$found" | head -n 20
    echo "the Wasm holds $(printf '%s\n' "$found" | wc -l) absolute build path(s); see wasm_rustflags in build.sh"
    return 1
  fi
  echo "no absolute build path in $WASM_RAW or $EXT/wasm/insession_bg.wasm ($std of std's own /rustc/<commit>/library/ locations, the same on every machine)"
}

# build.sh on a machine without Rust stops at once and says how to get it.
no_rust_message() {
  local home out rc=0
  home=$(mktemp -d)
  if env -i PATH=/usr/bin:/bin HOME="$home" bash -c 'command -v cargo' >/dev/null; then
    echo "SKIPPED: /usr/bin has cargo, so there is no Rust-less PATH to try"
    rm -rf "$home"
    return 0
  fi
  out=$(env -i PATH=/usr/bin:/bin HOME="$home" bash "$ROOT/build.sh" 2>&1) || rc=$?
  rm -rf "$home"
  echo "$out"
  [ "$rc" != 0 ] && grep -q 'https://rustup.rs' <<<"$out" && ! grep -q 'command not found' <<<"$out"
}

# A digest of every tracked file's state (git diff against HEAD, and the list of changed
# files), to check that the test run changes no tracked file (screenshots, fixtures, README).
tracked_state() {
  git -C "$ROOT" rev-parse --git-dir >/dev/null 2>&1 || { echo "not a git checkout"; return; }
  { git -C "$ROOT" status --porcelain --untracked-files=no; git -C "$ROOT" diff HEAD --binary; } | sha256sum
}

run_tests() {
  mkdir -p "$OUT"
  local tracked_before
  tracked_before=$(tracked_state)
  start_geckodriver_install
  # the build runs in a child shell so its `set -e` works (errexit is ignored inside `if`)
  if ! bash "$0" build; then
    wait_geckodriver_install || true
    echo "0 passed, 1 failed"
    exit 1
  fi
  local tools_ok=1
  ensure_test_tools || tools_ok=0
  wait_geckodriver_install || tools_ok=0

  run_suite cargo-test cargo cargo test --no-fail-fast
  run_suite smoke node node --test --test-reporter=spec tests/smoke/
  # static privacy audit: no network/eval/innerHTML in extension code, permissions on an allowed list
  run_suite privacy node node --test --test-reporter=spec tests/privacy/
  run_suite web-ext-lint single lint
  if [ "$tools_ok" = 1 ]; then
    # the editor fixture pages (Draft.js, Lexical, ProseMirror, Quill, …) the overlay tests use;
    # a no-op when up to date
    run_suite fixtures single node tests/fixtures/editors/build.mjs
    # the overlay alone on the fixtures (fake check; unit tests + Chromium)
    run_suite overlay node node --test --test-concurrency=1 --test-reporter=spec tests/overlay/
    # one browser at a time: 2 cores. Includes the overlay with the real extension on every
    # fixture editor (overlay.chromium/firefox.test.js)
    run_suite browser node node --test --test-concurrency=1 --test-reporter=spec tests/browser/
    # hostile text (HTML/script payloads, javascript: links) renders as text in the card and the
    # panel, in both browsers; every browser test above and here also audits its own requests
    run_suite privacy-browser node node --test --test-concurrency=1 --test-reporter=spec \
      tests/privacy/hostile-render.browser.mjs tests/privacy/hostile-render.firefox.browser.mjs
  else
    log "browser tools missing: browser tests not run"
    FAILED=$((FAILED + 1))
  fi
  run_suite wasm-paths single wasm_paths
  run_suite no-rust-message single no_rust_message
  run_suite readme-sizes single node scripts/sizes.mjs --check
  # last: nothing above may change a tracked file (docs/screenshots/ are rewritten only by
  # ./build.sh screenshots)
  run_suite tree-unchanged single bash -c '[ "$1" = "$2" ] || { git -C "$3" status --short --untracked-files=no; echo "the test run changed the tracked files above"; exit 1; }' _ \
    "$tracked_before" "$(tracked_state)" "$ROOT"

  echo "$PASSED passed, $FAILED failed"
  [ "$FAILED" = 0 ]
}

# Retrain the learned scorer (never part of build or test): a virtualenv with the pinned
# training tools (model/requirements.txt, from PyPI), the native CLI for the features, then
# model/train.py, which evaluates leave-one-batch-out and writes model/insession.model,
# model/metrics.json and model/expected.jsonl. Extra arguments go to train.py.
train() {
  local venv=target/train-venv
  command -v python3 >/dev/null || die "train: python3 (3.10 or later) is needed"
  if [ ! -x "$venv/bin/python" ] || [ model/requirements.txt -nt "$venv/.installed" ]; then
    log "python3 -m venv $venv; pip install -r model/requirements.txt"
    python3 -m venv "$venv" || die "train: python3 -m venv failed (Debian: apt-get install python3-venv)"
    "$venv/bin/pip" install -q -r model/requirements.txt
    touch "$venv/.installed"
  fi
  log "cargo build (native CLI, release)"
  cargo build --release --bin insession
  log "model/train.py $*"
  "$venv/bin/python" model/train.py "$@"
}

# The committed pictures in docs/screenshots/ (README), rewritten on purpose: the overlay card
# on every fixture site and the pause card (the Chromium overlay suite with
# INSESSION_SCREENSHOTS=1), then the settings page and the popup (tests/browser/screenshots.js).
screenshots() {
  build
  ensure_test_tools
  node tests/fixtures/editors/build.mjs
  INSESSION_SCREENSHOTS=1 node --test --test-concurrency=1 --test-reporter=spec tests/browser/overlay.chromium.test.js
  node tests/browser/screenshots.js
  git -C "$ROOT" status --short docs/screenshots/ 2>/dev/null || true
}

case "${1:-build}" in
  build) build ;;
  test) run_tests ;;
  train) shift; train "$@" ;;
  screenshots) screenshots ;;
  sizes) build; node scripts/sizes.mjs ;;
  *) die "usage: ./build.sh [build|test|screenshots|sizes|train [train.py options]]" ;;
esac
