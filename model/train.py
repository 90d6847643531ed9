#!/usr/bin/env python3
"""Train InSession's learned scorer and measure it honestly.

    python3 model/train.py            # leave-one-batch-out evaluation, then train on all
                                      # batches and write model/insession.model + metrics
    python3 model/train.py --eval-only  # the evaluation alone, nothing written

Why this shape: the features are the core's own (`insession features`, src/model/features.rs),
so what is trained here is exactly what the extension scores; this script only fits a linear
model per head (scikit-learn logistic regression), chooses the probability thresholds and
writes the weights as signed bytes.

Data: every `corpus/batches/*.jsonl` batch, `corpus/own.jsonl` and `corpus/dev.jsonl` are
training batches. `corpus/real-dev.jsonl` (real posts) is never trained on: it is measured
only. Each batch is measured by a model trained on all the *other* batches (leave one batch
out), combined with the rules as the product combines them (the higher risk wins), which is
the best estimate of what a user with new wording will see.

Dependencies are pinned in model/requirements.txt. Runs in about 6–10 minutes on 2 cores at
7,500 posts (leave-one-batch-out fits every head once per batch).
"""

import argparse
import glob
import json
import os
import struct
import subprocess
import sys

import numpy as np
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# the native CLI whose features and rules are learned from (INSESSION_CLI: another build)
CLI = os.environ.get("INSESSION_CLI", os.path.join(ROOT, "target", "release", "insession"))
# the category heads; never identifiers, which only the rules name (formats and checksums
# that n-grams cannot check: src/model/mod.rs, LEARNED_IDS)
CATEGORIES = ["confidentiality", "boundaries", "professionalism", "stigma", "self_disclosure"]
LABEL = {"ok": 0, "caution": 1, "high": 2}
RISK = {"ok": 0, "caution": 1, "high": 2}
LOG2_D = 15
D = 1 << LOG2_D
C_REG = 8.0
# Subtracted from a sentence window's logit (not the whole post's) before the most alarming
# unit is taken: a long post has many windows, so one window must say more than a whole post
# to decide. Leave-one-batch-out (4,182 posts, C = 4): flag AUC 0.906 with no offset, 0.914
# at 0.5, 0.920 at 1.0, 0.925 at 3.0. But the larger the offset, the fewer risky sentences
# buried in a long harmless post are found (tests/model.rs: about 60% at 0, 55% at 0.25,
# 47% at 0.5, 33% at 1.0), so 0.5 takes part of the gain.
WINDOW_OFFSET = 0.5
# Below this flag probability the model withdraws a rule caution marked `model_may_clear`
# (the mosaic, mocking clients): context the model reads better than a word list. At 0.2 on
# leave-one-batch-out it withdrew 23 harmless posts' cautions for 3 right ones.
CLEAR_BELOW = 0.2
# What each sensitivity lets the model cost on leave-one-batch-out: the share of harmless
# posts it may flag beyond those the rules already flag.
OK_BUDGET = {"relaxed": 0.01, "balanced": 0.03, "strict": 0.07}


def features(path):
    out = subprocess.run([CLI, "features", path], check=True, capture_output=True, text=True).stdout
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def group_rows(toks, a, b):
    w, c = [], []
    for t in toks[a:b]:
        w.append(t[0])
        if t[1]:
            w.append(t[1])
        c.extend(t[2:])
    return w, c


def unit_rows(post):
    """(word-group hashes, char-group hashes) of each unit the core scores: the whole post
    (unless very long) and its sentence windows."""
    return [group_rows(post["tokens"], a, b) for a, b in post["units"]]


def window_rows(post):
    """The units that are windows, not the whole post."""
    n = len(post["tokens"])
    return [group_rows(post["tokens"], a, b) for a, b in post["units"] if (a, b) != (0, n)]


def matrix(units):
    """CSR matrix: each group's hashed counts divided by the square root of its size."""
    data, idx, ptr = [], [], [0]
    for w, c in units:
        for group in (w, c):
            if group:
                v = 1.0 / np.sqrt(len(group))
                idx.extend(h & (D - 1) for h in group)
                data.extend([v] * len(group))
        ptr.append(len(idx))
    m = sp.csr_matrix((np.array(data, np.float32), np.array(idx, np.int64), np.array(ptr)), shape=(len(units), D))
    m.sum_duplicates()
    return m


