#!/usr/bin/env python3
"""Write the figures tables of the READMEs from the records, so they are never typed by hand:
- corpus/README.md: each batch's first pass (corpus/first-pass.jsonl), its writer
  (corpus/writers/profiles.tsv) and its leave-one-batch-out figures (model/metrics.json);
- README.md and model/README.md: the headline table (model/metrics.json).

    python3 model/tables.py      # rewrites the text between the markers (train.py runs it)
"""

import json
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BEGIN, END = "<!-- batch table: model/tables.py -->", "<!-- end of batch table -->"
M_BEGIN, M_END = "<!-- metrics table: model/tables.py -->", "<!-- end of metrics table -->"
KEYS = ("high_flagged", "high_as_high", "caution_flagged", "ok_clean")


def fmt(r):
    return " / ".join(f"{r[k]:.2f}" for k in KEYS) if r else "—"


def writers():
    out = {}
    for line in open(os.path.join(ROOT, "corpus", "writers", "profiles.tsv")):
        if "\t" in line:
            b, text = line.rstrip("\n").split("\t", 1)
            # "Writer: Keisha, 31, a US travel ICU nurse (Texas…). Platforms: …" → up to the first "."/"("
            who = text.removeprefix("Writer: ").split(". Platforms")[0].split(" (")[0]
            out[b] = who
    return out


def table():
    fp = [json.loads(l) for l in open(os.path.join(ROOT, "corpus", "first-pass.jsonl")) if l.strip()]
    metrics = json.load(open(os.path.join(ROOT, "model", "metrics.json")))
    who = writers()
    rows = [
        f"| batch | writer | model met | first pass, rules + model | first pass, rules alone | held out now ({metrics.get('held_out', 'leave one batch out')}) |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for r in fp:
        b = r["batch"]
        rows.append(f"| {b} | {who.get(b, '')} | {r['model']} | {fmt(r['rules_and_model'])} | {fmt(r['rules_only'])} | {fmt(metrics['lobo'].get(b))} |")
    # each wave of batches that met the same model: the mean of its batches' first passes
    waves = {}
    for r in fp:
        waves.setdefault(r["model"], []).append(r)
    for model, rs in waves.items():
        mean = lambda key: {k: sum(r[key][k] for r in rs) / len(rs) for k in KEYS}
        names = ", ".join(r["batch"] for r in rs)
        rows.append(f"| **wave** | mean of {names} | {model} | {fmt(mean('rules_and_model'))} | {fmt(mean('rules_only'))} | |")
    for b in ("own", "dev"):
        rows.append(f"| {b} | (earlier sessions / shared) | — | — | — | {fmt(metrics['lobo'].get(b))} |")
    return "\n".join(rows)


def metrics_table():
    m = json.load(open(os.path.join(ROOT, "model", "metrics.json")))
    row = lambda name, r: f"| {name} | {r['n']} | " + " | ".join(f"{r[k]:.2f}" for k in KEYS) + " |"
    n_batches = len(m["lobo"]) - 1
    return "\n".join([
        "| set | posts | high flagged | high as high | caution flagged | ok clean |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
        row(f"all {n_batches} batches, held out ({m.get('held_out', 'leave one batch out')}; rules + model)", m["lobo"]["all"]),
        row(f"all {n_batches} batches, rules alone", m["rules_only"]["all"]),
        row("dev.jsonl, held out with its group (rules + model)", m["lobo"]["dev"]),
        row("real-dev.jsonl, never trained on (rules + model)", m["real_dev"]),
        row("real-dev.jsonl, rules alone", m["real_dev_rules_only"]),
        "| target (issue 10), leave-one-batch-out | | ≥ 0.93 | ≥ 0.80 | ≥ 0.80 | ≥ 0.95 |",
        "| target (issue 10), real-dev | | ≥ 0.90 | | | ≥ 0.95 |",
    ])


def write_between(path, begin, end, body):
    text = open(path).read()
    if begin not in text or end not in text:
        raise SystemExit(f"tables.py: {path} has no '{begin}' … '{end}' markers to write between")
    head, rest = text.split(begin, 1)
    _, tail = rest.split(end, 1)
    open(path, "w").write(head + begin + "\n" + body + "\n" + end + tail)


def main():
    write_between(os.path.join(ROOT, "corpus", "README.md"), BEGIN, END, table())
    for readme in (os.path.join(ROOT, "README.md"), os.path.join(ROOT, "model", "README.md")):
        write_between(readme, M_BEGIN, M_END, metrics_table())


if __name__ == "__main__":
    main()
