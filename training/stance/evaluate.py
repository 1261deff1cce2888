"""Model-alone stance scores: VAST zero-shot test, Perspectrum test, dev gold evidence per debate.

Usage: python training/stance/evaluate.py [--model DIR] [--shared ../shared] [--max-len N] [--limit N]
  --model   an exported model directory (default: the shipped weights)
  --sets    comma list of vast,perspectrum,dev (default all)
Prints one JSON object per set: macro F1 over support / oppose / neither, polarity accuracy (on
gold support / oppose pairs, support vs oppose probability), the confusion matrix, and for dev the
same per debate. The dev numbers involve no tuning on dev (the temperature is fitted on held-out
training data and does not change the argmax).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parents[1]))
from data import LABELS, _perspectrum, _vast  # noqa: E402
from devset import load_dev_pairs  # noqa: E402
from metrics import macro_f1  # noqa: E402

from stancemap.stance.learned import StanceClassifier  # noqa: E402


def score(rows: list[dict], probs: np.ndarray) -> dict:
    gold = [LABELS.index(r["label"]) for r in rows]
    pred = probs.argmax(1).tolist()
    confusion = np.zeros((3, 3), dtype=int)
    for g, p in zip(gold, pred):
        confusion[g, p] += 1
    pol = [(g, 0 if probs[i, 0] >= probs[i, 1] else 1) for i, g in enumerate(gold) if g < 2]
    return {
        "n": len(rows),
        "macro_f1": round(macro_f1(gold, pred, range(3)), 4),
        "polarity_acc": round(sum(g == p for g, p in pol) / len(pol), 4) if pol else None,
        "polarity_n": len(pol),
        # always answering the more frequent gold polarity: the bar polarity accuracy has to clear
        "polarity_majority_baseline": round(max(sum(g == 0 for g, _ in pol), sum(g == 1 for g, _ in pol)) / len(pol), 4) if pol else None,
        "confusion(gold rows, pred cols: support, oppose, neither)": confusion.tolist(),
    }


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", type=Path)
    parser.add_argument("--shared", type=Path, default=HERE.parents[1] / ".." / "shared")
    parser.add_argument("--sets", default="vast,perspectrum,dev")
    parser.add_argument("--max-len", type=int, default=0, help="override the model's max length")
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args(argv)
    clf = StanceClassifier.load(args.model, threads=args.threads)
    if args.max_len:
        clf._tokenizer.enable_truncation(max_length=args.max_len, strategy="only_first")
    stance_root = args.shared / "data" / "stance"
    sets = args.sets.split(",")
    import random

    for name in sets:
        if name == "vast":
            rows = [r for r in _vast(stance_root / "vast" / "vast_test.jsonl") if r["seen"] == "0"]
        elif name == "perspectrum":
            rows = _perspectrum(stance_root / "perspectrum", "test", random.Random(13))
        elif name == "dev":
            rows = load_dev_pairs(args.shared / "dev")
        else:
            raise SystemExit(f"unknown set {name}")
        if args.limit:
            rows = rows[: args.limit]
        start = time.perf_counter()
        probs = np.array([[p.probs[label] for label in LABELS] for p in clf.predict([(r["text"], r["hypothesis"]) for r in rows])])
        seconds = time.perf_counter() - start
        result = {"set": name, "method": clf.method, **score(rows, probs), "ms_per_pair": round(1000 * seconds / max(1, len(rows)), 2)}
        if name == "vast":
            result["set"] = "vast_test_zero_shot"
        if name == "dev":
            result["per_debate"] = {}
            for debate in sorted({r["debate"] for r in rows}):
                idx = [i for i, r in enumerate(rows) if r["debate"] == debate]
                sub = score([rows[i] for i in idx], probs[idx])
                result["per_debate"][debate] = {
                    k: sub[k] for k in ("n", "macro_f1", "polarity_acc", "polarity_n", "polarity_majority_baseline")
                }
        print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