class Data:
    def __init__(self, posts):
        self.posts = posts
        self.units = [unit_rows(p) for p in posts]
        # training sees each whole post, however long
        self.whole = matrix([group_rows(p["tokens"], 0, len(p["tokens"])) for p in posts])
        self.label = np.array([LABEL[p["label"]] for p in posts])
        self.rules = np.array([RISK[p["rules"]["risk"]] for p in posts])
        # the rules' only findings are cautions the model may withdraw
        self.clearable = np.array([bool(p["rules"].get("clearable")) for p in posts])
        # every unit the core scores, and which post each belongs to
        flat = [u for us in self.units for u in us]
        self.all_units = matrix(flat)
        self.owner = np.repeat(np.arange(len(posts)), [len(us) for us in self.units])
        self.is_window = np.array([(a, b) != (0, len(p["tokens"])) for p in posts for a, b in p["units"]], bool)
        wins = [window_rows(p) for p in posts]
        self.windows = matrix([u for ws in wins for u in ws])
        self.window_owner = np.repeat(np.arange(len(posts)), [len(ws) for ws in wins])


def fit_heads(d, keep, categories=True):
    """Fit the flag and high heads, and unless `categories` is false the category heads, on
    the posts in `keep` (bool mask). Returns {head: (w, b)}."""
    heads = {}
    X = d.whole[keep]
    y = d.label[keep]
    # windows of harmless posts are harmless too: they teach the model that one ordinary
    # sentence is not a flag, which window scoring needs
    ok_posts = np.where(keep & (d.label == 0))[0]
    Xw = d.windows[np.isin(d.window_owner, ok_posts)]
    Xa = sp.vstack([X, Xw]).tocsr()
    for name, target in (("flag", y >= 1), ("high", y >= 2)):
        ya = np.r_[target, np.zeros(Xw.shape[0], bool)]
        sw = np.r_[np.ones(len(target)), np.full(Xw.shape[0], 0.5)]
        m = LogisticRegression(C=C_REG, max_iter=2000, class_weight="balanced", solver="liblinear", random_state=0)
        m.fit(Xa, ya, sample_weight=sw)
        heads[name] = (m.coef_[0].astype(np.float32), float(m.intercept_[0]))
    if not categories:
        return heads
    flagged = y >= 1
    Xf = X[flagged]
    for cat in CATEGORIES:
        yc = np.array([cat in p["categories"] for p, k in zip((d.posts[i] for i in np.where(keep)[0]), flagged) if k])
        if yc.sum() < 3:
            heads[cat] = (np.zeros(D, np.float32), -5.0)
            continue
        m = LogisticRegression(C=C_REG, max_iter=2000, class_weight="balanced", solver="liblinear", random_state=0)
        m.fit(Xf, yc)
        heads[cat] = (m.coef_[0].astype(np.float32), float(m.intercept_[0]))
    return heads


def unit_max(d, w, b):
    """Per post: the probability of its most alarming unit, as the core scores it (windows
    less WINDOW_OFFSET)."""
    z = d.all_units @ w + b - WINDOW_OFFSET * d.is_window
    best = np.full(len(d.posts), -np.inf)
    np.maximum.at(best, d.owner, z)
    return 1 / (1 + np.exp(-best))


def max_prob(d, heads, name, rows):
    """Per post in `rows`: the probability of its most alarming unit."""
    w, b = heads[name]
    return unit_max(d, w, b)[rows]


def cleared(rules, clearable, pflag):
    """The rules' risk after the model withdraws the cautions it may (balanced, relaxed)."""
    return np.where(clearable & (pflag < CLEAR_BELOW), 0, rules)


def combined(rules, pflag, phigh, th):
    model = np.where(phigh >= th[1], 2, np.where(pflag >= th[0], 1, 0))
    return np.maximum(rules, model)


def rates(label, risk):
    def r(mask, ok):
        n = mask.sum()
        return float((ok & mask).sum() / n) if n else float("nan")
    return {
        "n": int(len(label)),
        "high_flagged": r(label == 2, risk >= 1),
        "high_as_high": r(label == 2, risk == 2),
        "caution_flagged": r(label == 1, risk >= 1),
        "ok_clean": r(label == 0, risk == 0),
    }


