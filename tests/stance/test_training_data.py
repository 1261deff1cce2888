"""The stance training data's "contrast" augmentation (training/stance/data.py) on invented pairs."""

from __future__ import annotations

import importlib.util
import random
from pathlib import Path

_PATH = Path(__file__).resolve().parents[2] / "training" / "stance" / "data.py"
_SPEC = importlib.util.spec_from_file_location("stance_training_data", _PATH)
data = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(data)

ROWS = [
    {"text": "Bans only push the trade underground.", "hypothesis": "We should ban fireworks",
     "label": "oppose", "group": "p1", "seen": "0", "source": "perspectrum"},
    {"text": "Fireworks injure thousands every year.", "hypothesis": "We should ban fireworks",
     "label": "support", "group": "p1", "seen": "0", "source": "perspectrum"},
    {"text": "Trains are late.", "hypothesis": "We should ban fireworks",
     "label": "neither", "group": "p1", "seen": "0", "source": "perspectrum-neg"},
    {"text": "A long comment.", "hypothesis": "gun control", "label": "support", "group": "1",
     "seen": "1", "source": "vast"},
]


def test_negated_claims_swap_support_and_oppose_and_keep_neither():
    out = data._contrast(ROWS * 20, random.Random(1))
    negated = [r for r in out if r["source"].endswith("-negated")]
    assert negated, "some claims are negated"
    flip = {"support": "oppose", "oppose": "support", "neither": "neither"}
    for row in negated:
        assert row["hypothesis"] == "It is not true that we should ban fireworks"
        original = next(r for r in ROWS if r["text"] == row["text"])
        assert row["label"] == flip[original["label"]]


def test_reported_copies_keep_the_label_and_put_the_text_in_a_speakers_mouth():
    out = data._contrast(ROWS * 20, random.Random(1))
    reported = [r for r in out if r["source"].endswith("-reported")]
    assert reported
    for row in reported:
        original = next(r for r in ROWS if r["text"].rstrip(".").lower() in row["text"].lower())
        assert row["label"] == original["label"]
        assert row["hypothesis"] == original["hypothesis"]
        assert any(verb in row["text"] for verb in data.REPORT_VERBS)


def test_vast_pairs_are_not_augmented():
    out = data._contrast(ROWS * 20, random.Random(1))
    assert all(not r["source"].startswith("vast") for r in out)
