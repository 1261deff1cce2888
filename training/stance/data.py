"""Build the stance training, held-out and test pairs from the public data in ../shared.

Every pair is (text, hypothesis, label) in NLI framing: the text is the premise, the hypothesis the
target (a VAST topic phrase or a Perspectrum claim, which is sentence-shaped like a codebook
proposition), the label one of support / oppose / neither.

Splits
- train: VAST train minus the held-out comments, Perspectrum's train claims, and "neither" negatives
  (a text against another comment's topic or another claim, drawn with a fixed seed).
- heldout: 10% of VAST train comments (by ``ori_id``) and Perspectrum's dev claims, with negatives
  built the same way: model selection and temperature calibration only.
- vast_test: VAST test as published (``seen`` flag kept: the zero-shot score uses seen == 0).
- persp_test: Perspectrum's test claims (support / oppose) with negatives.

Usage: python training/stance/data.py ../shared/data/stance OUT_DIR [--recipe random|hard|contrast|vast]
"""

from __future__ import annotations

import gzip
import json
import random
import sys
from pathlib import Path

LABELS = ("support", "oppose", "neither")
VAST_LABELS = {"1": "support", "0": "oppose", "2": "neither"}
PERSP_LABELS = {"SUPPORT": "support", "UNDERMINE": "oppose"}
# Share of VAST train comments held out for model selection (VAST ships no dev split).
HELDOUT_SHARE = 0.10
# "neither" negatives, one per comment (VAST) and per perspective (Perspectrum): the text against a
# topic or claim it was not written about, drawn at random. One each roughly matches VAST's own neutral
# share (19%). This is the recipe of the shipped weights.
NEGATIVES_PER_TEXT = 1
# The "hard" recipe (--recipe hard), tried and not shipped: no VAST negatives (its neutral pairs
# already set a comment against a related topic it takes no side on) and Perspectrum negatives drawn
# among the HARD_POOL other claims sharing most words with the perspective. It scored lower on VAST
# zero-shot test (0.369 vs 0.387 macro F1) and no better on dev polarity (0.549 vs 0.575, 153 pairs):
# see docs/stance-model.md.
HARD_POOL = 5
# The "contrast" recipe (--recipe contrast): the random recipe plus two augmentations of the
# Perspectrum training pairs, aimed at news text (docs/stance-model.md gives the measured effect).
# 1. Negated hypotheses: a share of the claims rewritten "It is not true that <claim>" with support
#    and oppose swapped ("neither" stays), so the answer has to depend on the hypothesis, not on the
#    text's tone alone.
# 2. Reported statements: a share of the perspectives put in a generic speaker's mouth, as news
#    reports positions ("<speaker> said that <text>", '"<text>," <speaker> said'), label unchanged.
#    The speakers are generic role nouns, never names.
# The "vast" recipe (--recipe vast): VAST alone, its own neutral pairs as "neither", no drawn
# negatives and no Perspectrum; the reference for what this model size reaches on VAST itself.
NEGATED_SHARE = 0.5
REPORTED_SHARE = 0.5
REPORT_SPEAKERS = (
    "The group", "A spokesperson", "The minister", "Critics", "Supporters", "The senator", "The company",
    "Campaigners", "An official", "The union", "The report", "Opponents", "The chief executive", "Lawmakers",
)
REPORT_VERBS = ("said", "argued", "told reporters", "insisted", "wrote", "said in a statement", "maintained")
_STOP = frozenset(
    "a an the of to in on for and or but is are was were be been it its this that these those with as by at "
    "from not no should would can could will we they he she you i our their his her".split()
)
SEED = 13


def _vast(path: Path) -> list[dict]:
    rows = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            rows.append(
                {
                    "text": row["post"],
                    "hypothesis": row["new_topic"],
                    "label": VAST_LABELS[row["label"]],
                    "group": row["ori_id"],
                    "seen": row.get("seen?", "1"),
                    "source": "vast",
                }
            )
    return rows


def _vast_negatives(rows: list[dict], rng: random.Random, per_text: int = NEGATIVES_PER_TEXT) -> list[dict]:
    """Each comment against a topic drawn from a different comment: neither."""
    by_group: dict[str, dict] = {}
    for row in rows:
        by_group.setdefault(row["group"], row)
    topics = sorted({row["hypothesis"] for row in rows})
    own = {}
    for row in rows:
        own.setdefault(row["group"], set()).add(row["hypothesis"].lower())
    out = []
    for group, row in sorted(by_group.items()):
        for _ in range(per_text):
            topic = rng.choice(topics)
            while topic.lower() in own[group]:
                topic = rng.choice(topics)
            out.append(dict(row, hypothesis=topic, label="neither", source="vast-neg"))
    return out


