#!/usr/bin/env bash
# Checks that the build is reproducible: clones the committed HEAD into two folders with
# different paths, runs ./build.sh in each (separate target folders, nothing shared but the
# cargo registry and the installed tools), and compares the store zips and the shipped Wasm
# byte for byte. Not part of ./build.sh test: two clean release builds take 10–20 minutes.
#
#   scripts/check-reproducible.sh [WORK_DIR]   (default: a new folder under /tmp)
#
# Exits 0 when both builds give identical files; prints their SHA-256 either way.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${1:-$(mktemp -d /tmp/insession-repro.XXXXXX)}
mkdir -p "$WORK"
A="$WORK/a"
B="$WORK/second build, other path"
for d in "$A" "$B"; do
  rm -rf "$d"
  git clone -q --no-hardlinks "$ROOT" "$d"
  git -C "$d" checkout -q "$(git -C "$ROOT" rev-parse HEAD)"
done
for d in "$A" "$B"; do
  echo "==> ./build.sh in $d (log: $d.log)"
  (cd "$d" && env -u CARGO_TARGET_DIR ./build.sh) >"$d.log" 2>&1 || { tail -n 30 "$d.log"; echo "build failed in $d"; exit 1; }
done
rc=0
for f in dist/insession-chrome.zip dist/insession-firefox.zip dist/extension/wasm/insession_bg.wasm; do
  ha=$(sha256sum <"$A/$f" | cut -d' ' -f1)
  hb=$(sha256sum <"$B/$f" | cut -d' ' -f1)
  if [ "$ha" = "$hb" ]; then echo "same      $f  $ha"; else echo "DIFFERENT $f  $ha / $hb"; rc=1; fi
done
[ "$rc" = 0 ] && echo "reproducible: both builds gave byte-identical files" || echo "NOT reproducible"
exit "$rc"
