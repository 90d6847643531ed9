#!/usr/bin/env bash
# A new corpus batch has arrived: record its first-pass numbers with the checker as it is
# (before anything learns from it), then retrain on everything recorded and rebuild the CLI.
#   model/arrive.sh corpus/batches/b07.jsonl
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f "${1:-}" ] || { echo "usage: model/arrive.sh corpus/batches/bNN.jsonl" >&2; exit 2; }
cargo build --release --bin insession 2>&1 | tail -1
python3 model/train.py --first-pass "$1"
python3 model/train.py > /dev/null
cargo build --release --bin insession 2>&1 | tail -1
