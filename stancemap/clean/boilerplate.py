"""The learned boilerplate line model: which lines of a text are the article, which are furniture.

A gradient-boosted tree model (LightGBM) scores every line from the shape features of
:mod:`stancemap.clean.features`, which include the hand-written rules' verdicts. It was trained on
the naive visible text of 1,181 real web pages (1,000 pages from 821 hosts and 181 news pages),
on ~2,000-byte excerpts cut from them, and on what trafilatura extracts from their HTML, with each
line labelled by aligning it with the pages' ground-truth bodies (``training/boilerplate/train.py``
reproduces the shipped file; ``docs/cleaning-model.md`` is the model card).

A line the model removes keeps the rules' reason when a rule also flagged it, else gets a reason
class read from its shape (:func:`shape_reason`).
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from stancemap.clean.features import STAGE2_FEATURE_NAMES, line_features, score_features
from stancemap.clean.lines import Line, ends_sentence, upper_share

WEIGHTS_PACKAGE = "stancemap.clean.weights"
MODEL_FILE = "boilerplate.txt.gz"
STAGE2_FILE = "boilerplate-stage2.txt.gz"
META_FILE = "boilerplate.json"

# Shape reasons for lines only the model removed.
NAV_MAX_WORDS = 4  # a short unpunctuated line among others: a menu item
TAG_LIST_MIN_ITEMS = 3  # "Trump, Greenland, Denmark, Arctic": capitalised items split by commas or bars
HEADLINE_MIN_WORDS = 5  # a headline-long line with no sentence end: another story's link
HEADLINE_MAX_WORDS = 25
_CREDIT = re.compile(r"(?:photo|image|picture|credit|getty|reuters|afp|ap photo|shutterstock|courtesy)\b[^.]*$", re.I)
_BYLINE = re.compile(r"^(?:by|written by|words by|reporting by)\s", re.I)
_LEGAL = re.compile(r"©|\ball rights reserved\b|\bprivacy\b|\bterms\b|\bcookies?\b", re.I)
_PROMO = re.compile(r"\b(?:subscribe|newsletter|sign up|log ?in|sign in|download|app|premium|offer|"
                    r"register|free trial|support us|donate)\b", re.I)
_WIDGET = re.compile(r"\b(?:share|comments?|print|email|follow|listen|watch|min read|views?|likes?)\b", re.I)
# The reasons shape_reason gives.
SHAPE_REASONS = frozenset(
    {"legal", "caption-credit", "byline", "promo", "widget", "tag-list", "navigation", "related-link", "boilerplate"}
)
_ITEM_SPLIT = re.compile(r"\s*(?:,|\||•|·)\s*")


@dataclass(frozen=True, slots=True)
class LineModel:
    """The loaded model: two LightGBM boosters (line features; the same plus the first one's
    scores in context) and the decision threshold on the second one's score."""

    booster: object
    stage2: object
    threshold: float

    def noise_scores(
        self,
        lines: list[Line],
        *,
        line_rules: Mapping[int, str],
        page_rules: Mapping[int, str],
        context_rules: Mapping[int, str],
        extracted: bool,
    ) -> list[float]:
        """The probability that each line is boilerplate."""
        if not lines:
            return []
        import numpy as np

        rows = line_features(
            lines, line_rules=line_rules, page_rules=page_rules, context_rules=context_rules, extracted=extracted
        )
        first = [float(p) for p in self.booster.predict(np.asarray(rows, dtype=np.float64), num_threads=1)]
        rows2 = score_features(lines, rows, first)
        return [float(p) for p in self.stage2.predict(np.asarray(rows2, dtype=np.float64), num_threads=1)]


def load_model_from(model_path: Path, stage2_path: Path, meta_path: Path) -> LineModel:
    import lightgbm

    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    if tuple(meta["feature_names"]) != STAGE2_FEATURE_NAMES:
        raise ValueError(f"{meta_path}: the model was trained on other features than this version computes")
    boosters = [
        lightgbm.Booster(model_str=gzip.decompress(path.read_bytes()).decode("utf-8"))
        for path in (model_path, stage2_path)
    ]
    return LineModel(booster=boosters[0], stage2=boosters[1], threshold=float(meta["threshold"]))


def load_fold_model(model_path: Path, stage2_path: Path, threshold: float) -> LineModel:
    """Model files as LightGBM saves them (the training script's leave-host-out folds)."""
    import lightgbm

    return LineModel(
        booster=lightgbm.Booster(model_file=str(model_path)),
        stage2=lightgbm.Booster(model_file=str(stage2_path)),
        threshold=threshold,
    )


@lru_cache(maxsize=1)
def load_model() -> LineModel:
    """The shipped model (loaded once per process)."""
    weights = resources.files(WEIGHTS_PACKAGE)
    with (
        resources.as_file(weights / MODEL_FILE) as model_path,
        resources.as_file(weights / STAGE2_FILE) as stage2_path,
        resources.as_file(weights / META_FILE) as meta_path,
    ):
        return load_model_from(Path(model_path), Path(stage2_path), Path(meta_path))


def shape_reason(lines: list[Line], i: int) -> str:
    """A reason class for a line the model removed and no rule named, read from its shape."""
    text = lines[i].text
    words = lines[i].words
    if _LEGAL.search(text) and words <= 40:
        return "legal"
    if _CREDIT.search(text) and words <= 40:
        return "caption-credit"
    if _BYLINE.match(text) and words <= 12:
        return "byline"
    if words <= 30 and _PROMO.search(text):
        return "promo"
    if words <= 8 and _WIDGET.search(text):
        return "widget"
    items = [item for item in _ITEM_SPLIT.split(text) if item]
    if len(items) >= TAG_LIST_MIN_ITEMS and all(item[:1].isupper() and len(item.split()) <= 4 for item in items):
        return "tag-list"
    if words <= NAV_MAX_WORDS and not ends_sentence(text):
        return "navigation"
    if HEADLINE_MIN_WORDS <= words <= HEADLINE_MAX_WORDS and not ends_sentence(text) and upper_share(text) < 0.9:
        return "related-link"
    return "boilerplate"