def choose_thresholds(label, raw_rules, clearable, pflag, phigh):
    """Per sensitivity: the thresholds that flag most, within the sensitivity's budget of
    harmless posts flagged beyond the rules (after the model's withdrawals: what those gain
    stays gained)."""
    out = {}
    grid = np.round(np.arange(0.10, 0.991, 0.01), 2)
    for sens, budget in OK_BUDGET.items():
        rules = raw_rules if sens == "strict" else cleared(raw_rules, clearable, pflag)
        target = rates(label, rules)["ok_clean"] - budget
        best = None
        for tf in grid:
            for th in grid:
                if th < tf:
                    continue
                m = rates(label, combined(rules, pflag, phigh, (tf, th)))
                if m["ok_clean"] < target:
                    continue
                # recall of flagged posts first, then high as high
                key = (m["high_flagged"] + m["caution_flagged"] + m["high_as_high"], -tf - th)
                if best is None or key > best[0]:
                    best = (key, (float(tf), float(th)))
        out[sens] = best[1] if best else (0.95, 0.95)
    return out


def recorded_batches():
    """Batches whose first-pass numbers are recorded: only those may be learned from."""
    path = os.path.join(ROOT, "corpus", "first-pass.jsonl")
    if not os.path.exists(path):
        return set()
    return {json.loads(line)["batch"] for line in open(path) if line.strip()}


def load_batches():
    done = recorded_batches()
    files = sorted(glob.glob(os.path.join(ROOT, "corpus", "batches", "*.jsonl")))
    waiting = [f for f in files if os.path.basename(f)[:-6] not in done]
    if waiting:
        print("not learned from (no first-pass record yet): " + ", ".join(os.path.basename(f) for f in waiting), file=sys.stderr)
    files = [f for f in files if f not in waiting]
    files += [os.path.join(ROOT, "corpus", "own.jsonl"), os.path.join(ROOT, "corpus", "dev.jsonl")]
    posts, batch = [], []
    for f in files:
        name = os.path.basename(f)[:-6]
        ps = features(f)
        posts += ps
        batch += [name] * len(ps)
    return posts, np.array(batch)


def lobo(d, batch, folds=0):
    """Held-out probabilities for every post: leave one batch out, or with `folds` > 0 the
    batches dealt round-robin (in name order) into that many groups and each group held out
    (the same idea, fewer fits: a batch is never split between training and test)."""
    pflag = np.zeros(len(d.posts))
    phigh = np.zeros(len(d.posts))
    names = sorted(set(batch))
    group = {b: (i % folds if folds else i) for i, b in enumerate(names)}
    g = np.array([group[b] for b in batch])
    for k in sorted(set(group.values())):
        test = g == k
        # the evaluation reads only the flag and high heads
        heads = fit_heads(d, ~test, categories=False)
        rows = np.where(test)[0]
        pflag[rows] = max_prob(d, heads, "flag", rows)
        phigh[rows] = max_prob(d, heads, "high", rows)
        print(f"  held out {', '.join(b for b in names if group[b] == k)}: {test.sum()} posts", file=sys.stderr)
    return pflag, phigh


def quantize(heads, order):
    table = np.zeros((D, len(order)), np.int8)
    meta = []
    for j, name in enumerate(order):
        w, b = heads[name]
        scale = float(np.abs(w).max() / 127) or 1.0
        table[:, j] = np.clip(np.round(w / scale), -127, 127).astype(np.int8)
        meta.append((name, b, scale))
    return table, meta


def write_model(path, table, meta, thresholds):
    b = bytearray(b"ISM2")
    b += bytes([LOG2_D, len(meta)])
    for name, bias, scale in meta:
        b += bytes([len(name)]) + name.encode() + struct.pack("<ff", bias, scale)
    for sens in ("relaxed", "balanced", "strict"):
        b += struct.pack("<ff", *thresholds[sens])
    b += struct.pack("<ff", WINDOW_OFFSET, CLEAR_BELOW)
    b += table.tobytes()
    with open(path, "wb") as f:
        f.write(b)


def write_expected(d, table, meta):
    """Probabilities of the quantized model on the real-dev posts, as the Rust scorer must
    reproduce them (tests/model.rs): a check that training and the core agree on features."""
    path = os.path.join(ROOT, "model", "expected.jsonl")
    with open(path, "w") as f:
        for j, (name, bias, scale) in enumerate(meta[:2]):
            probs = unit_max(d, table[:, j].astype(np.float64) * scale, bias)
            for p, pr in zip(d.posts, probs):
                f.write(json.dumps({"id": p["id"], "head": name, "p": float(pr)}) + "\n")


