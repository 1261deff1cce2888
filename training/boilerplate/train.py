"""Train the boilerplate line model shipped in ``stancemap/clean/weights/``.

Usage (from the repository root, with the ``train`` extra installed):
    python training/boilerplate/train.py [--shared ../shared] [--build build/boilerplate] [--limit N]

Steps:

1. Pages: the 452 article and blog pages of ``data/web-content-extraction-benchmark`` (of 1,000) and
   the 181 pages of ``data/article-extraction-benchmark`` (gzip HTML and ground-truth bodies).
2. Three texts per page, the shapes users bring: the naive visible text (``bench/bench_clippings.py``'s
   clipping, one line per block element), a ~2,000-byte excerpt of it starting a few lines above the
   article, and the text trafilatura extracts from the HTML (``favor_recall``, as the HTML reader).
3. Labels: the text's word tokens are aligned with the ground-truth body's (difflib's matching
   blocks, in order); a token counts as body only inside a matched run of at least
   ``MIN_RUN_TOKENS`` tokens, so a menu word that also occurs in the article ("Health") does not.
   A line is body when at least half its tokens are. The line that is the page's title, just above
   the body, is kept (the cleaner's headline finder needs it); lines holding one of the ground
   truth's ``without`` snippets are boilerplate, lines holding a ``with`` snippet are body.
4. Leave-host-out evaluation: GroupKFold over hosts (5 folds); out-of-fold line scores give the
   decision threshold (best line F1 of the boilerplate class on the whole-page texts and excerpts
   together), and the fold models are written to ``BUILD/cv/`` with the page -> fold map, so that
   ``bench/bench_clippings.py --cv BUILD/cv`` scores every page with a model that never saw its host.
5. The final model on all pages, written to ``stancemap/clean/weights/``.

Labels and features are cached in ``BUILD/rows.pkl`` (delete it after changing them).
"""

from __future__ import annotations

import argparse
import difflib
import gzip
import json
import math
import pickle
import random
import re
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

from bench_clippings import decode, naive_clipping  # noqa: E402

from stancemap.clean import rule_verdicts  # noqa: E402
from stancemap.clean.boilerplate import META_FILE, MODEL_FILE, STAGE2_FILE  # noqa: E402
from stancemap.clean.features import (  # noqa: E402
    CATEGORICAL_FEATURES,
    FEATURE_NAMES,
    STAGE2_FEATURE_NAMES,
    line_features,
    score_features,
)
from stancemap.clean.lines import Line, split_lines  # noqa: E402
from stancemap.clean.metadata import same_title  # noqa: E402

WEIGHTS = ROOT / "stancemap" / "clean" / "weights"
TOKEN = re.compile(r"\w+")
# A token counts as body only inside an aligned run of this many tokens (1-2 token runs are chance
# matches of menu words); pages whose whole body is shorter use runs of 1.
MIN_RUN_TOKENS = 3
BODY_TOKEN_SHARE = 0.5
# Excerpts: the first EXCERPT_BYTES bytes of the text from a start up to EXCERPT_MAX_LEAD lines above
# the first body line (dev excerpts are a stored copy's first ~2,000 bytes).
EXCERPT_BYTES = 2000
EXCERPT_MAX_LEAD = 12
# Page types of the 1,000-page set trained on: the news-shaped ones (forums, shops, listings and
# documentation pages have other notions of "main content").
PAGE_TYPES = ("article", "blog")
FOLDS = 5
SEED = 13
PARAMS = {
    "objective": "binary",
    "learning_rate": 0.05,
    "num_leaves": 31,
    "min_data_in_leaf": 40,
    "feature_fraction": 0.8,
    "bagging_fraction": 0.8,
    "bagging_freq": 1,
    "lambda_l2": 1.0,
    "verbose": -1,
    "num_threads": 1,
    "seed": SEED,
}
ROUNDS = 300