def _perspectrum(root: Path, split: str, rng: random.Random, hard: bool = False) -> list[dict]:
    splits = json.loads((root / "dataset_split_v1.0.json").read_text(encoding="utf-8"))
    claims = json.loads((root / "perspectrum_with_answers_v1.0.json").read_text(encoding="utf-8"))
    pool = {p["pId"]: p["text"] for p in json.loads((root / "perspective_pool_v1.0.json").read_text(encoding="utf-8"))}
    chosen = [c for c in claims if splits.get(str(c["cId"])) == split]
    rows = []
    for claim in chosen:
        for cluster in claim["perspectives"]:
            label = PERSP_LABELS.get(cluster["stance_label_3"])
            if label is None:
                continue
            for pid in cluster["pids"]:
                if pid in pool:
                    rows.append(
                        {
                            "text": pool[pid],
                            "hypothesis": claim["text"],
                            "label": label,
                            "group": f"p{claim['cId']}",
                            "seen": "0",
                            "source": "perspectrum",
                        }
                    )
    claim_texts = [c["text"] for c in chosen]
    claim_words = [_words(c) for c in claim_texts]
    negatives = []
    for row in rows:
        if hard:
            words = _words(row["text"])
            ranked = sorted(
                (i for i, c in enumerate(claim_texts) if c != row["hypothesis"]),
                key=lambda i: (-len(words & claim_words[i]), i),
            )
            others = [claim_texts[i] for i in rng.sample(ranked[:HARD_POOL], NEGATIVES_PER_TEXT)]
        else:
            others = []
            for _ in range(NEGATIVES_PER_TEXT):
                other = rng.choice(claim_texts)
                while other == row["hypothesis"]:
                    other = rng.choice(claim_texts)
                others.append(other)
        for other in others:
            negatives.append(dict(row, hypothesis=other, label="neither", source="perspectrum-neg"))
    return rows + negatives


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[1:2].islower() or text[1:2] == " " else text


def _contrast(rows: list[dict], rng: random.Random) -> list[dict]:
    """Negated-hypothesis and reported-statement copies of Perspectrum pairs (the contrast recipe)."""
    flip = {"support": "oppose", "oppose": "support", "neither": "neither"}
    out = []
    for row in rows:
        if not row["source"].startswith("perspectrum"):
            continue
        if rng.random() < NEGATED_SHARE:
            claim = row["hypothesis"].strip()
            out.append(dict(row, hypothesis=f"It is not true that {_lower_first(claim)}", label=flip[row["label"]],
                            source=row["source"] + "-negated"))
        if rng.random() < REPORTED_SHARE:
            text = row["text"].strip().rstrip(".")
            speaker, verb = rng.choice(REPORT_SPEAKERS), rng.choice(REPORT_VERBS)
            framed = (f"{speaker} {verb} that {_lower_first(text)}." if rng.random() < 0.5
                      else f'"{text}," {_lower_first(speaker)} {verb}.')
            out.append(dict(row, text=framed, source=row["source"] + "-reported"))
    return out


def _words(text: str) -> set[str]:
    return {w for w in "".join(c.lower() if c.isalnum() else " " for c in text).split() if w not in _STOP}


def build(data_root: Path, recipe: str = "random") -> dict[str, list[dict]]:
    """The four splits; ``recipe`` "random" (shipped), "hard", "contrast" or "vast" (see the constants)."""
    hard = recipe == "hard"
    vast_neg = 0 if hard else NEGATIVES_PER_TEXT
    rng = random.Random(SEED)
    vast_train = _vast(data_root / "vast" / "vast_train.jsonl")
    groups = sorted({row["group"] for row in vast_train})
    rng.shuffle(groups)
    held = set(groups[: int(len(groups) * HELDOUT_SHARE)])
    v_train = [r for r in vast_train if r["group"] not in held]
    v_held = [r for r in vast_train if r["group"] in held]
    persp = data_root / "perspectrum"
    splits = {
        "train": v_train + _vast_negatives(v_train, rng, vast_neg) + _perspectrum(persp, "train", rng, hard),
        "heldout": v_held + _vast_negatives(v_held, rng, vast_neg) + _perspectrum(persp, "dev", rng, hard),
        "vast_test": _vast(data_root / "vast" / "vast_test.jsonl"),
        "persp_test": _perspectrum(persp, "test", rng, hard),
    }
    if recipe == "vast":
        splits["train"] = list(v_train)
        splits["heldout"] = list(v_held)
    if recipe == "contrast":  # the training split only: held-out and tests stay as published
        splits["train"] += _contrast(splits["train"], rng)
    rng.shuffle(splits["train"])
    return splits


def write(splits: dict[str, list[dict]], out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, rows in splits.items():
        with gzip.open(out_dir / f"{name}.jsonl.gz", "wt", encoding="utf-8") as handle:
            for row in rows:
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")


def read(path: Path) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def main(argv: list[str]) -> None:
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("data_root", type=Path)
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--recipe", choices=("random", "hard", "contrast", "vast"), default="random")
    args = parser.parse_args(argv)
    data_root, out_dir = args.data_root, args.out_dir
    splits = build(data_root, args.recipe)
    write(splits, out_dir)
    for name, rows in splits.items():
        counts = {label: sum(r["label"] == label for r in rows) for label in LABELS}
        print(name, len(rows), counts)


if __name__ == "__main__":
    main(sys.argv[1:])