def checked(path, rules_only):
    """Risk per post of the shipped checker (the built CLI), in file order."""
    cmd = [CLI, "check", "--jsonl", "--fail-on", "high", path] + (["--rules-only"] if rules_only else [])
    out = subprocess.run(cmd, capture_output=True, text=True).stdout
    return np.array([RISK[json.loads(line)["risk"]] for line in out.splitlines() if line.strip()])


def first_pass(path):
    """Record a new batch's numbers with the checker as it is now, before anything learns
    from it: the truth about what users will see. Appends to corpus/first-pass.jsonl."""
    rows = [json.loads(line) for line in open(path) if line.strip()]
    label = np.array([LABEL[r["label"]] for r in rows])
    with open(os.path.join(ROOT, "model", "insession.model"), "rb") as f:
        import hashlib
        model_id = hashlib.sha256(f.read()).hexdigest()[:12]
    rec = {
        "batch": os.path.basename(path)[:-6],
        "date": subprocess.run(["date", "-u", "+%Y-%m-%dT%H:%MZ"], capture_output=True, text=True).stdout.strip(),
        "model": model_id,
        "rules_and_model": rates(label, checked(path, False)),
        "rules_only": rates(label, checked(path, True)),
    }
    print(json.dumps(rec))
    with open(os.path.join(ROOT, "corpus", "first-pass.jsonl"), "a") as f:
        f.write(json.dumps(rec) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--eval-only", action="store_true")
    ap.add_argument("--first-pass", metavar="BATCH.jsonl", help="record a new batch's first-pass numbers and stop")
    ap.add_argument("--folds", type=int, default=0, metavar="K",
                    help="hold out K groups of whole batches instead of one batch at a time (faster; 0: leave one batch out)")
    args = ap.parse_args()
    if not os.path.exists(CLI):
        sys.exit(f"train.py: {CLI} is missing: run `cargo build --release --bin insession` first")
    if args.first_pass:
        return first_pass(args.first_pass)

    posts, batch = load_batches()
    d = Data(posts)
    print(f"{len(posts)} posts in {len(set(batch))} batches", file=sys.stderr)
    pflag, phigh = lobo(d, batch, args.folds)
    metrics_scheme = f"{args.folds} groups of whole batches" if args.folds else "leave one batch out"
    thresholds = choose_thresholds(d.label, d.rules, d.clearable, pflag, phigh)
    th = thresholds["balanced"]
    risk = combined(cleared(d.rules, d.clearable, pflag), pflag, phigh, th)
    metrics = {"held_out": metrics_scheme, "thresholds": thresholds, "lobo": {"all": rates(d.label, risk)}, "rules_only": {"all": rates(d.label, d.rules)}}
    for b in sorted(set(batch)):
        m = batch == b
        metrics["lobo"][b] = rates(d.label[m], risk[m])
        metrics["rules_only"][b] = rates(d.label[m], d.rules[m])

    # the final model: every training batch
    heads = fit_heads(d, np.ones(len(posts), bool))
    real = Data(features(os.path.join(ROOT, "corpus", "real-dev.jsonl")))
    rows = np.arange(len(real.posts))
    rf, rh = max_prob(real, heads, "flag", rows), max_prob(real, heads, "high", rows)
    metrics["real_dev"] = rates(real.label, combined(cleared(real.rules, real.clearable, rf), rf, rh, th))
    gone = d.clearable & (pflag < CLEAR_BELOW) & (d.rules == 1)
    metrics["withdrawn"] = {"ok": int((gone & (d.label == 0)).sum()), "caution": int((gone & (d.label == 1)).sum()), "high": int((gone & (d.label == 2)).sum())}
    metrics["real_dev_rules_only"] = rates(real.label, real.rules)

    print(json.dumps(metrics, indent=1))
    if args.eval_only:
        return
    order = ["flag", "high"] + CATEGORIES
    table, meta = quantize(heads, order)
    write_model(os.path.join(ROOT, "model", "insession.model"), table, meta, thresholds)
    write_expected(real, table, meta)
    with open(os.path.join(ROOT, "model", "metrics.json"), "w") as f:
        json.dump(metrics, f, indent=1, sort_keys=True)
        f.write("\n")
    import tables  # model/tables.py: the READMEs' figures from what was just written
    tables.main()


if __name__ == "__main__":
    main()
