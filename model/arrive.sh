#!/usr/bin/env bash
# A new corpus batch has arrived: record its first-pass numbers with the checker as it is
# (before anything learns from it), then retrain on everything recorded and rebuild the CLI
# so that it embeds the new weights. Both steps run through `./build.sh train` (the pinned
# training tools).
#   model/arrive.sh corpus/batches/b07.jsonl
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f "${1:-}" ] || { echo "usage: model/arrive.sh corpus/batches/bNN.jsonl" >&2; exit 2; }
./build.sh train --first-pass "$1"
./build.sh train > /dev/null
cargo build --release --bin insession 2>&1 | tail -1