def load_pages(shared: Path, limit: int) -> list[dict]:
    """Every news-shaped page: id, host, html path, body, title, with/without snippets."""
    pages = []
    wceb = shared / "data" / "web-content-extraction-benchmark"
    for path in sorted((wceb / "ground-truth").glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        gt = doc["ground_truth"]
        if doc.get("_internal", {}).get("page_type", {}).get("primary") not in PAGE_TYPES:
            continue
        pages.append({
            "id": f"wceb-{path.stem}", "host": host_of(doc["url"]), "html": wceb / "html" / f"{path.stem}.html.gz",
            "body": gt.get("main_content") or "", "title": gt.get("title") or "",
            "with": gt.get("with") or [], "without": gt.get("without") or [],
        })
    aeb = shared / "data" / "article-extraction-benchmark"
    truth = json.loads((aeb / "ground-truth.json").read_text(encoding="utf-8"))
    for page_id, doc in sorted(truth.items()):
        pages.append({
            "id": f"aeb-{page_id}", "host": host_of(doc.get("url", page_id)), "html": aeb / "html" / f"{page_id}.html.gz",
            "body": doc["articleBody"], "title": page_title(aeb / "html" / f"{page_id}.html.gz"),
            "with": [], "without": [],
        })
    if limit:
        random.Random(SEED).shuffle(pages)
        pages = pages[:limit]
    return pages


def page_title(path: Path) -> str:
    """The page's first <h1>, else its og:title (the news benchmark's ground truth has no title)."""
    import lxml.html

    root = lxml.html.fromstring(decode(gzip.decompress(path.read_bytes())))
    for h1 in root.iter("h1"):
        text = " ".join(h1.text_content().split())
        if text:
            return text
    for meta in root.iter("meta"):
        if meta.get("property") == "og:title" and meta.get("content"):
            return " ".join(meta.get("content").split())
    return ""


def host_of(url: str) -> str:
    host = urlsplit(url).netloc.lower()
    return host.removeprefix("www.") or url


def label_lines(lines, body: str, title: str, with_snippets, without_snippets) -> list[int]:
    """1 for body lines, 0 for boilerplate, by aligning the text's tokens with the body's."""
    truth = [t.lower() for t in TOKEN.findall(body)]
    tokens: list[str] = []
    owner: list[int] = []
    for line in lines:
        for token in TOKEN.findall(line.text):
            tokens.append(token.lower())
            owner.append(line.index)
    matched = [False] * len(tokens)
    min_run = MIN_RUN_TOKENS if len(truth) >= 2 * MIN_RUN_TOKENS else 1
    if truth and tokens:
        matcher = difflib.SequenceMatcher(None, tokens, truth, autojunk=False)
        for block in matcher.get_matching_blocks():
            if block.size >= min_run:
                for k in range(block.a, block.a + block.size):
                    matched[k] = True
    hits = [0] * len(lines)
    totals = [0] * len(lines)
    for k, i in enumerate(owner):
        totals[i] += 1
        hits[i] += matched[k]
    labels = [int(totals[i] > 0 and hits[i] >= BODY_TOKEN_SHARE * totals[i]) for i in range(len(lines))]
    norm_with = [_norm(s) for s in with_snippets if len(_norm(s)) >= 20]
    norm_without = [_norm(s) for s in without_snippets if len(_norm(s)) >= 8]
    for line in lines:
        text = _norm(line.text)
        if any(s in text for s in norm_without) and not any(s in text for s in norm_with):
            labels[line.index] = 0
        elif any(s in text for s in norm_with):
            labels[line.index] = 1
    mark_title(lines, labels, title)
    return labels


def mark_title(lines, labels: list[int], title: str) -> None:
    """The line that is the page's title, up to 15 lines above the body, is kept: the cleaner's
    headline finder reads it (the ground-truth bodies leave the title out)."""
    if 1 not in labels or not title:
        return
    first = labels.index(1)
    for line in reversed(lines[max(0, first - 15) : first]):
        if same_title(line.text, title):
            labels[line.index] = 1
            return


def _norm(text: str) -> str:
    return " ".join(TOKEN.findall(text.lower()))


def excerpt_of(text: str, lines, labels, rng: random.Random) -> str | None:
    if 1 not in labels:
        return None
    first = labels.index(1)
    start_line = max(0, first - rng.randint(0, EXCERPT_MAX_LEAD))
    start = lines[start_line].raw_start
    data = text[start:].encode("utf-8")[:EXCERPT_BYTES]
    return data.decode("utf-8", errors="ignore")


def trafilatura_text(html: bytes) -> str:
    import trafilatura

    from stancemap.ingest.html import _to_lines

    doc = trafilatura.bare_extraction(decode(html), favor_recall=True, include_comments=False,
                                      include_tables=True, with_metadata=False)
    return _to_lines(getattr(doc, "text", None) or "") if doc is not None else ""


def sample_rows(text: str, page: dict, shape: str, extracted: bool):
    lines = split_lines(text)
    if not lines:
        return None
    labels = label_lines(lines, page["body"], page["title"], page["with"], page["without"])
    line_rules, page_rules, context_rules, _ = rule_verdicts(lines, extracted=extracted)
    rows = line_features(lines, line_rules=line_rules, page_rules=page_rules, context_rules=context_rules,
                         extracted=extracted)
    return {"page": page["id"], "host": page["host"], "shape": shape, "rows": rows, "labels": labels,
            "title": page["title"],
            "texts": [line.text for line in lines]}


def build_samples(pages: list[dict]) -> list[dict]:
    rng = random.Random(SEED)
    samples = []
    started = time.perf_counter()
    for n, page in enumerate(pages, 1):
        html = gzip.decompress(page["html"].read_bytes())
        try:
            clipping = naive_clipping(html)
        except Exception as err:  # noqa: BLE001 - a page lxml cannot read is skipped, and said
            print(f"skip {page['id']}: {err}", file=sys.stderr)
            continue
        whole = sample_rows(clipping, page, "page", extracted=False)
        if whole is None:
            continue
        samples.append(whole)
        lines = split_lines(clipping)
        excerpt = excerpt_of(clipping, lines, whole["labels"], rng)
        if excerpt and (sample := sample_rows(excerpt, page, "excerpt", extracted=False)):
            samples.append(sample)
        try:
            extracted = trafilatura_text(html)
        except Exception:  # noqa: BLE001
            extracted = ""
        if extracted and (sample := sample_rows(extracted, page, "extracted", extracted=True)):
            samples.append(sample)
        if n % 100 == 0:
            print(f"  {n} pages, {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return samples


def host_folds(samples: list[dict]) -> dict[str, int]:
    """Hosts to folds: GroupKFold by host (every page of a host in one fold)."""
    from sklearn.model_selection import GroupKFold

    hosts = sorted({s["host"] for s in samples})
    pages_by_host: dict[str, int] = {}
    for s in samples:
        pages_by_host[s["host"]] = pages_by_host.get(s["host"], 0) + 1
    fold_of = {}
    splitter = GroupKFold(n_splits=FOLDS)
    import numpy as np

    weights = np.array([pages_by_host[h] for h in hosts])
    for fold, (_, test) in enumerate(splitter.split(weights, groups=hosts)):
        for k in test:
            fold_of[hosts[k]] = fold
    return fold_of


def matrix(samples, key: str):
    import numpy as np

    x = np.asarray([row for s in samples for row in s[key]], dtype=np.float64)
    y = np.asarray([label for s in samples for label in s["labels"]], dtype=np.int32)
    # Each line weighs by the square root of its word count: the body score counts words, the
    # noise-line score counts lines.
    w = np.asarray([math.sqrt(1 + len(TOKEN.findall(t))) for s in samples for t in s["texts"]])
    return x, 1 - y, w  # the model predicts boilerplate (1) vs body (0)


def train(samples, key: str = "rows"):
    import lightgbm

    x, y, w = matrix(samples, key)
    names = FEATURE_NAMES if key == "rows" else STAGE2_FEATURE_NAMES
    data = lightgbm.Dataset(x, y, weight=w, feature_name=list(names), categorical_feature=list(CATEGORICAL_FEATURES),
                            free_raw_data=False)
    return lightgbm.train(PARAMS, data, num_boost_round=ROUNDS)


def add_stage2_rows(sample: dict, scores: list[float]) -> None:
    lines = [Line(index=i, text=t, raw_start=0, blank_before=False) for i, t in enumerate(sample["texts"])]
    sample["rows2"] = score_features(lines, sample["rows"], scores)


def predict(booster, rows) -> list[float]:
    import numpy as np

    return [float(p) for p in booster.predict(np.asarray(rows, dtype=np.float64))]


def best_threshold(scores, labels) -> tuple[float, float]:
    """The threshold with the best boilerplate-class F1 over the given lines."""
    best = (0.5, 0.0)
    for t in [i / 100 for i in range(20, 81)]:
        tp = sum(1 for s, y in zip(scores, labels) if s >= t and y)
        fp = sum(1 for s, y in zip(scores, labels) if s >= t and not y)
        fn = sum(1 for s, y in zip(scores, labels) if s < t and y)
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        if f1 > best[1]:
            best = (t, f1)
    return best


def line_prf(scores, labels, t):
    tp = sum(1 for s, y in zip(scores, labels) if s >= t and y)
    fp = sum(1 for s, y in zip(scores, labels) if s >= t and not y)
    fn = sum(1 for s, y in zip(scores, labels) if s < t and y)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--build", type=Path, default=ROOT / "build" / "boilerplate")
    parser.add_argument("--limit", type=int, default=0, help="at most N pages (0: all), for quick trials")
    args = parser.parse_args(argv)
    args.build.mkdir(parents=True, exist_ok=True)
    cache = args.build / "rows.pkl"
    if cache.exists():
        samples = pickle.loads(cache.read_bytes())
        if any("title" not in sample for sample in samples):  # a cache from before titles were kept
            titles = {page["id"]: page["title"] for page in load_pages(args.shared, 0)}
            for sample in samples:
                sample["title"] = titles[sample["page"]]
                lines = [Line(index=i, text=t, raw_start=0, blank_before=False) for i, t in enumerate(sample["texts"])]
                mark_title(lines, sample["labels"], sample["title"])
            cache.write_bytes(pickle.dumps(samples))
    else:
        pages = load_pages(args.shared, args.limit)
        print(f"{len(pages)} pages from {len({p['host'] for p in pages})} hosts", file=sys.stderr)
        samples = build_samples(pages)
        cache.write_bytes(pickle.dumps(samples))
    print(f"{len(samples)} texts, {sum(len(s['rows']) for s in samples)} lines", file=sys.stderr)

    fold_of = host_folds(samples)
    cv = args.build / "cv"
    cv.mkdir(exist_ok=True)
    # Stage 1, leave-host-out: every text's scores come from a model that never saw its host. They
    # are the second stage's inputs in training (as noisy as on unseen pages).
    oof1: dict[int, list[float]] = {}
    for fold in range(FOLDS):
        booster = train([s for s in samples if fold_of[s["host"]] != fold])
        booster.save_model(str(cv / f"fold{fold}.txt"))
        for k, s in enumerate(samples):
            if fold_of[s["host"]] == fold:
                oof1[k] = predict(booster, s["rows"])
        print(f"  stage 1, fold {fold} done", file=sys.stderr)
    for k, s in enumerate(samples):
        add_stage2_rows(s, oof1[k])
    oof2: dict[int, list[float]] = {}
    for fold in range(FOLDS):
        booster = train([s for s in samples if fold_of[s["host"]] != fold], key="rows2")
        booster.save_model(str(cv / f"fold{fold}-stage2.txt"))
        for k, s in enumerate(samples):
            if fold_of[s["host"]] == fold:
                oof2[k] = predict(booster, s["rows2"])
        print(f"  stage 2, fold {fold} done", file=sys.stderr)
    pages_fold = {s["page"]: fold_of[s["host"]] for s in samples}
    (cv / "folds.json").write_text(json.dumps(pages_fold, indent=0, sort_keys=True), encoding="utf-8")
    hosts_per_fold = [sum(1 for h in set(fold_of) if fold_of[h] == f) for f in range(FOLDS)]
    print(f"leave-host-out split: {FOLDS} folds of {hosts_per_fold} hosts")
    report = {}
    for shape in ("page", "excerpt", "extracted"):
        ks = [k for k, s in enumerate(samples) if s["shape"] == shape]
        labels = [1 - y for k in ks for y in samples[k]["labels"]]
        report[shape] = ([p for k in ks for p in oof1[k]], [p for k in ks for p in oof2[k]], labels)
    tune_scores = report["page"][1] + report["excerpt"][1]
    tune_labels = report["page"][2] + report["excerpt"][2]
    threshold, f1 = best_threshold(tune_scores, tune_labels)
    print(f"leave-host-out threshold {threshold:.2f} (boilerplate-line F1 {f1:.3f} on pages + excerpts)")
    for shape, (scores1, scores2, labels) in report.items():
        p1, r1 = line_prf(scores1, labels, 0.5)
        p, r = line_prf(scores2, labels, threshold)
        print(f"  {shape:9s} lines={len(labels)} boilerplate={sum(labels)}  stage 1 (0.5) P={p1:.3f} R={r1:.3f}"
              f"  stage 2 P={p:.3f} R={r:.3f}")
    (cv / "threshold.json").write_text(json.dumps({"threshold": threshold}), encoding="utf-8")

    booster = train(samples)
    booster2 = train(samples, key="rows2")
    WEIGHTS.mkdir(parents=True, exist_ok=True)
    (WEIGHTS / MODEL_FILE).write_bytes(gzip.compress(booster.model_to_string().encode("utf-8"), mtime=0))
    (WEIGHTS / STAGE2_FILE).write_bytes(gzip.compress(booster2.model_to_string().encode("utf-8"), mtime=0))
    meta = {
        "feature_names": list(STAGE2_FEATURE_NAMES),
        "threshold": threshold,
        "params": PARAMS,
        "rounds": ROUNDS,
        "texts": len(samples),
        "lines": sum(len(s["rows"]) for s in samples),
        "hosts": len({s["host"] for s in samples}),
    }
    (WEIGHTS / META_FILE).write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {WEIGHTS / MODEL_FILE} ({(WEIGHTS / MODEL_FILE).stat().st_size // 1024} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
